package io.kpm.gateway.pmi.group;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * PMI publish/lookup/unpublish_name: one service → port table shared by every process group. A name lives as
 * long as the job that published it: when that job ends its names go (its ports died with its ranks), as
 * Hydra's names go with its mpiexec. A stale name would send the next job's connect to a dead port, or to
 * whatever process took that port number since.
 */
@ApplicationScoped
public class NameService {

    private record Published(String port, long pgid) {
    }

    private final Map<String, Published> ports = new ConcurrentHashMap<>();

    /** @return false when the name is already published (it is not replaced) */
    public boolean publish(String service, String port, long pgid) {
        return ports.putIfAbsent(service, new Published(port, pgid)) == null;
    }

    public Optional<String> lookup(String service) {
        return Optional.ofNullable(ports.get(service)).map(Published::port);
    }

    public boolean unpublish(String service) {
        return ports.remove(service) != null;
    }

    /** The job ended: the names it published are gone. */
    public void jobEnded(long pgid) {
        ports.values().removeIf(p -> p.pgid() == pgid);
    }
}
