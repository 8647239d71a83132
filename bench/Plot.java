import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import javax.imageio.ImageIO;

/**
 * Draws job launch time against the number of ranks, kpm and Hydra, from bench/run's results.csv
 * (rows with metric launch_ms, parameter N=<ranks>): a PNG with N on a log2 axis and the median time in ms.
 *
 * Run: java -Djava.awt.headless=true bench/Plot.java results.csv META.txt launch.png
 */
public class Plot {

    static final int WIDTH = 900, HEIGHT = 560, LEFT = 90, RIGHT = 40, TOP = 70, BOTTOM = 70;
    static final Color KPM = new Color(0xC0392B), HYDRA = new Color(0x2471A3);

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: java bench/Plot.java results.csv META.txt launch.png");
            System.exit(2);
        }
        TreeMap<Integer, double[]> points = launchPoints(Path.of(args[0]));
        if (points.isEmpty()) {
            System.err.println("plot: no launch_ms rows in " + args[0] + "; nothing to draw");
            System.exit(1);
        }
        Map<String, String> meta = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of(args[1]))) {
            int eq = line.indexOf('=');
            if (eq > 0) meta.put(line.substring(0, eq), line.substring(eq + 1));
        }
        ImageIO.write(draw(points, meta), "png", new File(args[2]));
    }

    /** N -> {kpm ms, hydra ms} (NaN where missing). */
    static TreeMap<Integer, double[]> launchPoints(Path csv) throws IOException {
        TreeMap<Integer, double[]> points = new TreeMap<>();
        List<String> lines = Files.readAllLines(csv);
        List<String> header = List.of(lines.get(0).split(","));
        for (String line : lines.subList(1, lines.size())) {
            List<String> f = splitCsv(line);
            if (!f.get(header.indexOf("metric")).equals("launch_ms")) continue;
            int n = Integer.parseInt(f.get(header.indexOf("parameter")).replace("N=", ""));
            points.put(n, new double[] {parse(f.get(header.indexOf("kpm"))), parse(f.get(header.indexOf("hydra")))});
        }
        return points;
    }

    static double parse(String value) {
        return value.isEmpty() ? Double.NaN : Double.parseDouble(value);
    }

    static List<String> splitCsv(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') { field.append('"'); i++; }
            else if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) { fields.add(field.toString()); field.setLength(0); }
            else field.append(c);
        }
        fields.add(field.toString());
        return fields;
    }

    static BufferedImage draw(TreeMap<Integer, double[]> points, Map<String, String> meta) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);

        double maxMs = 0;
        for (double[] p : points.values()) for (double v : p) if (!Double.isNaN(v)) maxMs = Math.max(maxMs, v);
        double yTop = niceCeiling(maxMs * 1.08);
        double xMin = log2(points.firstKey()), xMax = Math.max(log2(points.lastKey()), xMin + 1);
        int plotW = WIDTH - LEFT - RIGHT, plotH = HEIGHT - TOP - BOTTOM;

        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.drawString("Job launch: kpm run vs mpiexec.hydra (mpi_hello, median wall time)", LEFT, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(meta.getOrDefault("date", "") + ", " + meta.getOrDefault("cpus", "?") + " cpus, load average "
                + meta.getOrDefault("loadavg_start", "?") + " at start, " + meta.getOrDefault("mode", "") + " run",
                LEFT, 50);

        // grid and axes
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        for (int i = 0; i <= 5; i++) {
            double ms = yTop * i / 5;
            int y = TOP + plotH - (int) Math.round(plotH * ms / yTop);
            g.setColor(new Color(0xDDDDDD));
            g.drawLine(LEFT, y, LEFT + plotW, y);
            g.setColor(Color.BLACK);
            String label = String.format(Locale.ROOT, "%.0f", ms);
            g.drawString(label, LEFT - 10 - g.getFontMetrics().stringWidth(label), y + 5);
        }
        for (int n : points.keySet()) {
            int x = xPixel(n, xMin, xMax, plotW);
            g.setColor(new Color(0xEEEEEE));
            g.drawLine(x, TOP, x, TOP + plotH);
            g.setColor(Color.BLACK);
            String label = Integer.toString(n);
            g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2, TOP + plotH + 20);
        }
        g.drawLine(LEFT, TOP + plotH, LEFT + plotW, TOP + plotH);
        g.drawLine(LEFT, TOP, LEFT, TOP + plotH);
        g.drawString("ranks N (log scale)", LEFT + plotW / 2 - 55, HEIGHT - 20);
        Graphics2D rotated = (Graphics2D) g.create();
        rotated.rotate(-Math.PI / 2);
        rotated.drawString("wall time, ms", -(TOP + plotH / 2 + 40), 25);
        rotated.dispose();

        series(g, points, 0, KPM, xMin, xMax, yTop, plotW, plotH);
        series(g, points, 1, HYDRA, xMin, xMax, yTop, plotW, plotH);

        // legend
        g.setColor(KPM);
        g.fillRect(LEFT + 20, TOP + 10, 14, 14);
        g.setColor(HYDRA);
        g.fillRect(LEFT + 20, TOP + 32, 14, 14);
        g.setColor(Color.BLACK);
        g.drawString("kpm run (stack already up)", LEFT + 42, TOP + 22);
        g.drawString("mpiexec.hydra", LEFT + 42, TOP + 44);
        g.dispose();
        return image;
    }

    static void series(Graphics2D g, TreeMap<Integer, double[]> points, int which, Color color,
                       double xMin, double xMax, double yTop, int plotW, int plotH) {
        g.setColor(color);
        g.setStroke(new BasicStroke(2.5f));
        int lastX = -1, lastY = -1;
        for (var p : points.entrySet()) {
            double ms = p.getValue()[which];
            if (Double.isNaN(ms)) { lastX = -1; continue; }
            int x = xPixel(p.getKey(), xMin, xMax, plotW);
            int y = TOP + plotH - (int) Math.round(plotH * ms / yTop);
            if (lastX >= 0) g.drawLine(lastX, lastY, x, y);
            g.fillOval(x - 5, y - 5, 10, 10);
            String label = String.format(Locale.ROOT, "%.0f", ms);
            g.drawString(label, x + 7, y - 7);
            lastX = x;
            lastY = y;
        }
    }

    static int xPixel(int n, double xMin, double xMax, int plotW) {
        return LEFT + 20 + (int) Math.round((plotW - 40) * (log2(n) - xMin) / (xMax - xMin));
    }

    static double log2(double v) {
        return Math.log(v) / Math.log(2);
    }

    /** The next of 1, 2, 5 x 10^k at or above the value. */
    static double niceCeiling(double value) {
        if (value <= 0) return 1;
        double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 5, 10}) if (step * magnitude >= value) return step * magnitude;
        return 10 * magnitude;
    }
}
