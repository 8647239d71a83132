package io.kpm.gateway.nodes;

public enum NodeState {
    UP, DRAINING, LOST, LEFT
}
