package goroutinelab.real;

import java.util.ArrayList;
import java.util.List;

/**
 * Go source a line at a time, laid out as gofmt lays it out: tab indentation,
 * and within a run of consecutive lines at one depth, cells (a declaration's
 * name and type, a statement and its trailing comment) aligned in columns the
 * way text/tabwriter does it: a column's block is a run of lines that each
 * have a further cell after it.
 */
final class GoWriter {
    /** One line: its depth and cells, or text already laid out (the template). */
    private record Line(int depth, String[] cells, String raw) {
    }

    private final List<Line> lines = new ArrayList<>();
    private int depth;

    /** A line of code. */
    GoWriter line(String code) {
        lines.add(new Line(depth, new String[]{code}, null));
        return this;
    }

    /** A line of code with a trailing comment (none if the comment is null). */
    GoWriter line(String code, String comment) {
        return comment == null || comment.isEmpty() ? line(code) : cells(code, "// " + comment);
    }

    /** A line made of cells to align with the lines around it: a field's name, its type, a comment. */
    GoWriter cells(String... cells) {
        lines.add(new Line(depth, cells.clone(), null));
        return this;
    }

    GoWriter open(String code, String comment) {
        line(code + " {", comment);
        depth++;
        return this;
    }

    GoWriter open(String code) {
        return open(code, null);
    }

    /** One level deeper, for the elements of a composite literal. */
    GoWriter indent() {
        depth++;
        return this;
    }

    GoWriter dedent() {
        if (depth == 0) {
            throw new IllegalStateException("GoWriter.dedent: at the left margin");
        }
        depth--;
        return this;
    }

    /** {@code var (}: a parenthesised declaration block. */
    GoWriter openParen(String code) {
        line(code + " (");
        depth++;
        return this;
    }

    GoWriter closeParen() {
        if (depth == 0) {
            throw new IllegalStateException("GoWriter.closeParen: nothing is open");
        }
        depth--;
        return line(")");
    }

    GoWriter close(String suffix) {
        if (depth == 0) {
            throw new IllegalStateException("GoWriter.close: nothing is open");
        }
        depth--;
        return line("}" + suffix);
    }

    GoWriter close() {
        return close("");
    }

    /** Text that is already laid out Go (the lab's template), as is. */
    GoWriter raw(String text) {
        lines.add(new Line(0, null, text));
        return this;
    }

    @Override
    public String toString() {
        int[][] widths = widths();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            Line l = lines.get(i);
            if (l.raw != null) {
                out.append(l.raw);
                continue;
            }
            String[] c = l.cells;
            if (c.length == 1 && c[0].isEmpty()) {
                out.append('\n');
                continue;
            }
            out.append("\t".repeat(l.depth));
            for (int k = 0; k < c.length; k++) {
                out.append(c[k]);
                if (k < c.length - 1) {
                    out.append(" ".repeat(widths[i][k] - c[k].length() + 1));
                }
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** For each line and each of its cells but the last: the width of that cell's column block. */
    private int[][] widths() {
        int[][] w = new int[lines.size()][];
        for (int i = 0; i < lines.size(); i++) {
            Line l = lines.get(i);
            w[i] = new int[l.cells == null ? 0 : l.cells.length];
        }
        for (int i = 0; i < lines.size(); i++) {
            for (int k = 0; k < w[i].length - 1; k++) {
                if (w[i][k] > 0) {
                    continue; // already in a block
                }
                int end = i;
                int max = 0;
                while (end < lines.size() && inBlock(lines.get(end), lines.get(i).depth, k)) {
                    max = Math.max(max, lines.get(end).cells[k].length());
                    end++;
                }
                for (int j = i; j < end; j++) {
                    w[j][k] = max;
                }
            }
        }
        return w;
    }

    /** Whether a line continues column k's block at this depth: it has a cell after cell k. */
    private static boolean inBlock(Line l, int depth, int k) {
        return l.raw == null && l.depth == depth && l.cells.length > k + 1;
    }
}
