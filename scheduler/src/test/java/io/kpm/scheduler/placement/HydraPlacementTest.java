package io.kpm.scheduler.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.kpm.schemas.events.AppSpec;
import io.kpm.scheduler.placement.PlacementResult.Placed;
import io.kpm.scheduler.placement.PlacementResult.Refused;

class HydraPlacementTest {

    static AppSpec app(int maxprocs) {
        return new AppSpec("/bin/true", List.of(), Map.of(), null, null, maxprocs, List.of(), null, Map.of());
    }

    static AppSpec onHosts(int maxprocs, String... hosts) {
        return new AppSpec("/bin/true", List.of(), Map.of(), null, null, maxprocs, List.of(hosts), null, Map.of());
    }

    static AppSpec withPpn(int maxprocs, int ppn) {
        return new AppSpec("/bin/true", List.of(), Map.of(), null, null, maxprocs, List.of(), ppn, Map.of());
    }

    static AppSpec withInfo(int maxprocs, Map<String, String> info) {
        return new AppSpec("/bin/true", List.of(), Map.of(), null, null, maxprocs, List.of(), null, info);
    }

    static PlacementNode node(String id, int cores) {
        return new PlacementNode(id, "host-" + id, cores, false);
    }

    static List<PlacementNode> twoByTwo() {
        return List.of(node("n0", 2), node("n1", 2));
    }

    static Placed placed(List<AppSpec> apps, List<PlacementNode> nodes) {
        return assertInstanceOf(Placed.class, HydraPlacement.place(apps, nodes));
    }

    static Refused refused(List<AppSpec> apps, List<PlacementNode> nodes) {
        return assertInstanceOf(Refused.class, HydraPlacement.place(apps, nodes));
    }

    static List<String> nodeOfEachRank(Placed p) {
        List<String> out = new ArrayList<>();
        p.ranks().forEach(r -> out.add(r.nodeId()));
        return out;
    }

    @Test
    void twoRanksOnOneTwoCoreNode() {
        Placed p = placed(List.of(app(2)), List.of(node("n0", 2)));
        assertEquals(List.of("n0", "n0"), nodeOfEachRank(p));
        assertEquals(List.of("n0"), p.nodes());
        assertEquals("(vector,(0,1,2))", p.processMapping());
    }

    @Test
    void fourRanksFillTwoNodesOfTwoCores() {
        Placed p = placed(List.of(app(4)), twoByTwo());
        assertEquals(List.of("n0", "n0", "n1", "n1"), nodeOfEachRank(p));
        assertEquals("(vector,(0,2,2))", p.processMapping());
    }

    @Test
    void threeRanksLeaveTheSecondNodeHalfUsed() {
        Placed p = placed(List.of(app(3)), twoByTwo());
        assertEquals(List.of("n0", "n0", "n1"), nodeOfEachRank(p));
        assertEquals("(vector,(0,1,2),(1,1,1))", p.processMapping());
    }

    @Test
    void sixRanksOnTwoByTwoWrapRound() {
        Placed p = placed(List.of(app(6)), twoByTwo());
        assertEquals(List.of("n0", "n0", "n1", "n1", "n0", "n0"), nodeOfEachRank(p));
        assertEquals(List.of("n0", "n1"), p.nodes());
        assertEquals("(vector,(0,2,2),(0,1,2))", p.processMapping());
        for (int i = 0; i < 6; i++) {
            assertEquals(i, p.ranks().get(i).rank());
            assertEquals(0, p.ranks().get(i).appnum());
        }
    }

    @Test
    void oversubscribingOneNodePutsEveryRankOnIt() {
        Placed p = placed(List.of(app(5)), List.of(node("n0", 2)));
        assertEquals(List.of("n0", "n0", "n0", "n0", "n0"), nodeOfEachRank(p));
        assertEquals("(vector,(0,1,5))", p.processMapping());
    }

    @Test
    void unequalCoresGiveUnequalBlocks() {
        Placed p = placed(List.of(app(8)), List.of(node("big", 4), node("small", 2)));
        assertEquals(List.of("big", "big", "big", "big", "small", "small", "big", "big"), nodeOfEachRank(p));
        assertEquals("(vector,(0,1,4),(1,1,2),(0,1,2))", p.processMapping());
    }

    @Test
    void liveNodesAreSortedByNodeIdWithNumbersComparedAsNumbers() {
        List<PlacementNode> nodes = List.of(node("node-10", 1), node("node-2", 1), node("node-1", 1));
        Placed p = placed(List.of(app(3)), nodes);
        assertEquals(List.of("node-1", "node-2", "node-10"), nodeOfEachRank(p));
        assertEquals(List.of("node-1", "node-2", "node-10"), p.nodes());
        assertEquals("(vector,(0,3,1))", p.processMapping());
    }

    @Test
    void drainingNodesGetNoRanksByDefault() {
        List<PlacementNode> nodes = List.of(new PlacementNode("n0", "h0", 2, true), node("n1", 2));
        Placed p = placed(List.of(app(3)), nodes);
        assertEquals(List.of("n1", "n1", "n1"), nodeOfEachRank(p));
    }

    @Test
    void hostsRestrictTheNodeListAndKeepTheirOrder() {
        List<PlacementNode> nodes = List.of(node("n0", 2), node("n1", 2), node("n2", 2));
        Placed p = placed(List.of(onHosts(4, "n2", "n0")), nodes);
        assertEquals(List.of("n2", "n2", "n0", "n0"), nodeOfEachRank(p));
        assertEquals(List.of("n2", "n0"), p.nodes());
        assertEquals("(vector,(0,2,2))", p.processMapping());
    }

    @Test
    void hostsMatchHostnamesToo() {
        Placed p = placed(List.of(onHosts(2, "host-n1")), twoByTwo());
        assertEquals(List.of("n1", "n1"), nodeOfEachRank(p));
    }

    @Test
    void aHostnameSharedBySimulatedNodesMatchesAllOfThem() {
        List<PlacementNode> nodes = List.of(new PlacementNode("b", "box", 1, false),
                new PlacementNode("a", "box", 1, false), new PlacementNode("c", "other", 1, false));
        Placed p = placed(List.of(onHosts(2, "box")), nodes);
        assertEquals(List.of("a", "b"), nodeOfEachRank(p));
    }

    @Test
    void infoHostsAndHostAreReadWhenHostsIsEmpty() {
        Placed viaHosts = placed(List.of(withInfo(3, Map.of("hosts", "n1, n0"))), twoByTwo());
        assertEquals(List.of("n1", "n1", "n0"), nodeOfEachRank(viaHosts));
        Placed viaHost = placed(List.of(withInfo(2, Map.of("host", "n1"))), twoByTwo());
        assertEquals(List.of("n1", "n1"), nodeOfEachRank(viaHost));
    }

    @Test
    void ppnReplacesTheCoreCount() {
        Placed p = placed(List.of(withPpn(4, 1)), twoByTwo());
        assertEquals(List.of("n0", "n1", "n0", "n1"), nodeOfEachRank(p));
        assertEquals("(vector,(0,2,1),(0,2,1))", p.processMapping());

        Placed three = placed(List.of(withPpn(6, 3)), twoByTwo());
        assertEquals(List.of("n0", "n0", "n0", "n1", "n1", "n1"), nodeOfEachRank(three));
        assertEquals("(vector,(0,2,3))", three.processMapping());
    }

    @Test
    void ppnMayComeFromInfo() {
        Placed p = placed(List.of(withInfo(2, Map.of("ppn", "1"))), twoByTwo());
        assertEquals(List.of("n0", "n1"), nodeOfEachRank(p));
    }

    @Test
    void theNextAppContinuesWhereThePreviousStopped() {
        Placed p = placed(List.of(app(1), app(3)), twoByTwo());
        assertEquals(List.of("n0", "n0", "n1", "n1"), nodeOfEachRank(p));
        assertEquals(List.of(0, 1, 1, 1), p.ranks().stream().map(PlacedRank::appnum).toList());
        assertEquals(List.of(0, 1, 2, 3), p.ranks().stream().map(PlacedRank::rank).toList());
        assertEquals("(vector,(0,2,2))", p.processMapping());
    }

    @Test
    void anAppThatFilledABlockLeavesTheNextAppTheNextNode() {
        Placed p = placed(List.of(app(2), app(1), app(1)), twoByTwo());
        assertEquals(List.of("n0", "n0", "n1", "n1"), nodeOfEachRank(p));
        assertEquals(List.of(0, 0, 1, 2), p.ranks().stream().map(PlacedRank::appnum).toList());
    }

    @Test
    void anAppOnOtherHostsStartsAtItsFirstHost() {
        List<PlacementNode> nodes = List.of(node("n0", 2), node("n1", 2), node("n2", 2));
        Placed p = placed(List.of(onHosts(1, "n0"), onHosts(2, "n2")), nodes);
        assertEquals(List.of("n0", "n2", "n2"), nodeOfEachRank(p));
        assertEquals(List.of("n0", "n2"), p.nodes());
        assertEquals("(vector,(0,1,1),(1,1,2))", p.processMapping());
    }

    @Test
    void placementIsDeterministic() {
        assertEquals(HydraPlacement.place(List.of(app(7), app(2)), twoByTwo()),
                HydraPlacement.place(List.of(app(7), app(2)), twoByTwo()));
    }

    @Test
    void refusesARequestWithoutApps() {
        Refused r = refused(List.of(), twoByTwo());
        assertEquals(400, r.status());
        assertTrue(r.reason().contains("no apps"), r.reason());
        assertEquals(400, refused(null, twoByTwo()).status());
    }

    @Test
    void refusesMaxprocsBelowOne() {
        Refused r = refused(List.of(app(1), app(0)), twoByTwo());
        assertEquals(400, r.status());
        assertEquals("app 1: maxprocs must be at least 1, got 0", r.reason());
        assertEquals(400, refused(List.of(app(-3)), twoByTwo()).status());
    }

    @Test
    void refusesAnEmptyCmd() {
        AppSpec blank = new AppSpec("  ", List.of(), Map.of(), null, null, 1, List.of(), null, Map.of());
        Refused r = refused(List.of(blank), twoByTwo());
        assertEquals(400, r.status());
        assertEquals("app 0: cmd is empty", r.reason());
        AppSpec none = new AppSpec(null, List.of(), Map.of(), null, null, 1, List.of(), null, Map.of());
        assertEquals(400, refused(List.of(none), twoByTwo()).status());
    }

    @Test
    void refusesPpnBelowOne() {
        Refused r = refused(List.of(withPpn(2, 0)), twoByTwo());
        assertEquals(400, r.status());
        assertEquals("app 0: ppn must be at least 1, got 0", r.reason());
        Refused fromInfo = refused(List.of(withInfo(2, Map.of("ppn", "two"))), twoByTwo());
        assertEquals(400, fromInfo.status());
        assertTrue(fromInfo.reason().contains("'two'"), fromInfo.reason());
    }

    @Test
    void refusesAbsurdSizes() {
        assertEquals(400, refused(List.of(app(HydraPlacement.MAX_RANKS), app(1)), twoByTwo()).status());
    }

    @Test
    void refusesAnUnknownHostNamingItAndTheRegisteredNodes() {
        Refused r = refused(List.of(onHosts(2, "n1", "nosuch")), twoByTwo());
        assertEquals(404, r.status());
        assertTrue(r.reason().contains("unknown host 'nosuch'"), r.reason());
        assertTrue(r.reason().contains("n0 (host-n0), n1 (host-n1)"), r.reason());
    }

    @Test
    void refusesWhenNoNodeIsLive() {
        Refused r = refused(List.of(app(1)), List.of());
        assertEquals(503, r.status());
        assertTrue(r.reason().contains("no live node"), r.reason());
    }

    @Test
    void refusesWhenEveryNodeIsDraining() {
        List<PlacementNode> draining = List.of(new PlacementNode("n0", "h0", 2, true));
        assertEquals(503, refused(List.of(app(1)), draining).status());
        assertEquals(503, refused(List.of(onHosts(1, "n0")), draining).status());
    }

    @Test
    void validationComesBeforeNodes() {
        assertEquals(400, refused(List.of(app(0)), List.of()).status());
    }

    @Test
    void localhostMeansTheNodeOfTheSpawningRank() {
        Placed fromRank = assertInstanceOf(Placed.class,
                HydraPlacement.place(List.of(withInfo(3, Map.of("host", "localhost"))), twoByTwo(), "n1"));
        assertEquals(List.of("n1", "n1", "n1"), nodeOfEachRank(fromRank));
        assertEquals("(vector,(0,1,3))", fromRank.processMapping());
    }

    @Test
    void localhostFromALauncherIsAnOrdinaryName() {
        Refused r = assertInstanceOf(Refused.class,
                HydraPlacement.place(List.of(withInfo(1, Map.of("host", "localhost"))), twoByTwo(), null));
        assertEquals(404, r.status());
        assertTrue(r.reason().contains("unknown host 'localhost'"), r.reason());
    }
}
