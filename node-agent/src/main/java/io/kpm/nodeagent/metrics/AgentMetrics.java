package io.kpm.nodeagent.metrics;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.kpm.nodeagent.process.RunningRanks;
import io.kpm.schemas.events.LaunchFailure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The agent's own counters, as kpm_agent_* in /q/metrics. */
@Singleton
public class AgentMetrics {

    private final MeterRegistry registry;
    private final Counter launches;
    private final Counter duplicateLaunches;
    private final Counter killRequests;
    private final Timer fork;
    private final Timer launchCommit;

    @Inject
    public AgentMetrics(MeterRegistry registry, RunningRanks running) {
        this.registry = registry;
        Gauge.builder("kpm.agent.running.ranks", running, RunningRanks::count)
                .description("Ranks started by this agent that have not exited yet").register(registry);
        launches = Counter.builder("kpm.agent.launches")
                .description("Ranks started").register(registry);
        duplicateLaunches = Counter.builder("kpm.agent.duplicate.launches")
                .description("Launch requests for a rank that was already launched, ignored").register(registry);
        killRequests = Counter.builder("kpm.agent.kill.requests")
                .description("KillRequested events carried out").register(registry);
        for (LaunchFailure reason : LaunchFailure.values()) launchFailureCounter(reason);
        // the two parts of a launch's path that are the agent's own (docs/performance.md, "spawn hops")
        fork = Timer.builder("kpm.agent.fork").publishPercentiles(0.5, 0.99)
                .description("Time to start one rank's process (fork and exec through its wrappers)").register(registry);
        launchCommit = Timer.builder("kpm.agent.launch.commit").publishPercentiles(0.5, 0.99)
                .description("Time to commit a launch command's offset before carrying it out (at most once)")
                .register(registry);
    }

    public Timer fork() {
        return fork;
    }

    public Timer launchCommit() {
        return launchCommit;
    }

    public void launched() {
        launches.increment();
    }

    public void launchFailed(LaunchFailure reason) {
        launchFailureCounter(reason).increment();
    }

    public void duplicateLaunch() {
        duplicateLaunches.increment();
    }

    public void killRequested() {
        killRequests.increment();
    }

    private Counter launchFailureCounter(LaunchFailure reason) {
        return Counter.builder("kpm.agent.launch.failures").tag("reason", reason.name())
                .description("Ranks that could not be started").register(registry);
    }
}
