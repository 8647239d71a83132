package io.kpm.schemas.cpu;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Linux's cpu list format, as in {@code Cpus_allowed_list} of /proc/PID/status, /sys cpulist files and
 * {@code taskset -c}: "0-3,8,10-11". The one spelling kpm's events, CLI and node agents use for a set of cpus.
 */
public final class CpuList {

    /** More cpus than any machine has: a bound that keeps a hostile list from allocating without end. */
    public static final int MAX_CPU = 1 << 16;

    private CpuList() {
    }

    /** "0-2,5" for {0,1,2,5}; the cpus are sorted and duplicates dropped. */
    public static String format(Collection<Integer> cpus) {
        List<Integer> sorted = new ArrayList<>(new TreeSet<>(cpus));
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < sorted.size(); ) {
            int start = sorted.get(i);
            int end = start;
            while (i + 1 < sorted.size() && sorted.get(i + 1) == end + 1) end = sorted.get(++i);
            i++;
            if (out.length() > 0) out.append(',');
            out.append(start);
            if (end > start) out.append('-').append(end);
        }
        return out.toString();
    }

    /** @throws IllegalArgumentException naming what is wrong when {@code list} is not a cpu list */
    public static List<Integer> parse(String list) {
        if (list == null || list.isBlank()) throw new IllegalArgumentException("an empty cpu list");
        TreeSet<Integer> cpus = new TreeSet<>();
        for (String part : list.trim().split(",")) {
            String[] range = part.trim().split("-", -1);
            if (range.length > 2) throw new IllegalArgumentException("not a cpu or cpu range: \"" + part + "\"");
            int from = cpu(range[0], part);
            int to = range.length == 2 ? cpu(range[1], part) : from;
            if (to < from) throw new IllegalArgumentException("a cpu range that runs backwards: \"" + part + "\"");
            for (int c = from; c <= to; c++) cpus.add(c);
        }
        return List.copyOf(cpus);
    }

    private static int cpu(String text, String part) {
        String t = text.trim();
        if (!t.matches("[0-9]{1,5}") || Integer.parseInt(t) > MAX_CPU) {
            throw new IllegalArgumentException("not a cpu or cpu range: \"" + part.trim() + "\"");
        }
        return Integer.parseInt(t);
    }
}
