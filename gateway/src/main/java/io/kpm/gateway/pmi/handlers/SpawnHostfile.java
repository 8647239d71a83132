package io.kpm.gateway.pmi.handlers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code hostfile} info key of a spawn: a file of {@code host[:cores]} lines ('#' starts a comment), read
 * where the gateway runs, as Hydra's mpiexec reads it where it runs. The host names become the app's node list;
 * a core count is accepted but placement uses each node's registered cores.
 */
final class SpawnHostfile {

    private SpawnHostfile() {
    }

    /** @throws IllegalArgumentException naming the file and the problem, when it cannot be used */
    static List<String> hosts(String file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of(file));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read hostfile " + file + ": " + e.getMessage());
        }
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            if (hash >= 0) line = line.substring(0, hash);
            line = line.trim();
            if (line.isEmpty()) continue;
            String host = line.contains(":") ? line.substring(0, line.indexOf(':')).trim() : line;
            if (host.isEmpty() || host.contains(" ")) {
                throw new IllegalArgumentException("hostfile " + file + " line " + (i + 1) + " is not host[:cores]: " + line);
            }
            hosts.add(host);
        }
        if (hosts.isEmpty()) throw new IllegalArgumentException("hostfile " + file + " names no host");
        return hosts;
    }
}
