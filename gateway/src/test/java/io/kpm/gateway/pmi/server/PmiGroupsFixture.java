package io.kpm.gateway.pmi.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.kpm.broker.TopicReader;
import io.kpm.gateway.TestEvents;
import io.kpm.gateway.pmi.group.ProcessGroups;
import io.kpm.schemas.events.AppSpec;
import io.kpm.schemas.events.JobAccepted;
import io.kpm.schemas.events.JobPlaced;
import io.kpm.schemas.events.RankPlacement;

/** Process groups published as the scheduler would, and ranks that join them over real sockets. */
final class PmiGroupsFixture {

    private final PmiServer server;
    private final ProcessGroups groups;

    PmiGroupsFixture(PmiServer server, ProcessGroups groups) {
        this.server = server;
        this.groups = groups;
    }

    static int randomPmiId() {
        return 1 + ThreadLocalRandom.current().nextInt(Integer.MAX_VALUE - 1);
    }

    /** Publishes a group of {@code size} ranks on node-0 and waits until the gateway knows its ranks. */
    PmiServerTest.Group group(int size, Long spawnerPgid, Map<String, String> preput) {
        long pgid = TestEvents.uniquePgid();
        return group(pgid, size, spawnerPgid, preput, "r-" + pgid);
    }

    PmiServerTest.Group group(long pgid, int size, Long spawnerPgid, Map<String, String> preput, String requestId) {
        String kvsname = "kvs_kpm_" + pgid;
        int[] ids = new int[size];
        List<RankPlacement> ranks = new ArrayList<>();
        for (int r = 0; r < size; r++) {
            ids[r] = randomPmiId();
            ranks.add(new RankPlacement(r, "node-0", 0, ids[r]));
        }
        AppSpec app = new AppSpec("./a.out", List.of(), Map.of(), "/tmp", null, size, List.of(), null, Map.of());
        TopicReader.publish(TestEvents.bootstrap(),
                new JobAccepted(TestEvents.meta(), pgid, requestId, kvsname, spawnerPgid, size, List.of(app), preput,
                        Map.of(), server.advertisedEndpoint()),
                new JobPlaced(TestEvents.meta(), pgid, kvsname, size, List.of("node-0"), ranks, "(vector,(0,1," + size + "))"));
        await().atMost(Duration.ofSeconds(20)).until(() -> groups.findByPmiId(ids[size - 1]).isPresent());
        return new PmiServerTest.Group(pgid, kvsname, ids);
    }

    PmiTestClient connect() throws Exception {
        return new PmiTestClient(server.boundPort());
    }

    /** MPI_Init's first exchanges (PMI-WIRE.md 1.2) up to the mapping. */
    static void mpichInit(PmiTestClient c, PmiServerTest.Group g, int rank) throws Exception {
        c.line("cmd=initack pmiid=" + g.pmiIds()[rank]);
        assertEquals("cmd=initack", c.readLine());
        assertEquals("cmd=set size=" + g.pmiIds().length, c.readLine());
        assertEquals("cmd=set rank=" + rank, c.readLine());
        assertEquals("cmd=set debug=0", c.readLine());
        assertEquals("cmd=response_to_init pmi_version=1 pmi_subversion=1 rc=0",
                c.ask("cmd=init pmi_version=1 pmi_subversion=1"));
        assertEquals("cmd=maxes kvsname_max=256 keylen_max=64 vallen_max=1024", c.ask("cmd=get_maxes"));
        assertEquals("cmd=appnum appnum=0", c.ask("cmd=get_appnum"));
        assertEquals("cmd=my_kvsname kvsname=" + g.kvsname(), c.ask("cmd=get_my_kvsname"));
        assertEquals("cmd=get_result rc=0 msg=success value=(vector,(0,1,2))",
                c.ask("cmd=get kvsname=" + g.kvsname() + " key=PMI_process_mapping"));
    }
}
