package io.kpm.gateway.api;

import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.kpm.gateway.nodes.NodeView;
import io.kpm.gateway.nodes.NodeViews;

@Path("/api/v1/nodes")
@Produces(MediaType.APPLICATION_JSON)
public class NodesResource {

    @Inject
    NodeViews nodes;

    @GET
    public List<NodeView> list() {
        return nodes.list(Instant.now());
    }
}
