package io.kpm.scheduler.health;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.kpm.scheduler.StartupRebuild;
import io.kpm.scheduler.leader.Leadership;

/**
 * {@code /q/health}, {@code /q/health/live}, {@code /q/health/ready} in SmallRye Health's JSON shape (that
 * extension is not in the reachable Maven mirror). Ready = the startup rebuild is done and Kafka answers.
 */
@Path("/q/health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

    public record Check(String name, String status, Map<String, Object> data) {
    }

    public record Health(String status, List<Check> checks) {
    }

    @Inject
    StartupRebuild startup;

    @Inject
    KafkaProbe kafka;

    @Inject
    Leadership leadership;

    @GET
    public Response all() {
        List<Check> checks = new ArrayList<>(live());
        checks.addAll(ready());
        return answer(checks);
    }

    @GET
    @Path("live")
    public Response liveness() {
        return answer(live());
    }

    @GET
    @Path("ready")
    public Response readiness() {
        return answer(ready());
    }

    private List<Check> live() {
        return List.of(new Check("scheduler", "UP", Map.of()));
    }

    private List<Check> ready() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("from", "kpm.nodes; kpm.jobs, kpm.proc.events, kpm.spawn.results on taking the lead");
        // a standby is ready too: being ready to take over is its job
        state.put("role", leadership.role());
        Map<String, Object> kafkaData = new LinkedHashMap<>();
        kafkaData.put("bootstrap.servers", kafka.bootstrap());
        String problem = kafka.problem();
        if (problem != null) kafkaData.put("error", problem);
        return List.of(
                new Check("startup-rebuild", startup.isDone() ? "UP" : "DOWN", state),
                new Check("kafka", problem == null ? "UP" : "DOWN", kafkaData));
    }

    private static Response answer(List<Check> checks) {
        boolean up = checks.stream().allMatch(c -> c.status().equals("UP"));
        return Response.status(up ? 200 : 503).entity(new Health(up ? "UP" : "DOWN", checks)).build();
    }
}
