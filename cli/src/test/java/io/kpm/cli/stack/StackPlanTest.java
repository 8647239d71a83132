package io.kpm.cli.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.kpm.schemas.RetentionOverrides;

class StackPlanTest {

    private static final Path HOME = Path.of("/opt/kpm");
    private static final StackLayout LAYOUT = new StackLayout(Path.of("/opt/kpm/.kpm"));
    private final StackPlan plan = new StackPlan(new ServiceJars(HOME), Path.of("/jdk/bin/java"));

    /** A JVM per service, as asked with {@code kpm up --jvm-per-service}. */
    private static StackSpec jvmPerService(int nodes, StackPorts ports, String kafka, String listen) {
        return new StackSpec(nodes, null, ports, LAYOUT, kafka, RetentionOverrides.NONE, listen, (short) 1, true);
    }

    @Test
    void oneNodeStackRunsSchedulerGatewayAndAgentInOneJvmOnTheGatewaysPorts() {
        StackSpec spec = new StackSpec(1, 4, StackPorts.fromBase(7700, 1), LAYOUT, null);
        assertTrue(spec.oneJvm());
        List<ComponentPlan> components = plan.components(spec);
        assertEquals(List.of("broker", "services"), components.stream().map(ComponentPlan::name).toList());
        ComponentPlan services = components.get(1);
        assertEquals(Role.SERVICES, services.role());
        assertTrue(services.role().hasGateway() && services.role().hasNodeAgent());
        assertEquals(List.of("/jdk/bin/java", "-XX:+UseSerialGC", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30",
                "-XX:TieredStopAtLevel=1", "-Xms16m", "-Xmx256m", "-Dkpm.stack=/opt/kpm/.kpm",
                "-Dkafka.bootstrap.servers=127.0.0.1:7700", "-Dquarkus.http.port=7702", "-Dquarkus.http.host=127.0.0.1",
                "-Dkpm.gateway.pmi.port=7703", "-Dkpm.gateway.pmi.host=127.0.0.1",
                "-Dkpm.gateway.pmi.advertised-host=127.0.0.1", "-Dkpm.gateway.auth.token-file=/opt/kpm/.kpm/token",
                "-Dkpm.agent.cores=4", "-jar", "/opt/kpm/all-in-one/target/quarkus-app/quarkus-run.jar"),
                services.command());
        assertEquals("http://127.0.0.1:7702/q/health/ready", services.healthUrl());
        assertNull(services.nodeId(), "the node keeps its default id, the hostname");
    }

    @Test
    void moreNodesOrStandbySchedulersOrAskingForItGiveAJvmPerService() {
        assertFalse(new StackSpec(2, null, StackPorts.fromBase(7700, 2), LAYOUT, null).oneJvm());
        assertFalse(new StackSpec(1, null, StackPorts.fromBase(7700, 1, 1), LAYOUT, null).oneJvm());
        assertFalse(jvmPerService(1, StackPorts.fromBase(7700, 1), null, null).oneJvm());
    }

    @Test
    void oneNodeStackWithAJvmPerServiceStartsBrokerSchedulerGatewayAndAnAgentWithItsDefaultNodeId() {
        List<ComponentPlan> components = plan.components(jvmPerService(1, StackPorts.fromBase(7700, 1), null, null));
        assertEquals(List.of("broker", "scheduler", "gateway", "node-agent"),
                components.stream().map(ComponentPlan::name).toList());

        ComponentPlan broker = components.get(0);
        assertEquals(List.of("/jdk/bin/java", "-XX:+UseSerialGC", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30",
                "-Xms32m", "-Xmx512m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Dkpm.stack=/opt/kpm/.kpm",
                "-cp", "/opt/kpm/broker/target/kpm-broker.jar:/opt/kpm/broker/target/lib/*",
                "io.kpm.broker.BrokerMain", "--port", "7700", "--controller-port", "7701",
                "--data-dir", "/opt/kpm/.kpm/kafka"), broker.command());
        assertNull(broker.healthUrl(), "the broker announces readiness in its log");
        assertEquals("/opt/kpm/broker/target/kpm-broker.jar", broker.jar());

        ComponentPlan gateway = components.get(2);
        assertEquals(List.of("/jdk/bin/java", "-XX:+UseSerialGC", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30",
                "-XX:TieredStopAtLevel=1", "-Xms16m", "-Xmx256m", "-Dkpm.stack=/opt/kpm/.kpm",
                "-Dkafka.bootstrap.servers=127.0.0.1:7700", "-Dquarkus.http.port=7702", "-Dquarkus.http.host=127.0.0.1",
                "-Dkpm.gateway.pmi.port=7703", "-Dkpm.gateway.pmi.host=127.0.0.1",
                "-Dkpm.gateway.pmi.advertised-host=127.0.0.1", "-Dkpm.gateway.auth.token-file=/opt/kpm/.kpm/token",
                "-jar", "/opt/kpm/gateway/target/quarkus-app/quarkus-run.jar"), gateway.command());
        assertEquals("http://127.0.0.1:7702/q/health/ready", gateway.healthUrl());

        ComponentPlan scheduler = components.get(1);
        assertTrue(scheduler.command().contains("-Dquarkus.http.port=7704"));

        ComponentPlan agent = components.get(3);
        assertEquals(7710, agent.port());
        assertNull(agent.nodeId());
        assertFalse(agent.command().stream().anyMatch(arg -> arg.startsWith("-Dkpm.agent.node-id")));
        assertFalse(agent.command().stream().anyMatch(arg -> arg.startsWith("-Dkpm.agent.cores")));
    }

    @Test
    void severalNodesAreSimulatedNodesWithTheirOwnIdsPortsAndCores() {
        List<ComponentPlan> agents = plan.components(new StackSpec(3, 2, StackPorts.fromBase(9000, 3), LAYOUT, null))
                .stream().filter(c -> c.role() == Role.NODE_AGENT).toList();
        assertEquals(3, agents.size());
        for (int i = 0; i < 3; i++) {
            ComponentPlan agent = agents.get(i);
            assertEquals("node-" + i, agent.nodeId());
            assertEquals("node-" + i, agent.name(), "a simulated node's log and pid file are named by its id");
            assertTrue(agent.command().contains("-Dkpm.agent.node-id=node-" + i), agent.command().toString());
            assertTrue(agent.command().contains("-Dkpm.instance=node-" + i));
            assertTrue(agent.command().contains("-Dkpm.agent.cores=2"));
            assertTrue(agent.command().contains("-Dquarkus.http.port=" + (9010 + i)));
            assertTrue(agent.command().contains("-Dkafka.bootstrap.servers=127.0.0.1:9000"));
            assertEquals("/opt/kpm/node-agent/target/quarkus-app/quarkus-run.jar", agent.jar());
        }
    }

    @Test
    void listeningBeyondLoopbackIsAskedForAndRanksAreToldAnAddressTheyCanReach() {
        List<ComponentPlan> specific = plan.components(jvmPerService(1, StackPorts.fromBase(7700, 1), null, "10.1.2.3"));
        ComponentPlan gateway = specific.stream().filter(c -> c.role() == Role.GATEWAY).findFirst().orElseThrow();
        assertTrue(gateway.command().contains("-Dquarkus.http.host=10.1.2.3"), gateway.command().toString());
        assertTrue(gateway.command().contains("-Dkpm.gateway.pmi.host=10.1.2.3"));
        assertTrue(gateway.command().contains("-Dkpm.gateway.pmi.advertised-host=10.1.2.3"));
        assertEquals("http://10.1.2.3:7702/q/health/ready", gateway.healthUrl());
        assertTrue(specific.stream().filter(c -> c.role() != Role.BROKER)
                .allMatch(c -> c.command().contains("-Dquarkus.http.host=10.1.2.3")));
        ComponentPlan services = plan.components(new StackSpec(1, null, StackPorts.fromBase(7700, 1), LAYOUT, null,
                RetentionOverrides.NONE, "10.1.2.3")).get(1);
        assertTrue(services.command().containsAll(List.of("-Dquarkus.http.host=10.1.2.3", "-Dkpm.gateway.pmi.host=10.1.2.3",
                "-Dkpm.gateway.pmi.advertised-host=10.1.2.3")), services.command().toString());

        StackSpec everywhere = new StackSpec(1, null, StackPorts.fromBase(7700, 1), LAYOUT, null,
                io.kpm.schemas.RetentionOverrides.NONE, "0.0.0.0");
        assertEquals("127.0.0.1", everywhere.localHost(), "this machine reaches it on loopback");
        assertNotEquals("0.0.0.0", everywhere.advertisedHost(), "ranks cannot connect to 0.0.0.0");
    }

    @Test
    void anExternalKafkaReplacesTheBroker() {
        List<ComponentPlan> components = plan.components(
                jvmPerService(1, StackPorts.fromBase(7700, 1), "kafka.example.org:9092", null));
        assertEquals(List.of("scheduler", "gateway", "node-agent"), components.stream().map(ComponentPlan::name).toList());
        assertTrue(components.stream().allMatch(c -> c.command().contains("-Dkafka.bootstrap.servers=kafka.example.org:9092")));
        List<ComponentPlan> oneJvm = plan.components(
                new StackSpec(1, null, StackPorts.fromBase(7700, 1), LAYOUT, "kafka.example.org:9092"));
        assertEquals(List.of("services"), oneJvm.stream().map(ComponentPlan::name).toList());
        assertTrue(oneJvm.get(0).command().contains("-Dkafka.bootstrap.servers=kafka.example.org:9092"));
    }

    @Test
    void missingJarsAreListedRelativeToTheCheckout() {
        assertEquals(List.of(Path.of("broker/target/kpm-broker.jar"), Path.of("scheduler/target/quarkus-app/quarkus-run.jar"),
                Path.of("gateway/target/quarkus-app/quarkus-run.jar"), Path.of("node-agent/target/quarkus-app/quarkus-run.jar"),
                Path.of("all-in-one/target/quarkus-app/quarkus-run.jar")),
                new ServiceJars(Path.of("/nonexistent/kpm")).missing());
    }

    @Test
    void topicRetentionGoesToEveryProcessThatMayCreateTheTopics() {
        RetentionOverrides retention = RetentionOverrides.parse("kpm.proc.output=3d", "kpm.proc.output=2G");
        List<ComponentPlan> components = plan.components(
                new StackSpec(2, null, StackPorts.fromBase(7700, 2), LAYOUT, null, retention));
        for (ComponentPlan component : components) {
            assertTrue(component.command().contains("-Dkpm.topics.retention=kpm.proc.output=3d"), component.name());
            assertTrue(component.command().contains("-Dkpm.topics.retention-bytes=kpm.proc.output=2G"), component.name());
        }
        ComponentPlan broker = components.get(0);
        assertTrue(broker.command().indexOf("-Dkpm.topics.retention=kpm.proc.output=3d") < broker.command().indexOf("-cp"),
                "a JVM option, before the class path");
    }

    @Test
    void standbySchedulersGetTheirOwnPortsAndNamesAndAReplicatedClusterItsFactor() {
        StackSpec spec = new StackSpec(1, null, StackPorts.fromBase(7700, 1, 2), LAYOUT, "k1:9092,k2:9092,k3:9092",
                RetentionOverrides.NONE, null, (short) 3);
        List<ComponentPlan> components = plan.components(spec);
        assertEquals(List.of("scheduler", "scheduler-1", "scheduler-2", "gateway", "node-agent"),
                components.stream().map(ComponentPlan::name).toList());
        assertEquals(List.of(7704, 7705, 7706), components.subList(0, 3).stream().map(ComponentPlan::port).toList());
        assertTrue(components.get(1).command().contains("-Dkpm.instance=scheduler-1"));
        for (ComponentPlan component : components) {
            assertTrue(component.command().contains("-Dkpm.scheduler.replication-factor=3"), component.name());
            assertTrue(component.command().contains("-Dkpm.gateway.replication-factor=3"), component.name());
        }
    }

    @Test
    void aReplicationFactorAboveOneNeedsAnExternalClusterAndSchedulersTheirPorts() {
        IllegalArgumentException own = assertThrows(IllegalArgumentException.class, () -> new StackSpec(1, null,
                StackPorts.fromBase(7700, 1), LAYOUT, null, RetentionOverrides.NONE, null, (short) 3));
        assertTrue(own.getMessage().contains("--kafka"), own.getMessage());
        IllegalArgumentException many = assertThrows(IllegalArgumentException.class, () -> StackPorts.fromBase(7700, 1, 6));
        assertEquals("--schedulers must be 1 to 6 (one leader, the others standing by), got 7", many.getMessage());
    }

    /** What {@code kpm agent --node-id gpu-3 --labels …} starts: the agent told its id, cores and labels. */
    @Test
    void aJoiningAgentIsToldItsIdCoresAndLabels() {
        var where = new StackPlan.Services(Path.of("/s"), "head:7700", "127.0.0.1", "127.0.0.1", List.of());
        List<String> command = plan.nodeAgent(where, "agent-gpu-3", "gpu-3", 16,
                java.util.Map.of("rack", "r2", "gpu", "a100"), 7711).command();
        assertTrue(command.contains("-Dkpm.agent.node-id=gpu-3"), command.toString());
        assertTrue(command.contains("-Dkpm.agent.cores=16"), command.toString());
        assertTrue(command.contains("-Dkafka.bootstrap.servers=head:7700"), command.toString());
        assertTrue(command.stream().anyMatch(a -> a.equals("-Dkpm.agent.labels=rack=r2,gpu=a100")
                || a.equals("-Dkpm.agent.labels=gpu=a100,rack=r2")), command.toString());
        assertFalse(plan.nodeAgent(where, "a", "a", null, java.util.Map.of(), 7711).command().stream()
                .anyMatch(a -> a.startsWith("-Dkpm.agent.labels")), "no labels, no property");
    }
}
