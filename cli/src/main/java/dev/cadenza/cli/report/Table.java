package dev.cadenza.cli.report;

import java.util.ArrayList;
import java.util.List;

/** A table of strings printed either as aligned plain text (the terminal) or as a Markdown table (report.md). */
final class Table {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    Table(String... header) {
        this.header = List.of(header);
    }

    Table row(String... cells) {
        if (cells.length != header.size()) throw new IllegalArgumentException("row has " + cells.length + " cells");
        rows.add(List.of(cells));
        return this;
    }

    String text() {
        int[] width = new int[header.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = header.get(c).length();
            for (List<String> row : rows) width[c] = Math.max(width[c], row.get(c).length());
        }
        StringBuilder out = new StringBuilder();
        line(out, header, width);
        for (List<String> row : rows) line(out, row, width);
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells, int[] width) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            // First column left-aligned (names), the rest right-aligned (numbers).
            if (c == 0) line.append(cell).append(" ".repeat(width[c] - cell.length()));
            else line.append("  ").append(" ".repeat(width[c] - cell.length())).append(cell);
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("| ").append(String.join(" | ", header)).append(" |\n|");
        for (int c = 0; c < header.size(); c++) out.append(c == 0 ? "---|" : "---:|");
        out.append('\n');
        for (List<String> row : rows) {
            out.append("| ").append(String.join(" | ", row.stream().map(s -> s.replace("|", "\\|")).toList())).append(" |\n");
        }
        return out.toString();
    }
}
