package io.kpm.gateway.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.kpm.gateway.kafka.CatchUp;
import io.kpm.gateway.kafka.KafkaAdmin;
import io.kpm.gateway.pmi.server.PmiServer;

/**
 * {@code /q/health}: live when the process answers; ready when Kafka answers, the consumers read what was on
 * the topics at start, and the PMI port is bound. 503 when anything is DOWN.
 */
@Path("/q/health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

    public record Check(String name, String status, Map<String, Object> data) {
    }

    public record Health(String status, List<Check> checks) {
    }

    @Inject
    KafkaAdmin kafka;

    @Inject
    CatchUp catchUp;

    @Inject
    PmiServer pmi;

    @GET
    public Response all() {
        List<Check> checks = new ArrayList<>();
        checks.add(live());
        checks.addAll(readiness());
        return answer(checks);
    }

    @GET
    @Path("live")
    public Response liveness() {
        return answer(List.of(live()));
    }

    @GET
    @Path("ready")
    public Response readinessOnly() {
        return answer(readiness());
    }

    private static Check live() {
        return new Check("gateway", "UP", Map.of());
    }

    private List<Check> readiness() {
        List<Check> checks = new ArrayList<>();
        try {
            String cluster = kafka.clusterId(Duration.ofSeconds(3));
            checks.add(new Check("kafka", "UP", Map.of("bootstrap", kafka.bootstrap(), "clusterId", cluster)));
        } catch (Exception e) {
            checks.add(new Check("kafka", "DOWN", Map.of("bootstrap", kafka.bootstrap(),
                    "error", "Kafka does not answer: " + e.getMessage())));
        }
        checks.add(new Check("consumers", catchUp.isCaughtUp() ? "UP" : "DOWN",
                Map.<String, Object>copyOf(catchUp.progress())));
        int port = pmi.boundPort();
        checks.add(port > 0
                ? new Check("pmi", "UP", Map.of("port", port))
                : new Check("pmi", "DOWN", Map.of("error", "PMI port not bound")));
        return checks;
    }

    private static Response answer(List<Check> checks) {
        boolean up = checks.stream().allMatch(c -> c.status().equals("UP"));
        return Response.status(up ? 200 : 503).entity(new Health(up ? "UP" : "DOWN", checks)).build();
    }
}
