package io.kpm.gateway.pmi.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.kpm.gateway.pmi.command.PmiRequest;

/** Every request type the decoders can make has a handler: a new one cannot be added and forgotten. */
class PmiDispatcherContractTest {

    @Test
    void everyPmiRequestTypeHasAHandler() {
        PmiDispatcher dispatcher = new PmiDispatcher(new PmiHandlersTest.Backend());
        List<Class<?>> types = Arrays.asList(PmiRequest.class.getPermittedSubclasses());
        assertTrue(types.size() >= 20, "the sealed request types: " + types);
        List<String> missing = types.stream()
                .filter(t -> !dispatcher.handles(t.asSubclass(PmiRequest.class)))
                .map(Class::getSimpleName)
                .toList();
        assertEquals(List.of(), missing, "request types without a handler");
    }
}
