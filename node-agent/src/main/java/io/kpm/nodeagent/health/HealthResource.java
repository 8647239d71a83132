package io.kpm.nodeagent.health;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.kpm.nodeagent.config.NodeIdentity;
import io.kpm.nodeagent.launch.LaunchConsumer;
import io.kpm.nodeagent.presence.Presence;
import io.kpm.nodeagent.process.RunningRanks;
import io.smallrye.common.annotation.Blocking;

/**
 * /q/health in MicroProfile Health's JSON shape (quarkus-smallrye-health is not in our mirror). Live: the agent
 * runs. Ready: it registered its node, holds its kpm.launch partition, and Kafka answers.
 */
@Path("/q/health")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class HealthResource {

    public record Report(String status, List<HealthCheck> checks) {
    }

    @Inject
    NodeIdentity node;
    @Inject
    Presence presence;
    @Inject
    LaunchConsumer launchConsumer;
    @Inject
    RunningRanks running;
    @Inject
    KafkaReachability kafka;

    @GET
    public Response all() {
        List<HealthCheck> checks = new ArrayList<>(liveChecks());
        checks.addAll(readyChecks());
        return answer(checks);
    }

    @GET
    @Path("live")
    public Response live() {
        return answer(liveChecks());
    }

    @GET
    @Path("ready")
    public Response ready() {
        return answer(readyChecks());
    }

    private List<HealthCheck> liveChecks() {
        return List.of(HealthCheck.of("node-agent", true, Map.of("nodeId", node.nodeId(), "runningRanks", running.count())));
    }

    private List<HealthCheck> readyChecks() {
        return List.of(
                HealthCheck.of("node-registered", presence.isRegistered(), Map.of("nodeId", node.nodeId())),
                HealthCheck.of("launch-consumer", launchConsumer.isAssigned(), Map.of("topic", "kpm.launch")),
                kafka.check());
    }

    private static Response answer(List<HealthCheck> checks) {
        boolean up = checks.stream().allMatch(HealthCheck::up);
        return Response.status(up ? 200 : 503).entity(new Report(up ? "UP" : "DOWN", checks)).build();
    }
}
