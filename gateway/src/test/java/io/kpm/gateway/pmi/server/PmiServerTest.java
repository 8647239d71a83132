package io.kpm.gateway.pmi.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.kpm.broker.KafkaTestResource;
import io.kpm.broker.TopicReader;
import io.kpm.gateway.TestEvents;
import io.kpm.gateway.pmi.group.ProcessGroups;
import io.kpm.schemas.Topics;
import io.kpm.schemas.events.AbortRequested;
import io.kpm.schemas.events.JobAccepted;
import io.kpm.schemas.events.JobPlaced;
import io.kpm.schemas.events.PmiExchange;
import io.kpm.schemas.events.ProcExited;
import io.kpm.schemas.events.SpawnCompleted;
import io.kpm.schemas.events.SpawnRequested;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The PMI server over real TCP sockets, fed by the real broker: the test publishes each group's JobAccepted
 * and JobPlaced as the scheduler would, then speaks PMI as MPICH 4.0.2 (PMI-1) and libpmi2 (PMI-2) do.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class PmiServerTest {

    @Inject
    PmiServer server;

    @Inject
    ProcessGroups groups;

    record Group(long pgid, String kvsname, int[] pmiIds) {
    }

    static int randomPmiId() {
        return PmiGroupsFixture.randomPmiId();
    }

    private PmiGroupsFixture fixture() {
        return new PmiGroupsFixture(server, groups);
    }

    /** Publishes a group of {@code size} ranks on node-0 and waits until the gateway knows its ranks. */
    Group group(int size, Long spawnerPgid, Map<String, String> preput) {
        return fixture().group(size, spawnerPgid, preput);
    }

    Group group(long pgid, int size, Long spawnerPgid, Map<String, String> preput, String requestId) {
        return fixture().group(pgid, size, spawnerPgid, preput, requestId);
    }

    PmiTestClient connect() throws Exception {
        return fixture().connect();
    }

    /** MPI_Init's first exchanges (PMI-WIRE.md 1.2) up to the mapping. */
    void mpichInit(PmiTestClient c, Group g, int rank) throws Exception {
        PmiGroupsFixture.mpichInit(c, g, rank);
    }

    /** Both ranks enter; neither is answered before the second arrived. */
    static void barrier(PmiTestClient first, PmiTestClient second) throws Exception {
        first.line("cmd=barrier_in");
        assertTrue(first.silentFor(200), "barrier answered with one of two ranks in it");
        second.line("cmd=barrier_in");
        assertEquals("cmd=barrier_out", second.readLine());
        assertEquals("cmd=barrier_out", first.readLine());
    }

    @Test
    void twoPmi1RanksRunMpichsInitAndFinalize() throws Exception {
        Group g = group(2, null, Map.of());
        try (PmiTestClient r0 = connect(); PmiTestClient r1 = connect()) {
            mpichInit(r0, g, 0);
            mpichInit(r1, g, 1);
            barrier(r0, r1);
            String ucx = "AB12".repeat(107) + "CD";
            assertEquals("cmd=put_result rc=0 msg=success", r0.ask("cmd=put kvsname=" + g.kvsname() + " key=-bcast-1-0 value=" + ucx));
            barrier(r1, r0);
            assertEquals("cmd=get_result rc=0 msg=success value=" + ucx, r1.ask("cmd=get kvsname=" + g.kvsname() + " key=-bcast-1-0"));
            assertEquals("cmd=put_result rc=0 msg=success", r0.ask("cmd=put kvsname=" + g.kvsname() + " key=-allgather-shm-1-0 value=00"));
            assertEquals("cmd=put_result rc=0 msg=success", r1.ask("cmd=put kvsname=" + g.kvsname() + " key=-allgather-shm-1-1 value=11"));
            barrier(r0, r1);
            assertEquals("cmd=get_result rc=0 msg=success value=11", r0.ask("cmd=get kvsname=" + g.kvsname() + " key=-allgather-shm-1-1"));
            assertEquals("cmd=get_result rc=0 msg=success value=00", r1.ask("cmd=get kvsname=" + g.kvsname() + " key=-allgather-shm-1-0"));
            assertEquals("cmd=get_result rc=-1 msg=key_nokey_not_found value=unknown", r1.ask("cmd=get kvsname=" + g.kvsname() + " key=nokey"));
            assertTrue(r0.ask("cmd=get_universe_size").startsWith("cmd=universe_size size="));
            assertEquals("cmd=publish_result info=ok rc=0 msg=success", r0.ask("cmd=publish_name service=svc-" + g.pgid() + " port=p#1"));
            assertEquals("cmd=lookup_result port=p#1 info=ok rc=0 msg=success", r1.ask("cmd=lookup_name service=svc-" + g.pgid()));
            assertEquals("cmd=unpublish_result info=ok rc=0 msg=success", r0.ask("cmd=unpublish_name service=svc-" + g.pgid()));
            assertEquals("cmd=lookup_result rc=1 msg=service_not_found", r1.ask("cmd=lookup_name service=svc-" + g.pgid()));
            barrier(r0, r1);
            assertEquals("cmd=finalize_ack", r0.ask("cmd=finalize"));
            assertEquals("cmd=finalize_ack", r1.ask("cmd=finalize"));
        }
        PmiExchange audit = TopicReader.await(TestEvents.bootstrap(), Topics.PMI_AUDIT, PmiExchange.class,
                e -> e.pgid() == g.pgid() && e.rank() == 1 && "cmd=get_maxes".equals(e.request()), Duration.ofSeconds(20));
        assertEquals("pmi-1", audit.protocol());
        assertEquals("cmd=maxes kvsname_max=256 keylen_max=64 vallen_max=1024\n", audit.response());
        assertTrue(!audit.responseTime().isBefore(audit.requestTime()));
    }

    /** PMI-1 "init pmi_version=2", then the libpmi2 calls: fullinit by srcid, fence, node attributes. */
    PmiTestClient pmi2(Group g, int rank) throws Exception {
        PmiTestClient c = connect();
        assertEquals("cmd=response_to_init pmi_version=2 pmi_subversion=0 rc=0", c.ask("cmd=init pmi_version=2 pmi_subversion=0"));
        assertEquals("cmd=fullinit-response;pmi-version=2;pmi-subversion=0;rank=" + rank + ";size=2;appnum=0;debugged=FALSE;pmiverbose=FALSE;rc=0;",
                c.askFrame("cmd=fullinit;srcid=" + g.pmiIds()[rank] + ";threaded=FALSE;"));
        return c;
    }

    @Test
    void twoPmi2RanksPutFenceGetAndWaitForNodeAttributes() throws Exception {
        Group g = group(2, null, Map.of());
        try (PmiTestClient r0 = pmi2(g, 0); PmiTestClient r1 = pmi2(g, 1)) {
            assertEquals("cmd=job-getid-response;jobid=" + g.kvsname() + ";rc=0;", r0.askFrame("cmd=job-getid;"));
            assertEquals("cmd=info-getjobattr-response;found=TRUE;value=(vector,(0,1,2));rc=0;",
                    r1.askFrame("cmd=info-getjobattr;key=PMI_process_mapping;"));
            assertTrue(r1.askFrame("cmd=info-getjobattr;key=universeSize;").startsWith("cmd=info-getjobattr-response;found=TRUE;value="));
            assertEquals("cmd=kvs-put-response;rc=0;", r0.askFrame("cmd=kvs-put;key=k0;value=v;;0 x=y;"));
            r0.frame("cmd=kvs-fence;");
            assertTrue(r0.silentFor(200), "fence answered with one of two ranks in it");
            assertEquals("cmd=kvs-fence-response;rc=0;", r1.askFrame("cmd=kvs-fence;"));
            assertEquals("cmd=kvs-fence-response;rc=0;", r0.readFrame());
            assertEquals("cmd=kvs-get-response;found=TRUE;value=v;;0 x=y;rc=0;",
                    r1.askFrame("cmd=kvs-get;jobid=" + g.kvsname() + ";srcid=0;key=k0;"));
            assertEquals("cmd=kvs-get-response;found=FALSE;rc=0;", r1.askFrame("cmd=kvs-get;jobid=" + g.kvsname() + ";srcid=0;key=zz;"));

            r1.frame("cmd=info-getnodeattr;key=shm;wait=TRUE;");
            assertTrue(r1.silentFor(200), "getnodeattr wait=TRUE answered before the key exists");
            assertEquals("cmd=info-putnodeattr-response;rc=0;", r0.askFrame("cmd=info-putnodeattr;key=shm;value=seg;"));
            assertEquals("cmd=info-getnodeattr-response;found=TRUE;value=seg;rc=0;", r1.readFrame());

            assertEquals("cmd=name-publish-response;rc=0;", r0.askFrame("cmd=name-publish;name=n-" + g.pgid() + ";port=P;infokeycount=0;"));
            assertEquals("cmd=name-lookup-response;port=P;value=P;found=TRUE;rc=0;", r1.askFrame("cmd=name-lookup;name=n-" + g.pgid() + ";infokeycount=0;"));
            assertEquals("cmd=name-unpublish-response;rc=0;", r0.askFrame("cmd=name-unpublish;name=n-" + g.pgid() + ";infokeycount=0;"));
            assertEquals("cmd=finalize-response;rc=0;", r0.askFrame("cmd=finalize;"));
            assertEquals("cmd=finalize-response;rc=0;", r1.askFrame("cmd=finalize;"));
        }
        PmiExchange audit = TopicReader.await(TestEvents.bootstrap(), Topics.PMI_AUDIT, PmiExchange.class,
                e -> e.pgid() == g.pgid() && "cmd=job-getid;".equals(e.request()), Duration.ofSeconds(20));
        assertEquals("pmi-2", audit.protocol());
        assertEquals("cmd=job-getid-response;jobid=" + g.kvsname() + ";rc=0;", audit.response());
    }

    @Test
    void badInputIsAnsweredOrClosedWhileAnotherGroupKeepsBeingServed() throws Exception {
        Group good = group(2, null, Map.of());
        Group other = group(2, null, Map.of());
        try (PmiTestClient served = connect()) {
            mpichInit(served, good, 0);
            Runnable stillServed = () -> {
                try {
                    assertEquals("cmd=my_kvsname kvsname=" + good.kvsname(), served.ask("cmd=get_my_kvsname"));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            };

            try (PmiTestClient c = connect()) { // malformed line: error, connection stays usable
                assertEquals("cmd=error rc=-1 msg=malformed_line,_expected_cmd=<name>_k=v_...:_hello_world", c.ask("hello world"));
                assertEquals("cmd=get_result rc=-1 msg=malformed_token_'garbage',_expected_k=v", c.ask("cmd=get garbage"));
                assertEquals("cmd=frob_response rc=-1 msg=unknown_command_frob", c.ask("cmd=frob x=1"));
            }
            stillServed.run();

            try (PmiTestClient c = connect()) { // wrong pmiid: refused and closed
                assertEquals("cmd=initack rc=-1 msg=pmiid_must_be_an_integer,_got_'abc'", c.ask("cmd=initack pmiid=abc"));
                int wrong = randomPmiId();
                assertEquals("cmd=initack rc=-1 msg=unknown_PMI_ID", c.ask("cmd=initack pmiid=" + wrong));
                assertTrue(c.closedByServer());
            }
            try (PmiTestClient c = connect()) { // an id already connected
                assertEquals("cmd=initack rc=-1 msg=this_pmiid_is_already_connected",
                        c.ask("cmd=initack pmiid=" + good.pmiIds()[0]));
                assertTrue(c.closedByServer());
            }
            stillServed.run();

            try (PmiTestClient c = connect()) { // PMI-2 fullinit with an unknown srcid
                c.ask("cmd=init pmi_version=2 pmi_subversion=0");
                assertEquals("cmd=fullinit-response;rc=-1;errmsg=unknown PMI_ID;", c.askFrame("cmd=fullinit;srcid=17;threaded=FALSE;"));
                assertTrue(c.closedByServer());
            }
            try (PmiTestClient c = connect()) { // PMI-2 unknown command, then a length field that lies
                c.ask("cmd=init pmi_version=2 pmi_subversion=0");
                c.askFrame("cmd=fullinit;srcid=" + other.pmiIds()[0] + ";threaded=FALSE;");
                assertEquals("cmd=frob-response;rc=-1;errmsg=unknown command frob;", c.askFrame("cmd=frob;"));
                c.send("10    cmd=kvs-put;key=a;value=b;");
                assertEquals("cmd=kvs-pu-response;rc=-1;errmsg=malformed body: pair 'cmd' does not end with a semicolon;", c.readFrame());
                assertEquals("cmd=error-response;rc=-1;errmsg=bad PMI-2 length field 't;;key=';", c.readFrame());
                assertTrue(c.closedByServer());
            }
            try (PmiTestClient c = connect()) { // PMI-2 length that is not a number at all
                c.ask("cmd=init pmi_version=2 pmi_subversion=0");
                c.send("cmd=fullinit;pmirank=0;");
                assertEquals("cmd=error-response;rc=-1;errmsg=bad PMI-2 length field 'cmd=fu';", c.readFrame());
                assertTrue(c.closedByServer());
            }
            stillServed.run();

            try (PmiTestClient c = connect()) { // spawns missing mandatory tokens: named, nothing published
                mpichInit(c, good, 1);
                c.send("mcmd=spawn\nexecname=./child\ntotspawns=1\nspawnssofar=1\nargcnt=0\nendcmd\n");
                assertEquals("cmd=spawn_result rc=-1 msg=unable_to_find_token:_nprocs", c.readLine());
                c.send("mcmd=spawn\nnprocs=1\ntotspawns=1\nspawnssofar=1\nendcmd\n");
                assertEquals("cmd=spawn_result rc=-1 msg=unable_to_find_token:_execname", c.readLine());
                assertEquals("cmd=my_kvsname kvsname=" + good.kvsname(), c.ask("cmd=get_my_kvsname"), "still in step after spawn errors");
            }
            try (PmiTestClient c = connect()) {
                c.ask("cmd=init pmi_version=2 pmi_subversion=0");
                c.askFrame("cmd=fullinit;srcid=" + other.pmiIds()[1] + ";threaded=FALSE;");
                assertEquals("cmd=spawn-response;rc=-1;errmsg=unable to find token: maxprocs;",
                        c.askFrame("cmd=spawn;ncmds=1;preputcount=0;subcmd=./child;argc=0;infokeycount=0;"));
                assertEquals("cmd=spawn-response;rc=-1;errmsg=unable to find token: subcmd;",
                        c.askFrame("cmd=spawn;ncmds=1;preputcount=0;"));
            }
            stillServed.run();

            try (PmiTestClient c = connect()) { // a 1 MB line: error (or reset) and closed
                String answer = null;
                try {
                    c.send("cmd=put kvsname=x key=k value=" + "x".repeat(1 << 20) + "\n");
                    answer = c.readLine();
                } catch (java.io.IOException reset) {
                    // the server closed while we were still writing: a clean close
                }
                assertTrue(answer == null || answer.equals("cmd=error rc=-1 msg=line_longer_than_2048_bytes"), answer);
                assertTrue(c.closedByServer());
            }
            try (PmiTestClient c = connect()) { // closed mid-command and mid-spawn-block
                c.send("cmd=put kvsname=x key=");
            }
            try (PmiTestClient c = connect()) {
                c.send("cmd=initack pmiid=" + other.pmiIds()[0] + "\n");
                c.send("mcmd=spawn\nnprocs=1\n");
            }
            try (PmiTestClient c = connect()) {
                c.ask("cmd=init pmi_version=2 pmi_subversion=0");
                c.send("40    cmd=kvs-put;");
            }
            stillServed.run();
            assertEquals("cmd=finalize_ack", served.ask("cmd=finalize"));
        }
    }

    @Test
    void aPmi2SpawnIsAnsweredAfterTheSchedulerStartedTheChildren() throws Exception {
        Group parent = group(2, null, Map.of());
        try (PmiTestClient r0 = pmi2(parent, 0)) {
            r0.frame("cmd=spawn;ncmds=2;preputcount=2;ppkey0=PARENT_ROOT_PORT_NAME;ppval0=port;;name;ppkey1=extra-preput;"
                    + "ppval1=pp-value;subcmd=./child;maxprocs=2;argc=2;argv0=c0-arg1;argv1=arg;;with;;semis and spaces;"
                    + "infokeycount=3;infokey0=wdir;infoval0=/tmp;infokey1=host;infoval1=localhost;infokey2=path;"
                    + "infoval2=/opt/app/bin;subcmd=./child;maxprocs=1;argc=1;argv0=c1-arg1;infokeycount=1;infokey0=wdir;infoval0=/;");
            SpawnRequested request = TopicReader.await(TestEvents.bootstrap(), Topics.SPAWN_REQUESTS, SpawnRequested.class,
                    e -> Long.valueOf(parent.pgid()).equals(e.spawnerPgid()), Duration.ofSeconds(20));
            assertEquals(0, request.spawnerRank());
            assertEquals(Map.of("PARENT_ROOT_PORT_NAME", "port;name", "extra-preput", "pp-value"), request.preput());
            assertEquals(List.of("c0-arg1", "arg;with;semis and spaces"), request.apps().get(0).argv());
            assertEquals(List.of("localhost"), request.apps().get(0).hosts());
            assertEquals("/opt/app/bin", request.apps().get(0).path());
            assertEquals("/", request.apps().get(1).wdir());
            assertEquals(server.advertisedEndpoint(), request.pmiEndpoint());
            assertTrue(r0.silentFor(200), "spawn answered before the children started");

            // the test plays the scheduler
            long childPgid = TestEvents.uniquePgid();
            Group child = group(childPgid, 3, parent.pgid(), request.preput(), request.requestId());
            TopicReader.publish(TestEvents.bootstrap(), new SpawnCompleted(TestEvents.meta(), request.requestId(), childPgid,
                    child.kvsname(), List.of(0, 0, 0)));
            assertEquals("cmd=spawn-response;rc=0;jobid=" + child.kvsname() + ";nerrs=0;", r0.readFrame());

            try (PmiTestClient c = connect()) { // a child as libpmi2 starts it (PMI-WIRE.md 2.3)
                c.ask("cmd=init pmi_version=2 pmi_subversion=0");
                assertEquals("cmd=fullinit-response;pmi-version=2;pmi-subversion=0;rank=2;size=3;appnum=0;spawner-jobid="
                        + parent.kvsname() + ";debugged=FALSE;pmiverbose=FALSE;rc=0;",
                        c.askFrame("cmd=fullinit;pmijobid=" + child.kvsname() + ";srcid=" + child.pmiIds()[2] + ";threaded=FALSE;"));
                assertEquals("cmd=kvs-get-response;found=TRUE;value=port;;name;rc=0;",
                        c.askFrame("cmd=kvs-get;jobid=" + child.kvsname() + ";srcid=0;key=PARENT_ROOT_PORT_NAME;"));
            }
        }
    }

    @Test
    void aPmi1TwoCommandSpawnGetsOneErrcodePerProcess() throws Exception {
        Group parent = group(2, null, Map.of());
        try (PmiTestClient r1 = connect()) {
            mpichInit(r1, parent, 1);
            r1.send(io.kpm.gateway.pmi.wire1.Pmi1CodecTestAccess.TWO_COMMAND_SPAWN);
            SpawnRequested request = TopicReader.await(TestEvents.bootstrap(), Topics.SPAWN_REQUESTS, SpawnRequested.class,
                    e -> Long.valueOf(parent.pgid()).equals(e.spawnerPgid()), Duration.ofSeconds(20));
            assertEquals(1, request.spawnerRank());
            assertEquals(2, request.apps().size());
            assertEquals("/tmp", request.apps().get(0).wdir());
            long childPgid = TestEvents.uniquePgid();
            Group child = group(childPgid, 3, parent.pgid(), request.preput(), request.requestId());
            TopicReader.publish(TestEvents.bootstrap(), new SpawnCompleted(TestEvents.meta(), request.requestId(), childPgid,
                    child.kvsname(), List.of(0, 0, 0)));
            assertEquals("cmd=spawn_result rc=0 errcodes=0,0,0", r1.readLine());
            assertEquals("cmd=my_kvsname kvsname=" + parent.kvsname(), r1.ask("cmd=get_my_kvsname"), "in step after the spawn");
        }
    }

    @Test
    void abortAsksTheSchedulerToEndTheGroup() throws Exception {
        Group g = group(2, null, Map.of());
        try (PmiTestClient r1 = connect()) {
            mpichInit(r1, g, 1);
            r1.line("cmd=abort exitcode=7");
            AbortRequested abort = TopicReader.await(TestEvents.bootstrap(), Topics.SPAWN_REQUESTS, AbortRequested.class,
                    e -> e.pgid() == g.pgid(), Duration.ofSeconds(20));
            assertEquals("rank 1 aborted", abort.reason());
            assertEquals(7, abort.exitCode());
            assertTrue(abort.endsSpawnFamily());
            assertTrue(r1.silentFor(100), "abort has no answer");
        }
        PmiExchange audit = TopicReader.await(TestEvents.bootstrap(), Topics.PMI_AUDIT, PmiExchange.class,
                e -> e.pgid() == g.pgid() && "cmd=abort exitcode=7".equals(e.request()), Duration.ofSeconds(20));
        assertNull(audit.response());
        // the PMI_ID is the rank's credential: the audit (kpm pmi-log) keeps the command, not the id
        PmiExchange initack = TopicReader.await(TestEvents.bootstrap(), Topics.PMI_AUDIT, PmiExchange.class,
                e -> e.pgid() == g.pgid() && e.request().startsWith("cmd=initack"), Duration.ofSeconds(20));
        assertEquals("cmd=initack pmiid=***", initack.request());
    }

    @Test
    void anAbortWithAMultiLineMessageAbortsOnceAndItsOtherLinesAreNeitherCommandsNorAnswered() throws Exception {
        Group g = group(2, null, Map.of());
        try (PmiTestClient r0 = connect()) {
            mpichInit(r0, g, 0);
            r0.line("cmd=abort exitcode=1 message=internal ABORT - process 0\nsecond line of it\ncmd=get_maxes");
            AbortRequested abort = TopicReader.await(TestEvents.bootstrap(), Topics.SPAWN_REQUESTS, AbortRequested.class,
                    e -> e.pgid() == g.pgid(), Duration.ofSeconds(20));
            assertEquals("rank 0 aborted: internal ABORT - process 0", abort.reason());
            assertEquals(1, abort.exitCode());
            assertTrue(abort.endsSpawnFamily(), "a rank's abort ends its spawn family, as under Hydra");
            assertTrue(r0.silentFor(300), "nothing after an abort is answered");
        }
    }

    @Test
    void aRankExitingWithoutFinalizeFailsTheJobInsteadOfHangingTheBarrier() throws Exception {
        Group g = group(2, null, Map.of());
        try (PmiTestClient r0 = connect(); PmiTestClient r1 = connect()) {
            mpichInit(r0, g, 0);
            mpichInit(r1, g, 1);
            r0.line("cmd=barrier_in");
            assertTrue(r0.silentFor(200));
            TopicReader.publish(TestEvents.bootstrap(), new ProcExited(TestEvents.meta(), g.pgid(), 1, "node-0", 139, false));
            assertEquals("cmd=barrier_out rc=-1 msg=rank_1_exited_without_PMI_finalize_while_1_rank(s)_of_pgid_"
                    + g.pgid() + "_wait_in_a_barrier", r0.readLine());
            assertTrue(r0.closedByServer());
            AbortRequested abort = TopicReader.await(TestEvents.bootstrap(), Topics.SPAWN_REQUESTS, AbortRequested.class,
                    e -> e.pgid() == g.pgid(), Duration.ofSeconds(20));
            assertTrue(abort.reason().startsWith("rank 1 exited without PMI finalize"), abort.reason());
        }
    }
}
