package io.kpm.gateway.api;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import io.kpm.gateway.kafka.EventPublisher;
import io.kpm.gateway.nodes.NodeView;
import io.kpm.gateway.nodes.NodeViews;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.NodeDraining;
import io.kpm.schemas.events.NodeUndrained;
import io.kpm.schemas.nodes.NodeFold;
import io.smallrye.mutiny.Uni;

/**
 * {@code /api/v1/nodes}: the node registry, and draining. A drain is an operator's fact about a node, not a
 * placement decision, so the gateway records it itself (NodeDraining / NodeUndrained on kpm.nodes); the scheduler
 * folds kpm.nodes with the same {@link NodeFold} and its placement skips a draining node from the moment it read
 * the event. Running ranks are not touched.
 */
@Path("/api/v1/nodes")
@Produces(MediaType.APPLICATION_JSON)
public class NodesResource {

    private static final Logger LOG = Logger.getLogger(NodesResource.class);
    /** A reason is a note for people, not a document. */
    static final int MAX_REASON = 256;

    @Inject
    NodeViews nodes;

    @Inject
    EventPublisher publisher;

    @GET
    public List<NodeView> list() {
        return nodes.list(Instant.now());
    }

    /** The node takes no new ranks (idempotent); answers the node as the registry then shows it. */
    @POST
    @Path("{node}/drain")
    public Uni<Response> drain(@PathParam("node") String nodeId, @QueryParam("reason") String reason) {
        NodeFold.Node node = known(nodeId);
        checkReason(reason);
        if (node.draining()) return Uni.createFrom().item(Response.ok(view(nodeId)).build());
        String hostname = node.hostname() == null ? nodeId : node.hostname();
        return record(new NodeDraining(publisher.newMeta(), nodeId, hostname, Math.max(1, node.cores()),
                reason == null || reason.isBlank() ? "drained by user" : reason), "drain");
    }

    /** The node takes new ranks again (idempotent). */
    @POST
    @Path("{node}/undrain")
    public Uni<Response> undrain(@PathParam("node") String nodeId, @QueryParam("reason") String reason) {
        NodeFold.Node node = known(nodeId);
        checkReason(reason);
        if (!node.draining()) return Uni.createFrom().item(Response.ok(view(nodeId)).build());
        return record(new NodeUndrained(publisher.newMeta(), nodeId, reason), "undrain");
    }

    /**
     * Once Kafka has it, the gateway's own view takes it at once (reading it back later changes nothing), so the
     * answer and every GET after it show the new state.
     */
    private Uni<Response> record(KpmEvent event, String what) {
        String nodeId = event instanceof NodeDraining d ? d.nodeId() : ((NodeUndrained) event).nodeId();
        CompletionStage<Void> written = publisher.publish(event);
        return Uni.createFrom().completionStage(() -> written)
                .map(ok -> {
                    nodes.apply(event);
                    return Response.ok(view(nodeId)).build();
                })
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("cannot publish the %s of node %s: %s", what, nodeId, e.getMessage());
                    return Problem.of(503, "kafka-unavailable", "cannot publish the " + what + " of node " + nodeId
                            + " to Kafka: " + e.getMessage()).toResponse();
                });
    }

    private NodeView view(String nodeId) {
        return nodes.find(nodeId, Instant.now()).orElseThrow();
    }

    private NodeFold.Node known(String nodeId) {
        return nodes.facts(nodeId).orElseThrow(() -> {
            String known = nodes.list(Instant.now()).stream().map(NodeView::nodeId).collect(Collectors.joining(", "));
            return Problem.of(404, "unknown-node", "no node '" + nodeId + "' in the registry; the known nodes are: "
                    + (known.isEmpty() ? "none" : known)).toException();
        });
    }

    private static void checkReason(String reason) {
        if (reason != null && (reason.length() > MAX_REASON || reason.chars().anyMatch(Character::isISOControl))) {
            throw Problem.of(400, "invalid-parameter", "reason must be at most " + MAX_REASON
                    + " characters without control characters").toException();
        }
    }
}
