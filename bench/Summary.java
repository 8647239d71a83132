import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns bench/run's raw samples into the results: one table (on stdout and in table.txt), results.csv and
 * results.json.
 *
 * Samples are lines "metric,parameter,system,value" (system kpm or hydra). Every (metric, parameter) becomes
 * one row per statistic: the median for all, and also the 99th percentile (nearest rank) for spawn latency.
 * The ratio is kpm / Hydra where both measured the same thing.
 *
 * Run: java bench/Summary.java SAMPLES.csv META.txt OUT_DIR
 */
public class Summary {

    /** What a metric is called in the table, its unit and which statistics it gets. */
    record Metric(String figure, String unit, List<String> stats) { }

    static final Map<String, Metric> METRICS = new LinkedHashMap<>();
    static {
        METRICS.put("command_ms", new Metric("1. launcher command alone", "ms", List.of("median")));
        METRICS.put("launch_ms", new Metric("1. job launch (mpi_hello, wall)", "ms", List.of("median")));
        METRICS.put("spawn_ms", new Metric("2. spawn latency (PMI2_Job_Spawn /bin/true)", "ms", List.of("median", "p99")));
        METRICS.put("fence_us", new Metric("3. PMI2_KVS_Fence (libpmi2)", "us", List.of("median")));
        METRICS.put("barrier_us", new Metric("3. PMI_Barrier (MPICH PMI-1)", "us", List.of("median")));
        METRICS.put("throughput_per_s", new Metric("4. spawn throughput (1 x /bin/true)", "spawns/s", List.of("median")));
        METRICS.put("spawn_load_ms", new Metric("4. spawn latency under that load", "ms", List.of("median", "p99")));
        METRICS.put("rss_idle_mb", new Metric("5. resident memory, idle", "MB", List.of("median")));
        METRICS.put("idle_cpu_s_per_min", new Metric("5. idle stack CPU (CPU seconds per minute)", "s/min", List.of("median")));
        METRICS.put("rss_load_mb", new Metric("5. resident memory, under spawn load", "MB", List.of("median")));
        METRICS.put("cpu_per_spawn_ms", new Metric("5. CPU time per spawn under spawn load", "ms", List.of("median")));
        METRICS.put("rss_spawning_mb", new Metric("5. resident memory while spawning 4 x /bin/true", "MB", List.of("median")));
        METRICS.put("startup_s", new Metric("5. kpm up start-up", "s", List.of("median")));
        METRICS.put("private_run_s", new Metric("5. run with no stack up (kpm: private stack)", "s", List.of("median")));
        METRICS.put("hop_ms", new Metric("spawn hops (event timestamps), spawn latency runs", "ms", List.of("median")));
        METRICS.put("hop_load_ms", new Metric("spawn hops (event timestamps), throughput runs", "ms", List.of("median")));
    }

    record Row(String metric, String figure, String parameter, String stat, String unit,
               Double kpm, Double hydra, int kpmSamples, int hydraSamples) {
        Double ratio() {
            return kpm == null || hydra == null || hydra == 0 ? null : kpm / hydra;
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: java bench/Summary.java SAMPLES.csv META.txt OUT_DIR");
            System.exit(2);
        }
        Map<String, Map<String, List<Double>>> groups = readSamples(Path.of(args[0]));
        Map<String, String> meta = readMeta(Path.of(args[1]));
        List<Row> rows = rows(groups);
        Path out = Path.of(args[2]);
        Files.createDirectories(out);
        String table = table(rows, meta);
        System.out.print(table);
        Files.writeString(out.resolve("table.txt"), table);
        Files.writeString(out.resolve("results.csv"), csv(rows));
        Files.writeString(out.resolve("results.json"), json(rows, meta));
    }

    /** (metric + "\t" + parameter) -> system -> values, in the order they first appear. */
    static Map<String, Map<String, List<Double>>> readSamples(Path file) throws IOException {
        Map<String, Map<String, List<Double>>> groups = new LinkedHashMap<>();
        int lineNumber = 0;
        for (String line : Files.readAllLines(file)) {
            lineNumber++;
            if (line.isBlank()) continue;
            String[] f = line.split(",");
            if (f.length != 4 || !METRICS.containsKey(f[0])) {
                throw new IllegalArgumentException(file + ":" + lineNumber + ": not a sample line: " + line);
            }
            groups.computeIfAbsent(f[0] + "\t" + f[1], k -> new LinkedHashMap<>())
                    .computeIfAbsent(f[2], k -> new ArrayList<>())
                    .add(Double.parseDouble(f[3]));
        }
        return groups;
    }

    static Map<String, String> readMeta(Path file) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (eq > 0) meta.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return meta;
    }

    static List<Row> rows(Map<String, Map<String, List<Double>>> groups) {
        List<Row> rows = new ArrayList<>();
        for (String metric : METRICS.keySet()) {
            Metric m = METRICS.get(metric);
            for (var group : groups.entrySet()) {
                String[] key = group.getKey().split("\t", 2);
                if (!key[0].equals(metric)) continue;
                List<Double> kpm = group.getValue().getOrDefault("kpm", List.of());
                List<Double> hydra = group.getValue().getOrDefault("hydra", List.of());
                for (String stat : m.stats()) {
                    rows.add(new Row(metric, m.figure(), key[1], stat, m.unit(), stat(kpm, stat), stat(hydra, stat),
                            kpm.size(), hydra.size()));
                }
            }
        }
        return rows;
    }

    static Double stat(List<Double> values, String stat) {
        if (values.isEmpty()) return null;
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        if (stat.equals("median")) {
            return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        }
        int rank = (int) Math.ceil(0.99 * n);  // nearest rank
        return sorted.get(Math.max(0, rank - 1));
    }

    static String number(Double value) {
        if (value == null) return "-";
        double a = Math.abs(value);
        String pattern = a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, pattern, value);
    }

    static String ratio(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.2fx", value);
    }

    static String table(List<Row> rows, Map<String, String> meta) {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"figure", "parameter", "stat", "unit", "kpm", "hydra", "kpm/hydra", "n kpm", "n hydra"});
        for (Row r : rows) {
            cells.add(new String[] {r.figure(), r.parameter(), r.stat(), r.unit(), number(r.kpm()), number(r.hydra()),
                    ratio(r.ratio()), Integer.toString(r.kpmSamples()), Integer.toString(r.hydraSamples())});
        }
        int[] width = new int[cells.get(0).length];
        for (String[] row : cells) for (int i = 0; i < row.length; i++) width[i] = Math.max(width[i], row[i].length());
        StringBuilder text = new StringBuilder();
        text.append("kpm vs MPICH Hydra, ").append(meta.getOrDefault("date", "?"))
                .append(", ").append(meta.getOrDefault("mode", "?")).append(" run, ")
                .append(meta.getOrDefault("cpus", "?")).append(" cpus, load average ")
                .append(meta.getOrDefault("loadavg_start", "?")).append(" at start, ")
                .append(meta.getOrDefault("loadavg_end", "?")).append(" at end, failures ")
                .append(meta.getOrDefault("failures", "?")).append('\n');
        String previous = null;
        for (String[] row : cells) {
            if (previous != null && !previous.equals(row[0])) text.append('\n');
            previous = row[0];
            for (int i = 0; i < row.length; i++) {
                boolean numeric = i >= 4;
                String pad = " ".repeat(width[i] - row[i].length());
                text.append(numeric ? pad + row[i] : row[i] + pad).append(i + 1 < row.length ? "  " : "\n");
            }
        }
        return text.toString();
    }

    static String csv(List<Row> rows) {
        StringBuilder csv = new StringBuilder("metric,figure,parameter,stat,unit,kpm,hydra,ratio,n_kpm,n_hydra\n");
        for (Row r : rows) {
            csv.append(String.join(",", r.metric(), quote(r.figure()), quote(r.parameter()), r.stat(), r.unit(),
                    plain(r.kpm()), plain(r.hydra()), plain(r.ratio()),
                    Integer.toString(r.kpmSamples()), Integer.toString(r.hydraSamples()))).append('\n');
        }
        return csv.toString();
    }

    static String quote(String text) {
        return text.contains(",") || text.contains("\"") ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }

    static String plain(Double value) {
        return value == null ? "" : String.format(Locale.ROOT, "%.4f", value);
    }

    static String json(List<Row> rows, Map<String, String> meta) {
        StringBuilder json = new StringBuilder("{\n  \"meta\": {");
        String sep = "\n";
        for (var e : meta.entrySet()) {
            json.append(sep).append("    ").append(string(e.getKey())).append(": ").append(string(e.getValue()));
            sep = ",\n";
        }
        json.append("\n  },\n  \"rows\": [");
        sep = "\n";
        for (Row r : rows) {
            json.append(sep).append("    {\"metric\": ").append(string(r.metric()))
                    .append(", \"figure\": ").append(string(r.figure()))
                    .append(", \"parameter\": ").append(string(r.parameter()))
                    .append(", \"stat\": ").append(string(r.stat()))
                    .append(", \"unit\": ").append(string(r.unit()))
                    .append(", \"kpm\": ").append(jsonNumber(r.kpm()))
                    .append(", \"hydra\": ").append(jsonNumber(r.hydra()))
                    .append(", \"ratio\": ").append(jsonNumber(r.ratio()))
                    .append(", \"n_kpm\": ").append(r.kpmSamples())
                    .append(", \"n_hydra\": ").append(r.hydraSamples()).append('}');
            sep = ",\n";
        }
        return json.append("\n  ]\n}\n").toString();
    }

    static String jsonNumber(Double value) {
        return value == null ? "null" : String.format(Locale.ROOT, "%.4f", value);
    }

    static String string(String text) {
        StringBuilder s = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                case '\t' -> s.append("\\t");
                default -> {
                    if (c < 0x20) s.append(String.format("\\u%04x", (int) c));
                    else s.append(c);
                }
            }
        }
        return s.append('"').toString();
    }
}
