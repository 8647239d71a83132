package io.kpm.schemas.cpu;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Hydra's {@code -bind-to} and {@code -map-by}, parsed: what each rank is bound to on its node and in which order
 * the binding domains are handed out. A job carries them as the job-info keys {@link #BIND_TO} and {@link #MAP_BY}
 * with Hydra's spellings; the gateway refuses what does not parse, the scheduler computes each rank's cpus from them
 * (scheduler/placement HydraBinding), replay does the same.
 *
 * <p>As in Hydra: binding defaults to none; {@code -map-by} defaults to the binding's level and means nothing without
 * a binding; {@code rr} and {@code user:} ignore it. Two spellings Hydra refuses mean something in kpm, as in Open
 * MPI: {@code -map-by node} places ranks round-robin over the nodes one at a time (Hydra: {@code -ppn 1}), and
 * {@code -map-by slot} is the default block placement; on each node the binding's level gives the order then.
 *
 * @param binding  what a rank is bound to
 * @param byNode   ranks go round-robin over the nodes one at a time instead of in blocks of a node's cores
 * @param mapLevel the order of the binding domains on a node, null: the binding's own level
 * @param mapCount how many {@code mapLevel} objects one mapping domain spans (Hydra's {@code core:2})
 */
public record BindingPolicy(Binding binding, boolean byNode, Level mapLevel, int mapCount) {

    public static final String BIND_TO = "bind-to";
    public static final String MAP_BY = "map-by";

    /** No binding, Hydra's block placement: what a job without the keys gets. */
    public static final BindingPolicy NONE = new BindingPolicy(new None(), false, null, 1);

    /** The topology levels kpm knows (Hydra also has caches and devices, which kpm does not read). */
    public enum Level {
        MACHINE, SOCKET, NUMA, CORE, HWTHREAD;

        static Level of(String name) {
            return switch (name) {
                case "machine" -> MACHINE;
                case "socket", "package" -> SOCKET;
                case "numa", "numanode" -> NUMA;
                case "core" -> CORE;
                case "hwthread" -> HWTHREAD;
                default -> null;
            };
        }

        public String spelling() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public sealed interface Binding {
    }

    /** Ranks float over the node's cpus (the agent's own affinity). */
    public record None() implements Binding {
    }

    /** Rank i of a node on the node's i-th cpu by OS id, wrapping round (Hydra's {@code rr}). */
    public record RoundRobin() implements Binding {
    }

    /** Rank i of a node on {@code sets.get(i)}; ranks beyond the list are not bound (Hydra's {@code user:}). */
    public record User(List<List<Integer>> sets) implements Binding {
        public User {
            sets = sets.stream().map(List::copyOf).toList();
        }
    }

    /** Each rank bound to {@code count} consecutive objects of {@code level}. */
    public record Objects(Level level, int count) implements Binding {
    }

    public boolean binds() {
        return !(binding instanceof None);
    }

    /**
     * @param bindTo Hydra's {@code -bind-to} value, null: none
     * @param mapBy  Hydra's {@code -map-by} value (plus {@code node}, {@code slot}), null: the default
     * @throws IllegalArgumentException with a message that names the bad value and what is accepted
     */
    public static BindingPolicy parse(String bindTo, String mapBy) {
        Binding binding = binding(bindTo);
        if (mapBy == null || mapBy.isBlank()) return new BindingPolicy(binding, false, null, 1);
        String map = mapBy.trim();
        if (map.equals("node") || map.equals("slot")) return new BindingPolicy(binding, map.equals("node"), null, 1);
        Counted counted = counted(map, MAP_BY, "node, slot, ");
        return new BindingPolicy(binding, false, counted.level, counted.count);
    }

    /** The policy a job's info asks for ({@link #BIND_TO}, {@link #MAP_BY}); see {@link #parse}. */
    public static BindingPolicy ofJobInfo(java.util.Map<String, String> jobInfo) {
        if (jobInfo == null) return NONE;
        return parse(jobInfo.get(BIND_TO), jobInfo.get(MAP_BY));
    }

    private static Binding binding(String bindTo) {
        if (bindTo == null || bindTo.isBlank() || bindTo.trim().equals("none")) return new None();
        String bind = bindTo.trim();
        if (bind.equals("rr")) return new RoundRobin();
        if (bind.startsWith("user:")) return new User(userSets(bind.substring("user:".length())));
        Counted counted = counted(bind, BIND_TO, "none, rr, user:0+1,2, ");
        return new Objects(counted.level, counted.count);
    }

    private record Counted(Level level, int count) {
    }

    private static Counted counted(String value, String option, String alsoAccepted) {
        String[] parts = value.split(":", -1);
        Level level = parts.length <= 2 ? Level.of(parts[0]) : null;
        if (level == null) {
            throw new IllegalArgumentException(option + " \"" + value + "\" is not one kpm knows: use " + alsoAccepted
                    + "machine, socket, numa, core or hwthread, optionally with :N (Hydra's cache, pci and device "
                    + "levels are not supported)");
        }
        int count = 1;
        if (parts.length == 2) {
            if (!parts[1].matches("[1-9][0-9]{0,4}")) {
                throw new IllegalArgumentException(option + " \"" + value + "\": the count after ':' must be a whole "
                        + "number from 1");
            }
            count = Integer.parseInt(parts[1]);
        }
        return new Counted(level, count);
    }

    /** Hydra's user binding: comma-separated entries, each cpus or ranges joined by '+', optionally "xN" repeated. */
    private static List<List<Integer>> userSets(String spec) {
        List<List<Integer>> sets = new ArrayList<>();
        if (spec.isBlank()) throw new IllegalArgumentException("bind-to user: needs cpu sets, e.g. user:0+1,2,3");
        for (String entry : spec.split(",", -1)) {
            String[] repeat = entry.split("x", -1);
            if (repeat.length > 2 || (repeat.length == 2 && !repeat[1].matches("[1-9][0-9]{0,3}"))) {
                throw new IllegalArgumentException("bind-to user: entry \"" + entry + "\" is not cpus joined by '+' "
                        + "with an optional xN");
            }
            List<Integer> cpus;
            try {
                cpus = CpuList.parse(repeat[0].replace('+', ','));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bind-to user: entry \"" + entry + "\": " + e.getMessage());
            }
            int times = repeat.length == 2 ? Integer.parseInt(repeat[1]) : 1;
            for (int i = 0; i < times; i++) sets.add(cpus);
            if (sets.size() > 100_000) throw new IllegalArgumentException("bind-to user: too many entries");
        }
        return sets;
    }
}
