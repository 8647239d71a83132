package io.kpm.schemas.events;

import io.kpm.schemas.Topics;

/**
 * An operator drained the node ({@code kpm drain}, {@code POST /api/v1/nodes/{node}/drain}): it takes no new ranks,
 * the ones it runs go on. Sticky until {@link NodeUndrained}, also across restarts of its agent. Keyed
 * {@link #drainKey(String)}, not by the node id: kpm.nodes is compacted, and the node's next heartbeat (keyed by its
 * id) would otherwise erase the drain.
 */
public record NodeDraining(EventMeta meta, String nodeId, String hostname, int cores, String reason)
        implements KpmEvent {

    /** The key of a node's drain decisions on kpm.nodes: never a node id (those have no whitespace). */
    public static String drainKey(String nodeId) {
        return nodeId + " drain";
    }

    @Override
    public String kafkaKey() {
        return drainKey(nodeId);
    }

    @Override
    public String topic() {
        return Topics.NODES;
    }
}
