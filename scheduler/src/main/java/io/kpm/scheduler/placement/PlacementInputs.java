package io.kpm.scheduler.placement;

import java.util.List;

import io.kpm.schemas.events.PlacementInput;

/** Placement's inputs as the events record them, and back: what lets a replay re-run the very same call. */
public final class PlacementInputs {

    private PlacementInputs() {
    }

    public static PlacementInput of(List<PlacementNode> nodes, String spawnerNode) {
        return new PlacementInput(nodes.stream()
                .map(n -> new PlacementInput.Node(n.nodeId(), n.hostname(), n.cores(), n.draining(), n.topology()))
                .toList(), spawnerNode);
    }

    public static List<PlacementNode> nodes(PlacementInput input) {
        return input.nodes().stream()
                .map(n -> new PlacementNode(n.nodeId(), n.hostname(), n.cores(), n.draining(), n.topology()))
                .toList();
    }
}
