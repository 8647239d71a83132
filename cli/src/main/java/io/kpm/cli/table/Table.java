package io.kpm.cli.table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain text table: a header row and rows, columns left-aligned and separated by two spaces, no trailing
 * blanks. Missing cells (null) print as {@code -}.
 */
public final class Table {

    private static final String GAP = "  ";

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(String... headers) {
        if (headers.length == 0) throw new IllegalArgumentException("a table needs at least one column");
        this.headers = List.of(headers);
    }

    public Table row(String... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("a row of " + cells.length + " cells for " + headers.size() + " columns");
        }
        rows.add(Arrays.stream(cells).map(c -> c == null || c.isEmpty() ? "-" : c).toList());
        return this;
    }

    public int size() {
        return rows.size();
    }

    public String render() {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) widths[i] = headers.get(i).length();
        for (List<String> row : rows) {
            for (int i = 0; i < widths.length; i++) widths[i] = Math.max(widths[i], row.get(i).length());
        }
        StringBuilder out = new StringBuilder();
        line(out, headers, widths);
        for (List<String> row : rows) line(out, row, widths);
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) line.append(GAP);
            line.append(cells.get(i));
            if (i < cells.size() - 1) line.append(" ".repeat(widths[i] - cells.get(i).length()));
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }
}
