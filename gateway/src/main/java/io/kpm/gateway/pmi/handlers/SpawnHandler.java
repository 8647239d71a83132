package io.kpm.gateway.pmi.handlers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.kpm.gateway.pmi.command.PmiRequest;
import io.kpm.gateway.pmi.command.PmiResponse;
import io.kpm.gateway.pmi.command.SpawnCommand;
import io.kpm.gateway.pmi.group.ProcessGroup;
import io.kpm.gateway.spawn.SpawnOutcome;
import io.kpm.schemas.events.AppSpec;
import io.kpm.schemas.events.SpawnRequested;

/**
 * PMI-1 {@code mcmd=spawn} blocks and PMI-2 {@code cmd=spawn}: one SpawnRequested from the calling rank,
 * answered once the children started (SpawnCompleted) — by then the gateway holds the new group's KVS with
 * the preput keys, because events are applied before spawn waiters are released.
 */
public final class SpawnHandler implements PmiHandler<PmiRequest.Spawn> {

    private final PmiBackend backend;

    public SpawnHandler(PmiBackend backend) {
        this.backend = backend;
    }

    @Override
    public CompletionStage<PmiResponse> handle(PmiSession session, PmiRequest.Spawn request) {
        if (!session.identified()) return PmiHandler.notIdentified(session);
        SpawnRequested event;
        try {
            event = toEvent(session, request, UUID.randomUUID().toString());
        } catch (IllegalArgumentException badInfo) {
            return CompletableFuture.completedFuture(
                    PmiResponse.SpawnResult.failed("spawn refused: " + badInfo.getMessage()));
        }
        return backend.spawn(event).thenApply(SpawnHandler::answer);
    }

    SpawnRequested toEvent(PmiSession session, PmiRequest.Spawn request, String requestId) {
        ProcessGroup spawner = session.group();
        AppSpec spawnerApp = spawnerApp(spawner, session.member().appnum());
        String spawnerWdir = spawnerApp == null ? null : spawnerApp.wdir();
        Map<String, String> spawnerEnv = spawnerApp == null ? Map.of() : spawnerApp.env();
        List<AppSpec> apps = new ArrayList<>();
        for (SpawnCommand c : request.commands()) {
            Map<String, String> info = c.info();
            String wdir = info.getOrDefault("wdir", spawnerWdir);
            String hosts = info.containsKey("hosts") ? info.get("hosts") : info.get("host");
            List<String> nodeList = hosts == null && info.containsKey("hostfile")
                    ? SpawnHostfile.hosts(info.get("hostfile"))
                    : splitHosts(hosts);
            apps.add(new AppSpec(c.execname(), c.argv(), spawnerEnv, wdir, info.get("path"), c.maxprocs(),
                    nodeList, null, info));
        }
        Map<String, String> jobInfo = new LinkedHashMap<>();
        jobInfo.put("spawnedBy", "pgid " + spawner.pgid() + " rank " + session.rank());
        return new SpawnRequested(backend.newMeta(), requestId, spawner.pgid(), session.rank(), apps,
                request.preput(), jobInfo, backend.pmiEndpoint());
    }

    /**
     * The app the spawning rank came from. As under Hydra, the children get its environment (so a bare command
     * name resolves on the same PATH as the parent's) and, without a wdir info key, its working directory.
     */
    private static AppSpec spawnerApp(ProcessGroup spawner, int appnum) {
        List<AppSpec> apps = spawner.apps();
        if (apps.isEmpty()) return null;
        return apps.get(appnum >= 0 && appnum < apps.size() ? appnum : 0);
    }

    private static List<String> splitHosts(String hosts) {
        if (hosts == null || hosts.isBlank()) return List.of();
        return Arrays.stream(hosts.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    static PmiResponse answer(SpawnOutcome outcome) {
        if (outcome instanceof SpawnOutcome.Completed c) {
            return PmiResponse.SpawnResult.ok(c.kvsname(), c.errcodes());
        } else if (outcome instanceof SpawnOutcome.Failed f) {
            return PmiResponse.SpawnResult.failed("spawn failed: " + f.event().reason());
        } else if (outcome instanceof SpawnOutcome.TimedOut t) {
            return PmiResponse.SpawnResult.failed("spawn not answered within " + t.after());
        } else if (outcome instanceof SpawnOutcome.StartTimedOut t) {
            return PmiResponse.SpawnResult.failed("job " + t.pgid() + " was accepted but had not started within "
                    + t.after() + "; it may still start");
        } else if (outcome instanceof SpawnOutcome.NotPublished n) {
            return PmiResponse.SpawnResult.failed("spawn request not written to Kafka: " + n.message());
        }
        return PmiResponse.SpawnResult.failed("unexpected spawn outcome " + outcome);
    }
}
