package io.kpm.gateway.pmi.handlers;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.kpm.gateway.pmi.command.PmiRequest;
import io.kpm.gateway.pmi.command.PmiResponse;

/** Routes each typed request to its handler; a handler that throws gives an error answer, never a crash. */
public final class PmiDispatcher {

    private final Map<Class<?>, PmiHandler<?>> handlers = new HashMap<>();

    public PmiDispatcher(PmiBackend backend) {
        register(PmiRequest.Initack.class, new InitackHandler(backend));
        register(PmiRequest.Init.class, new InitHandler());
        register(PmiRequest.FullInit.class, new FullInitHandler(backend));
        register(PmiRequest.GetMaxes.class, new GetMaxesHandler());
        register(PmiRequest.GetAppnum.class, new GetAppnumHandler());
        register(PmiRequest.GetMyKvsname.class, new GetMyKvsnameHandler());
        register(PmiRequest.GetUniverseSize.class, new GetUniverseSizeHandler(backend));
        register(PmiRequest.Put.class, new PutHandler());
        register(PmiRequest.Get.class, new GetHandler(backend));
        register(PmiRequest.Barrier.class, new BarrierHandler(backend));
        register(PmiRequest.Finalize.class, new FinalizeHandler());
        register(PmiRequest.Abort.class, new AbortHandler(backend));
        register(PmiRequest.PublishName.class, new PublishNameHandler(backend));
        register(PmiRequest.LookupName.class, new LookupNameHandler(backend));
        register(PmiRequest.UnpublishName.class, new UnpublishNameHandler(backend));
        register(PmiRequest.GetJobAttr.class, new GetJobAttrHandler(backend));
        register(PmiRequest.PutNodeAttr.class, new PutNodeAttrHandler());
        register(PmiRequest.GetNodeAttr.class, new GetNodeAttrHandler());
        register(PmiRequest.Spawn.class, new SpawnHandler(backend));
        register(PmiRequest.Malformed.class, new MalformedHandler());
        register(PmiRequest.Unknown.class, new UnknownHandler());
    }

    private <R extends PmiRequest> void register(Class<R> type, PmiHandler<R> handler) {
        handlers.put(type, handler);
    }

    /** Whether requests of this type have a handler (the contract test checks every PmiRequest type). */
    public boolean handles(Class<? extends PmiRequest> type) {
        return handlers.containsKey(type);
    }

    @SuppressWarnings("unchecked")
    public CompletionStage<PmiResponse> dispatch(PmiSession session, PmiRequest request) {
        PmiHandler<PmiRequest> handler = (PmiHandler<PmiRequest>) handlers.get(request.getClass());
        if (handler == null) {
            return CompletableFuture.completedFuture(new PmiResponse.Error("no handler for " + request));
        }
        try {
            return handler.handle(session, request).exceptionally(e -> new PmiResponse.Error("internal error: " + e));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(new PmiResponse.Error("internal error: " + e));
        }
    }
}
