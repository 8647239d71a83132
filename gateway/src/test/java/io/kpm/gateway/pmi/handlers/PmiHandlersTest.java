package io.kpm.gateway.pmi.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.kpm.gateway.pmi.command.PmiRequest;
import io.kpm.gateway.pmi.command.PmiResponse;
import io.kpm.gateway.pmi.command.SpawnCommand;
import io.kpm.gateway.pmi.group.NameService;
import io.kpm.gateway.pmi.group.ProcessGroups;
import io.kpm.gateway.spawn.SpawnOutcome;
import io.kpm.schemas.events.AppSpec;
import io.kpm.schemas.events.EventMeta;
import io.kpm.schemas.events.JobAccepted;
import io.kpm.schemas.events.JobPlaced;
import io.kpm.schemas.events.ProcExited;
import io.kpm.schemas.events.Producer;
import io.kpm.schemas.events.RankPlacement;
import io.kpm.schemas.events.SpawnFailed;
import io.kpm.schemas.events.SpawnRequested;

/** Every handler against real group state and a backend that records what would go to Kafka. */
class PmiHandlersTest {

    static EventMeta meta() {
        return EventMeta.now(new Producer("test", "handlers"));
    }

    static class Backend implements PmiBackend {
        final ProcessGroups groups = new ProcessGroups();
        final NameService names = new NameService();
        final List<String> aborts = new ArrayList<>();
        final List<SpawnRequested> spawns = new ArrayList<>();
        SpawnOutcome outcome;

        @Override public ProcessGroups groups() { return groups; }
        @Override public NameService names() { return names; }
        final UnknownIds unknownIds = new UnknownIds(3, java.time.Duration.ofMinutes(10));
        @Override public UnknownIds unknownIds() { return unknownIds; }
        @Override public int universeSize() { return 8; }
        Duration identifyWait = Duration.ofMillis(300);
        /** Never read to now unless a test says so: an unknown id waits out the identify wait. */
        CompletableFuture<Void> readToNow = new CompletableFuture<>();
        @Override public Duration identifyWait() { return identifyWait; }
        @Override public CompletionStage<Void> jobsReadToNow() { return readToNow; }
        @Override public String pmiEndpoint() { return "127.0.0.1:7703"; }
        @Override public EventMeta newMeta() { return meta(); }
        @Override public CompletionStage<SpawnOutcome> spawn(SpawnRequested request) {
            spawns.add(request);
            return CompletableFuture.completedFuture(outcome);
        }
        @Override public void abort(long pgid, String reason, Integer exitCode, boolean spawnFamily) {
            aborts.add(pgid + "|" + reason + "|" + exitCode + (spawnFamily ? "|family" : ""));
        }
    }

    final Backend backend = new Backend();
    final PmiDispatcher dispatcher = new PmiDispatcher(backend);

    void group(long pgid, int size, Long spawner, Map<String, String> preput, int... pmiIds) {
        AppSpec app = new AppSpec("./a.out", List.of(), Map.of("PATH", "/opt/app/bin:/usr/bin"), "/work/dir", null, size,
                List.of(), null, Map.of());
        backend.groups.apply(new JobAccepted(meta(), pgid, "r" + pgid, "kvs_kpm_" + pgid, spawner, size, List.of(app),
                preput, Map.of(), "127.0.0.1:7703"));
        List<RankPlacement> ranks = new ArrayList<>();
        for (int r = 0; r < size; r++) ranks.add(new RankPlacement(r, r < 2 ? "node-0" : "node-1", 0, pmiIds[r]));
        backend.groups.apply(new JobPlaced(meta(), pgid, "kvs_kpm_" + pgid, size, List.of("node-0"), ranks, "(vector,(0,1,2))"));
    }

    PmiResponse call(PmiSession s, PmiRequest r) throws Exception {
        return dispatcher.dispatch(s, r).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    PmiSession pmi1(int pmiId) throws Exception {
        PmiSession s = new PmiSession(PmiSession.Protocol.PMI1);
        assertTrue(call(s, new PmiRequest.Initack(pmiId)) instanceof PmiResponse.InitackOk);
        return s;
    }

    @Test
    void initackNamesSizeAndRankAndRefusesUnknownAndReusedIds() throws Exception {
        group(3, 2, null, Map.of(), 501, 502);
        PmiSession s = new PmiSession(PmiSession.Protocol.PMI1);
        assertEquals(new PmiResponse.InitackOk(2, 1), call(s, new PmiRequest.Initack(502)));
        assertEquals(3, s.pgid());
        assertEquals(new PmiResponse.Refused("this pmiid is already connected"),
                call(new PmiSession(PmiSession.Protocol.PMI1), new PmiRequest.Initack(502)));
        assertEquals(new PmiResponse.Refused("unknown PMI_ID"),
                call(new PmiSession(PmiSession.Protocol.PMI1), new PmiRequest.Initack(999)));
    }

    @Test
    void initackWaitsForAJobPlacedThatArrivesLate() throws Exception {
        PmiSession s = new PmiSession(PmiSession.Protocol.PMI1);
        CompletableFuture<PmiResponse> answer = dispatcher.dispatch(s, new PmiRequest.Initack(601)).toCompletableFuture();
        Thread.sleep(100);
        assertFalse(answer.isDone());
        group(4, 1, null, Map.of(), 601);
        assertEquals(new PmiResponse.InitackOk(1, 0), answer.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aConnectionClosedWhileWaitingForItsIdentityDoesNotUseItUp() throws Exception {
        PmiSession gone = new PmiSession(PmiSession.Protocol.PMI1);
        CompletableFuture<PmiResponse> answer = dispatcher.dispatch(gone, new PmiRequest.Initack(2201)).toCompletableFuture();
        gone.closed();
        group(20, 1, null, Map.of(), 2201);
        assertEquals(new PmiResponse.Refused("connection closed"), answer.get(5, TimeUnit.SECONDS));
        assertEquals(new PmiResponse.InitackOk(1, 0), call(new PmiSession(PmiSession.Protocol.PMI1), new PmiRequest.Initack(2201)));
    }

    @Test
    void simpleQueriesOfAnIdentifiedRank() throws Exception {
        group(5, 2, null, Map.of(), 701, 702);
        PmiSession s = pmi1(701);
        assertEquals(new PmiResponse.InitOk(1, 1), call(s, new PmiRequest.Init(1, 1)));
        assertEquals(new PmiResponse.Maxes(256, 64, 1024), call(s, new PmiRequest.GetMaxes()));
        assertEquals(new PmiResponse.Appnum(0), call(s, new PmiRequest.GetAppnum()));
        assertEquals(new PmiResponse.Kvsname("kvs_kpm_5"), call(s, new PmiRequest.GetMyKvsname()));
        assertEquals(new PmiResponse.UniverseSize(8), call(s, new PmiRequest.GetUniverseSize()));
        assertEquals(new PmiResponse.JobAttr("(vector,(0,1,2))"), call(s, new PmiRequest.GetJobAttr("PMI_process_mapping")));
        assertEquals(new PmiResponse.JobAttr("8"), call(s, new PmiRequest.GetJobAttr("universeSize")));
        assertEquals(new PmiResponse.JobAttr(null), call(s, new PmiRequest.GetJobAttr("nope")));
        assertEquals(new PmiResponse.Error("unknown command frob"), call(s, new PmiRequest.Unknown("frob")));
        assertEquals(new PmiResponse.Error("unable to find token: key"), call(s, new PmiRequest.Malformed("get", "unable to find token: key")));
    }

    @Test
    void unidentifiedConnectionsAreToldWhatToSendFirst() throws Exception {
        assertEquals(new PmiResponse.Error("not identified: send cmd=initack pmiid=<PMI_ID> first"),
                call(new PmiSession(PmiSession.Protocol.PMI1), new PmiRequest.GetMyKvsname()));
        assertEquals(new PmiResponse.Error("not identified: send cmd=fullinit first"),
                call(new PmiSession(PmiSession.Protocol.PMI2), new PmiRequest.Barrier()));
    }

    @Test
    void kvsHoldsMappingAndPreputAndPutsAreSeenByOtherRanks() throws Exception {
        group(6, 2, null, Map.of("PARENT_ROOT_PORT_NAME", "tag#1"), 801, 802);
        PmiSession r0 = pmi1(801);
        PmiSession r1 = pmi1(802);
        assertEquals(new PmiResponse.GetResult("PMI_process_mapping", "(vector,(0,1,2))"),
                call(r1, new PmiRequest.Get("kvs_kpm_6", "PMI_process_mapping")));
        assertEquals(new PmiResponse.GetResult("PARENT_ROOT_PORT_NAME", "tag#1"),
                call(r1, new PmiRequest.Get(null, "PARENT_ROOT_PORT_NAME")));
        assertEquals(new PmiResponse.PutOk(), call(r0, new PmiRequest.Put("kvs_kpm_6", "-bcast-1-0", "ABCD")));
        assertEquals(new PmiResponse.GetResult("-bcast-1-0", "ABCD"), call(r1, new PmiRequest.Get("kvs_kpm_6", "-bcast-1-0")));
        assertEquals(new PmiResponse.GetResult("x", null), call(r1, new PmiRequest.Get("kvs_kpm_6", "x")));
        assertEquals(new PmiResponse.Error("kvsname kvs_other is not this rank's (kvs_kpm_6)"),
                call(r0, new PmiRequest.Put("kvs_other", "k", "v")));
        assertEquals(new PmiResponse.Error("value longer than 1024"), call(r0, new PmiRequest.Put(null, "k", "v".repeat(1025))));
    }

    @Test
    void barrierReleasesOnlyWhenEveryRankEntered() throws Exception {
        group(7, 2, null, Map.of(), 901, 902);
        PmiSession r0 = pmi1(901);
        PmiSession r1 = pmi1(902);
        for (int round = 0; round < 3; round++) {
            CompletableFuture<PmiResponse> first = dispatcher.dispatch(r0, new PmiRequest.Barrier()).toCompletableFuture();
            Thread.sleep(50);
            assertFalse(first.isDone(), "one of two ranks in the barrier");
            assertEquals(new PmiResponse.BarrierOut(), call(r1, new PmiRequest.Barrier()));
            assertEquals(new PmiResponse.BarrierOut(), first.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void aRankExitingWithoutFinalizeBreaksTheBarrierOfTheOthers() throws Exception {
        group(8, 3, null, Map.of(), 1001, 1002, 1003);
        PmiSession r0 = pmi1(1001);
        PmiSession r1 = pmi1(1002);
        CompletableFuture<PmiResponse> waiting = dispatcher.dispatch(r0, new PmiRequest.Barrier()).toCompletableFuture();
        assertEquals(Optional.of("rank 2 exited without PMI finalize while 1 rank(s) of pgid 8 wait in a barrier"),
                backend.groups.apply(new ProcExited(meta(), 8, 2, "node-1", 1, false)));
        assertEquals(new PmiResponse.Refused("rank 2 exited without PMI finalize while 1 rank(s) of pgid 8 wait in a barrier"),
                waiting.get(5, TimeUnit.SECONDS));
        assertTrue(call(r1, new PmiRequest.Barrier()) instanceof PmiResponse.Refused, "later barriers fail at once");
        assertEquals(List.of(), backend.aborts, "the consumer publishes the abort for the waiting ranks, not the handler");
    }

    @Test
    void aBarrierEnteredAfterARankExitedWithoutFinalizeFailsAndAbortsTheJobOnce() throws Exception {
        group(18, 3, null, Map.of(), 2001, 2002, 2003);
        PmiSession r0 = pmi1(2001);
        PmiSession r1 = pmi1(2002);
        assertEquals(Optional.empty(), backend.groups.apply(new ProcExited(meta(), 18, 2, "node-1", 0, false)));
        String reason = "rank 2 of pgid 18 exited without PMI finalize, so no barrier of the group can complete";
        assertEquals(new PmiResponse.Refused(reason), call(r0, new PmiRequest.Barrier()));
        assertEquals(new PmiResponse.Refused(reason), call(r1, new PmiRequest.Barrier()));
        assertEquals(List.of("18|" + reason + "|1"), backend.aborts);
    }

    @Test
    void universeSizeIsNeverZero() throws Exception {
        Backend noNodes = new Backend() {
            @Override public int universeSize() { return 0; }
        };
        PmiDispatcher d = new PmiDispatcher(noNodes);
        AppSpec app = new AppSpec("x", List.of(), Map.of(), null, null, 1, List.of(), null, Map.of());
        noNodes.groups.apply(new JobAccepted(meta(), 19, "r", "kvs_kpm_19", null, 1, List.of(app), Map.of(), Map.of(), "e"));
        noNodes.groups.apply(new JobPlaced(meta(), 19, "kvs_kpm_19", 1, List.of("n"), List.of(new RankPlacement(0, "n", 0, 2101)), "(vector,(0,1,1))"));
        PmiSession s = new PmiSession(PmiSession.Protocol.PMI1);
        d.dispatch(s, new PmiRequest.Initack(2101)).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(new PmiResponse.UniverseSize(1), d.dispatch(s, new PmiRequest.GetUniverseSize()).toCompletableFuture().get());
    }

    @Test
    void aFinalizedRankMayExit() throws Exception {
        group(9, 2, null, Map.of(), 1101, 1102);
        PmiSession r0 = pmi1(1101);
        assertEquals(new PmiResponse.FinalizeAck(), call(r0, new PmiRequest.Finalize()));
        pmi1(1102);
        assertEquals(Optional.empty(), backend.groups.apply(new ProcExited(meta(), 9, 0, "node-0", 0, false)));
    }

    @Test
    void fullinitIdentifiesOnlyByThePmiIdAsSrcidOrPmirank() throws Exception {
        group(10, 2, null, Map.of(), 1201, 1202);
        group(11, 3, 10L, Map.of(), 1301, 1302, 1303);
        assertEquals(new PmiResponse.FullInitOk(1, 2, 0, null),
                call(new PmiSession(PmiSession.Protocol.PMI2), new PmiRequest.FullInit(null, 1202, null)));
        assertEquals(new PmiResponse.FullInitOk(0, 2, 0, null),
                call(new PmiSession(PmiSession.Protocol.PMI2), new PmiRequest.FullInit(null, null, 1201)));
        assertEquals(new PmiResponse.FullInitOk(2, 3, 0, "kvs_kpm_10"),
                call(new PmiSession(PmiSession.Protocol.PMI2), new PmiRequest.FullInit("kvs_kpm_11", 1303, null)));
        assertEquals(new PmiResponse.Refused("this PMI_ID is already connected"),
                call(new PmiSession(PmiSession.Protocol.PMI2), new PmiRequest.FullInit(null, 1202, null)));
        assertEquals(new PmiResponse.Refused("fullinit without a PMI_ID (srcid or pmirank): cannot identify the rank"),
                call(new PmiSession(PmiSession.Protocol.PMI2), new PmiRequest.FullInit("kvs_kpm_10", null, null)));
        // a job id and a rank number are public: they identify nobody
        assertEquals(new PmiResponse.Refused("unknown PMI_ID"),
                call(new PmiSession(PmiSession.Protocol.PMI2, "10.0.0.9"), new PmiRequest.FullInit("kvs_kpm_11", null, 2)));
    }

    @Test
    void anUnknownIdIsRefusedOnceTheLogIsReadToNowNotAfterTheIdentifyWait() throws Exception {
        backend.identifyWait = Duration.ofMinutes(10);
        CompletableFuture<PmiResponse> unknown = dispatcher.dispatch(new PmiSession(PmiSession.Protocol.PMI1),
                new PmiRequest.Initack(31337)).toCompletableFuture();
        CompletableFuture<PmiResponse> late = dispatcher.dispatch(new PmiSession(PmiSession.Protocol.PMI1),
                new PmiRequest.Initack(31338)).toCompletableFuture();
        Thread.sleep(100);
        assertFalse(unknown.isDone(), "its placement may still be on its way");
        // the gateway reads a placement while the ranks wait, then reaches the end of kpm.jobs
        group(21, 1, null, Map.of(), 31338);
        backend.readToNow.complete(null);
        assertEquals(new PmiResponse.InitackOk(1, 0), late.get(5, TimeUnit.SECONDS));
        assertEquals(new PmiResponse.Refused("unknown PMI_ID"), unknown.get(5, TimeUnit.SECONDS),
                "refused as soon as kpm.jobs is read up to now, not after the 10 min identify wait");
    }

    @Test
    void aPeerThatPresentsUnknownIdsIsRefusedAtOnceAfterAFew() throws Exception {
        group(12, 1, null, Map.of(), 1251);
        for (int guess = 1; guess <= 3; guess++) {
            assertEquals(new PmiResponse.Refused("unknown PMI_ID"),
                    call(new PmiSession(PmiSession.Protocol.PMI1, "10.0.0.66"), new PmiRequest.Initack(guess)));
        }
        assertEquals(new PmiResponse.Refused("too many unknown PMI_IDs from 10.0.0.66: refused for a while"),
                call(new PmiSession(PmiSession.Protocol.PMI1, "10.0.0.66"), new PmiRequest.Initack(1251)),
                "even a right id, once the peer has guessed too often");
        assertEquals(new PmiResponse.InitackOk(1, 0),
                call(new PmiSession(PmiSession.Protocol.PMI1, "10.0.0.7"), new PmiRequest.Initack(1251)),
                "other peers are not affected");
    }

    @Test
    void nodeAttributesArePerNodeAndWaitCanHoldTheAnswer() throws Exception {
        group(12, 3, null, Map.of(), 1401, 1402, 1403);
        PmiSession r0 = new PmiSession(PmiSession.Protocol.PMI2);
        call(r0, new PmiRequest.FullInit(null, 1401, null));
        PmiSession r1 = new PmiSession(PmiSession.Protocol.PMI2);
        call(r1, new PmiRequest.FullInit(null, 1402, null));
        PmiSession r2 = new PmiSession(PmiSession.Protocol.PMI2);
        call(r2, new PmiRequest.FullInit(null, 1403, null));
        assertEquals(new PmiResponse.NodeAttr(null), call(r1, new PmiRequest.GetNodeAttr("shm", false)));
        CompletableFuture<PmiResponse> held = dispatcher.dispatch(r1, new PmiRequest.GetNodeAttr("shm", true)).toCompletableFuture();
        Thread.sleep(50);
        assertFalse(held.isDone());
        assertEquals(new PmiResponse.NodeAttrPut(), call(r2, new PmiRequest.PutNodeAttr("shm", "other-node")));
        assertFalse(held.isDone(), "rank 2 runs on another node");
        assertEquals(new PmiResponse.NodeAttrPut(), call(r0, new PmiRequest.PutNodeAttr("shm", "seg-1")));
        assertEquals(new PmiResponse.NodeAttr("seg-1"), held.get(5, TimeUnit.SECONDS));
        assertEquals(new PmiResponse.NodeAttr("other-node"), call(r2, new PmiRequest.GetNodeAttr("shm", true)));
    }

    @Test
    void nameServiceIsSharedByAllGroups() throws Exception {
        group(13, 1, null, Map.of(), 1501);
        group(14, 1, null, Map.of(), 1601);
        PmiSession a = pmi1(1501);
        PmiSession b = pmi1(1601);
        assertEquals(new PmiResponse.Published(), call(a, new PmiRequest.PublishName("svc-13", "port#1")));
        assertEquals(new PmiResponse.Error("service svc-13 is already published"), call(b, new PmiRequest.PublishName("svc-13", "x")));
        assertEquals(new PmiResponse.LookupResult("svc-13", "port#1"), call(b, new PmiRequest.LookupName("svc-13")));
        assertEquals(new PmiResponse.Unpublished(true), call(b, new PmiRequest.UnpublishName("svc-13")));
        assertEquals(new PmiResponse.LookupResult("svc-13", null), call(a, new PmiRequest.LookupName("svc-13")));
        assertEquals(new PmiResponse.Unpublished(false), call(a, new PmiRequest.UnpublishName("svc-13")));
    }

    @Test
    void namesNeedAnIdentifiedRankAndGoWithTheJobThatPublishedThem() throws Exception {
        group(19, 1, null, Map.of(), 1901);
        PmiSession stranger = new PmiSession(PmiSession.Protocol.PMI1);
        assertTrue(call(stranger, new PmiRequest.PublishName("svc-19", "p")) instanceof PmiResponse.Error);
        assertTrue(call(stranger, new PmiRequest.LookupName("svc-19")) instanceof PmiResponse.Error);
        assertTrue(call(stranger, new PmiRequest.UnpublishName("svc-19")) instanceof PmiResponse.Error);

        PmiSession rank = pmi1(1901);
        assertEquals(new PmiResponse.Published(), call(rank, new PmiRequest.PublishName("svc-19", "port#19")));
        backend.names.jobEnded(19);
        assertEquals(new PmiResponse.LookupResult("svc-19", null), call(rank, new PmiRequest.LookupName("svc-19")),
                "a name dies with the job that published it");
    }

    @Test
    void abortAsksToEndTheGroupAndIsNotAnswered() throws Exception {
        group(15, 2, null, Map.of(), 1701, 1702);
        PmiSession r1 = pmi1(1702);
        assertEquals(new PmiResponse.Silence(), call(r1, new PmiRequest.Abort(7, "bad input")));
        PmiSession r0 = new PmiSession(PmiSession.Protocol.PMI2);
        call(r0, new PmiRequest.FullInit(null, 1701, null));
        assertEquals(new PmiResponse.Silence(), call(r0, new PmiRequest.Abort(null, null)));
        assertEquals(List.of("15|rank 1 aborted: bad input|7|family", "15|rank 0 aborted|1|family"), backend.aborts);
    }

    @Test
    void spawnBecomesOneSpawnRequestedAndIsAnsweredWithTheOutcome() throws Exception {
        group(16, 2, null, Map.of(), 1801, 1802);
        PmiSession r1 = pmi1(1802);
        PmiRequest.Spawn spawn = new PmiRequest.Spawn(List.of(
                new SpawnCommand("./child", 2, List.of("a", "b c"),
                        new java.util.LinkedHashMap<>(Map.of("host", "localhost", "path", "/opt/bin", "color", "blue"))),
                new SpawnCommand("./child", 1, List.of(), Map.of("wdir", "/", "hosts", "node-0, node-1"))),
                Map.of("PARENT_ROOT_PORT_NAME", "tag#0"));
        backend.outcome = new SpawnOutcome.Completed(17, "kvs_kpm_17", List.of(0, 0, 0));
        assertEquals(PmiResponse.SpawnResult.ok("kvs_kpm_17", List.of(0, 0, 0)), call(r1, spawn));

        SpawnRequested req = backend.spawns.get(0);
        assertEquals(16L, req.spawnerPgid());
        assertEquals(1, req.spawnerRank());
        assertEquals(Map.of("PARENT_ROOT_PORT_NAME", "tag#0"), req.preput());
        assertEquals("127.0.0.1:7703", req.pmiEndpoint());
        AppSpec first = req.apps().get(0);
        assertEquals("./child", first.cmd());
        assertEquals(List.of("a", "b c"), first.argv());
        assertEquals(2, first.maxprocs());
        assertEquals("/work/dir", first.wdir(), "no wdir key: the spawner's");
        assertEquals(Map.of("PATH", "/opt/app/bin:/usr/bin"), first.env(), "the spawner's environment, as under Hydra");
        assertEquals("/opt/bin", first.path());
        assertEquals(List.of("localhost"), first.hosts());
        assertEquals("blue", first.info().get("color"), "unknown info keys are kept");
        AppSpec second = req.apps().get(1);
        assertEquals("/", second.wdir());
        assertEquals(List.of("node-0", "node-1"), second.hosts());
        assertNull(second.path());

        backend.outcome = new SpawnOutcome.Failed(new SpawnFailed(meta(), "y", null, "unknown host nope", 404, List.of()));
        assertEquals(PmiResponse.SpawnResult.failed("spawn failed: unknown host nope"), call(r1, spawn));
    }

    @Test
    void aHostfileInfoKeyBecomesTheNodeListAndAnUnreadableOneIsRefusedWithoutPublishing() throws Exception {
        group(18, 2, null, Map.of(), 1801, 1802);
        PmiSession r0 = pmi1(1801);
        java.nio.file.Path file = java.nio.file.Files.createTempFile("hosts", ".txt");
        java.nio.file.Files.writeString(file, "# the nodes\nnode-1:2\n\nnode-0 # second\n");
        PmiRequest.Spawn withFile = new PmiRequest.Spawn(List.of(
                new SpawnCommand("./child", 1, List.of(), Map.of("hostfile", file.toString()))), Map.of());
        backend.outcome = new SpawnOutcome.Completed(19, "kvs_kpm_19", List.of(0));
        assertEquals(PmiResponse.SpawnResult.ok("kvs_kpm_19", List.of(0)), call(r0, withFile));
        assertEquals(List.of("node-1", "node-0"), backend.spawns.get(backend.spawns.size() - 1).apps().get(0).hosts());

        int published = backend.spawns.size();
        PmiRequest.Spawn missing = new PmiRequest.Spawn(List.of(
                new SpawnCommand("./child", 1, List.of(), Map.of("hostfile", "/no/such/hostfile"))), Map.of());
        PmiResponse refused = call(r0, missing);
        assertTrue(refused.toString().contains("cannot read hostfile /no/such/hostfile"), refused.toString());
        assertEquals(published, backend.spawns.size(), "nothing published for a bad hostfile");
    }
}
