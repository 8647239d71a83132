package io.kpm.cli.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Hydra-style hostfile: one {@code host[:cores]} per line, {@code #} starts a comment, blank lines are
 * skipped. A host may appear once.
 */
public record Hostfile(List<Host> hosts) {

    public record Host(String name, Integer cores) {
    }

    public Hostfile {
        hosts = List.copyOf(hosts);
    }

    /** @throws IllegalArgumentException naming the file, the line and what is wrong with it */
    public static Hostfile read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read hostfile " + file + ": " + e.getMessage(), e);
        }
        return parse(lines, file.toString());
    }

    public static Hostfile parse(List<String> lines, String source) {
        List<Host> hosts = new ArrayList<>();
        Map<String, Integer> firstLine = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            int lineNumber = i + 1;
            String line = lines.get(i);
            int hash = line.indexOf('#');
            if (hash >= 0) line = line.substring(0, hash);
            line = line.strip();
            if (line.isEmpty()) continue;
            Host host = parseHost(line, source, lineNumber);
            Integer earlier = firstLine.putIfAbsent(host.name(), lineNumber);
            if (earlier != null) {
                throw bad(source, lineNumber, "host " + host.name() + " is already listed on line " + earlier);
            }
            hosts.add(host);
        }
        if (hosts.isEmpty()) throw new IllegalArgumentException("hostfile " + source + " names no hosts");
        return new Hostfile(hosts);
    }

    private static Host parseHost(String line, String source, int lineNumber) {
        if (line.chars().anyMatch(Character::isWhitespace)) {
            throw bad(source, lineNumber, "expected host or host:cores, got \"" + line + "\"");
        }
        String[] parts = line.split(":", -1);
        if (parts.length > 2) throw bad(source, lineNumber, "expected host or host:cores, got \"" + line + "\"");
        String name = parts[0];
        if (name.isEmpty()) throw bad(source, lineNumber, "the host name is missing in \"" + line + "\"");
        if (name.contains(",")) throw bad(source, lineNumber, "one host per line, got \"" + line + "\"");
        if (parts.length == 1) return new Host(name, null);
        try {
            int cores = Integer.parseInt(parts[1]);
            if (cores < 1) throw bad(source, lineNumber, "cores must be at least 1, got " + parts[1]);
            return new Host(name, cores);
        } catch (NumberFormatException e) {
            throw bad(source, lineNumber, "cores must be a number, got \"" + parts[1] + "\"");
        }
    }

    private static IllegalArgumentException bad(String source, int line, String problem) {
        return new IllegalArgumentException("hostfile " + source + " line " + line + ": " + problem);
    }

    public List<String> names() {
        return hosts.stream().map(Host::name).toList();
    }

    /** The cores per host when every host gives the same count (kpm's placement takes one ppn for all hosts). */
    public Optional<Integer> uniformCores() {
        if (hosts.stream().anyMatch(h -> h.cores() == null)) return Optional.empty();
        return hosts.stream().map(Host::cores).distinct().count() == 1
                ? Optional.of(hosts.get(0).cores())
                : Optional.empty();
    }

    public boolean hasCores() {
        return hosts.stream().anyMatch(h -> h.cores() != null);
    }
}
