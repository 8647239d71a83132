package io.kpm.scheduler.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.kpm.schemas.cpu.BindingPolicy;
import io.kpm.schemas.events.CpuTopology;
import io.kpm.scheduler.placement.PlacementResult.Placed;
import io.kpm.scheduler.placement.PlacementResult.Refused;

/**
 * Hydra's binding rule. The expected sets are what Hydra 4.2.3 ({@code mpiexec -bind-to X -map-by Y}, its
 * {@code HYDRA_TOPO_DEBUG=1} report) gives on the same topologies.
 */
class HydraBindingTest {

    /** Two sockets of two cores of two hardware threads, Linux's numbering: a core's sibling is cpu+4. */
    static final CpuTopology TWO_SOCKETS = new CpuTopology(
            List.of(List.of(0, 1, 4, 5), List.of(2, 3, 6, 7)),
            List.of(List.of(0, 1, 4, 5), List.of(2, 3, 6, 7)),
            List.of(List.of(0, 4), List.of(1, 5), List.of(2, 6), List.of(3, 7)));

    /** This project's CI machine: one socket, two cores, one thread each, one NUMA node. */
    static final CpuTopology TWO_CORES = new CpuTopology(List.of(List.of(0, 1)), List.of(List.of(0, 1)),
            List.of(List.of(0), List.of(1)));

    static List<String> sets(String bindTo, String mapBy, CpuTopology topology) throws Exception {
        return HydraBinding.sets(BindingPolicy.parse(bindTo, mapBy), topology);
    }

    @Test
    void bindToCoreGivesTheCoresInOrder() throws Exception {
        assertEquals(List.of("0,4", "1,5", "2,6", "3,7"), sets("core", null, TWO_SOCKETS));
        assertEquals(List.of("0", "1"), sets("core", null, TWO_CORES));
    }

    @Test
    void bindToHwthreadGivesTheThreadsInLogicalOrder() throws Exception {
        assertEquals(List.of("0", "4", "1", "5", "2", "6", "3", "7"), sets("hwthread", null, TWO_SOCKETS));
    }

    @Test
    void bindToSocketOrNumaGivesTheWholeSocket() throws Exception {
        assertEquals(List.of("0-1,4-5", "2-3,6-7"), sets("socket", null, TWO_SOCKETS));
        assertEquals(List.of("0-1,4-5", "2-3,6-7"), sets("numa", null, TWO_SOCKETS));
        assertEquals(List.of("0-1"), sets("socket", null, TWO_CORES));
        assertEquals(List.of("0-7"), sets("machine", null, TWO_SOCKETS));
    }

    @Test
    void mapBySocketAlternatesTheSockets() throws Exception {
        assertEquals(List.of("0,4", "2,6", "1,5", "3,7"), sets("core", "socket", TWO_SOCKETS));
        assertEquals(List.of("0", "2", "4", "6", "1", "3", "5", "7"), sets("hwthread", "socket", TWO_SOCKETS));
    }

    @Test
    void aBindingLargerThanTheMappingDomainIsTheObjectHoldingIt() throws Exception {
        assertEquals(List.of("0-1,4-5", "0-1,4-5", "2-3,6-7", "2-3,6-7"), sets("socket", "core", TWO_SOCKETS));
    }

    @Test
    void countsSpanSeveralObjects() throws Exception {
        assertEquals(List.of("0-1,4-5", "2-3,6-7"), sets("core:2", null, TWO_SOCKETS));
        assertEquals(List.of("0-1"), sets("core:2", null, TWO_CORES));
    }

    @Test
    void roundRobinAndUserListsAreOsCpuIds() throws Exception {
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7"), sets("rr", null, TWO_SOCKETS));
        assertEquals(List.of("1", "0-1"), sets("user:1,0+1", null, TWO_CORES));
        HydraBinding.Unbindable unknown = assertThrows(HydraBinding.Unbindable.class,
                () -> sets("user:5", null, TWO_CORES));
        assertTrue(unknown.getMessage().contains("cpu 5"), unknown.getMessage());
    }

    @Test
    void onlyTheCpusTheAgentMayUseAreHandedOut() throws Exception {
        // an agent confined to cpus 2 and 3 (taskset, cgroup cpuset) reports only those
        CpuTopology confined = new CpuTopology(List.of(List.of(2, 3)), List.of(), List.of(List.of(2), List.of(3)));
        assertEquals(List.of("2", "3"), sets("core", null, confined));
        assertEquals(List.of("2-3"), sets("numa", null, confined));
    }

    @Test
    void aLargeNodeGivesEveryThreadOnceInTurnOverItsSockets() throws Exception {
        // 2 sockets x 64 cores x 2 threads, Linux numbering: core c of socket s is cpu 64s+c, its sibling +128
        List<List<Integer>> sockets = new ArrayList<>();
        List<List<Integer>> cores = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            List<Integer> socket = new ArrayList<>();
            for (int c = 0; c < 64; c++) {
                int cpu = 64 * s + c;
                cores.add(List.of(cpu, cpu + 128));
                socket.addAll(List.of(cpu, cpu + 128));
            }
            sockets.add(socket);
        }
        CpuTopology big = new CpuTopology(sockets, sockets, cores);
        List<String> sets = sets("hwthread", "socket", big);
        assertEquals(256, sets.size());
        assertEquals(256, java.util.Set.copyOf(sets).size());
        assertEquals(List.of("0", "64", "128", "192", "1", "65"), sets.subList(0, 6));
        assertEquals(128, sets("core", "numa", big).size());
    }

    @Test
    void aMappingLargerThanTheNodeIsRefused() {
        HydraBinding.Unbindable e = assertThrows(HydraBinding.Unbindable.class,
                () -> sets("core", "socket:3", TWO_SOCKETS));
        assertTrue(e.getMessage().contains("larger than the node"), e.getMessage());
    }

    // --- through placement: which set each rank takes

    static PlacementNode node(String id, int cores, CpuTopology topology) {
        return new PlacementNode(id, "host-" + id, cores, false, topology);
    }

    static List<String> cpusOfEachRank(String bindTo, String mapBy, int ranks, List<PlacementNode> nodes) {
        Placed placed = assertInstanceOf(Placed.class, HydraPlacement.place(List.of(HydraPlacementTest.app(ranks)),
                nodes, null, BindingPolicy.parse(bindTo, mapBy)));
        List<String> out = new ArrayList<>();
        placed.ranks().forEach(r -> out.add(r.nodeId() + ":" + r.cpus()));
        return out;
    }

    @Test
    void moreRanksThanCoresWrapRoundAsHydraDoes() {
        // Hydra 4.2.3 on 2 cores: mpiexec -n 3 -bind-to core gives ranks 0, 1, 2 the cores 0, 1, 0
        assertEquals(List.of("n0:0", "n0:1", "n0:0"), cpusOfEachRank("core", null, 3, List.of(node("n0", 2, TWO_CORES))));
        assertEquals(List.of("n0:0-1", "n0:0-1", "n0:0-1"),
                cpusOfEachRank("socket", null, 3, List.of(node("n0", 2, TWO_CORES))));
    }

    @Test
    void eachNodeCountsItsOwnRanks() {
        List<PlacementNode> nodes = List.of(node("n0", 2, TWO_CORES), node("n1", 2, TWO_CORES));
        assertEquals(List.of("n0:0", "n0:1", "n1:0", "n1:1", "n0:0", "n0:1"), cpusOfEachRank("core", null, 6, nodes));
        // map-by node: one rank per node in turn, so each node's ranks are its 1st, 2nd, ...
        assertEquals(List.of("n0:0", "n1:0", "n0:1", "n1:1"), cpusOfEachRank("core", "node", 4, nodes));
        assertEquals(List.of("n0:null", "n1:null", "n0:null"), cpusOfEachRank(null, "node", 3, nodes));
        assertEquals(List.of("n0:null", "n0:null", "n1:null"), cpusOfEachRank(null, "slot", 3, nodes));
    }

    @Test
    void ranksPastAUserListAreNotBound() {
        assertEquals(List.of("n0:1", "n0:null"), cpusOfEachRank("user:1", null, 2, List.of(node("n0", 2, TWO_CORES))));
    }

    @Test
    void withoutBindingNoRankIsBound() {
        assertEquals(List.of("n0:null", "n0:null"), cpusOfEachRank("none", "core", 2, List.of(node("n0", 2, TWO_CORES))));
    }

    @Test
    void aNodeWithoutTopologyCannotBindButCanRunUnbound() {
        List<PlacementNode> old = List.of(new PlacementNode("n0", "h", 2, false));
        Refused refused = assertInstanceOf(Refused.class, HydraPlacement.place(List.of(HydraPlacementTest.app(1)), old,
                null, BindingPolicy.parse("core", null)));
        assertEquals(503, refused.status());
        assertTrue(refused.reason().contains("no cpu topology"), refused.reason());
        assertEquals(List.of("n0:null"), cpusOfEachRank(null, null, 1, old));
    }

    @Test
    void aBadPolicyInTheJobInfoIsRefusedByPlacement() {
        io.kpm.schemas.events.SpawnRequested request = new io.kpm.schemas.events.SpawnRequested(
                io.kpm.scheduler.jobs.Events.meta(), "r", null, null,
                List.of(HydraPlacementTest.app(1)), null, java.util.Map.of("bind-to", "l3cache"), "127.0.0.1:1");
        Refused refused = assertInstanceOf(Refused.class,
                SpawnPlacement.place(request, List.of(), List.of(node("n0", 2, TWO_CORES)), null));
        assertEquals(400, refused.status());
    }
}
