package io.kpm.scheduler.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;

/**
 * The scheduler's own counters: what became of spawn requests, jobs and nodes, and how long placement took.
 * Registered up front so that /q/metrics shows them (at 0) before the first job.
 */
@Startup
@ApplicationScoped
public class SchedulerMetrics {

    @Inject
    MeterRegistry registry;

    private Counter accepted;
    private Counter failed;
    private Counter finished;
    private Counter aborted;
    private Counter nodesLost;
    private Timer placement;
    private final Map<Integer, Counter> refusedByStatus = new ConcurrentHashMap<>();

    @PostConstruct
    void register() {
        accepted = counter("kpm.scheduler.jobs.accepted", "spawn requests that became jobs");
        failed = counter("kpm.scheduler.jobs.failed", "jobs failed by a launch failure or the launch deadline");
        finished = counter("kpm.scheduler.jobs.finished", "jobs whose ranks all exited");
        aborted = counter("kpm.scheduler.jobs.aborted", "jobs ended on request");
        nodesLost = counter("kpm.scheduler.nodes.lost", "nodes declared lost after their heartbeats stopped");
        placement = Timer.builder("kpm.scheduler.placement")
                .description("time to place one spawn request")
                .register(registry);
        for (int status : new int[] { 400, 404, 500, 503 }) refused(status);
    }

    public void jobAccepted() {
        accepted.increment();
    }

    public void spawnRefused(int status) {
        refused(status).increment();
    }

    public void jobFailed() {
        failed.increment();
    }

    public void jobFinished() {
        finished.increment();
    }

    public void jobAborted() {
        aborted.increment();
    }

    public void nodeLost() {
        nodesLost.increment();
    }

    public void placementTime(Duration took) {
        placement.record(took);
    }

    private Counter refused(int status) {
        return refusedByStatus.computeIfAbsent(status, s -> Counter.builder("kpm.scheduler.jobs.refused")
                .description("spawn requests refused before a job was made")
                .tag("status", Integer.toString(s))
                .register(registry));
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name).description(description).register(registry);
    }
}
