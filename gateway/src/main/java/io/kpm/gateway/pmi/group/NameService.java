package io.kpm.gateway.pmi.group;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/** PMI publish/lookup/unpublish_name: one service → port table shared by every process group. */
@ApplicationScoped
public class NameService {

    private final Map<String, String> ports = new ConcurrentHashMap<>();

    /** @return false when the name is already published (it is not replaced) */
    public boolean publish(String service, String port) {
        return ports.putIfAbsent(service, port) == null;
    }

    public Optional<String> lookup(String service) {
        return Optional.ofNullable(ports.get(service));
    }

    public boolean unpublish(String service) {
        return ports.remove(service) != null;
    }
}
