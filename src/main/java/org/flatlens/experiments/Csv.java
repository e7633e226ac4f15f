package org.flatlens.experiments;

import java.util.ArrayList;
import java.util.List;

/** Comma-separated values (RFC 4180 quoting): a header row, then data rows. */
public final class Csv {
    private Csv() {}

    /** Text of the rows, each field quoted when it holds a comma, quote or line break. */
    public static String format(List<List<String>> rows) {
        StringBuilder sb = new StringBuilder();
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) sb.append(',');
                sb.append(quote(row.get(i)));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String quote(String f) {
        if (f == null) return "";
        if (f.indexOf(',') < 0 && f.indexOf('"') < 0 && f.indexOf('\n') < 0 && f.indexOf('\r') < 0) return f;
        return '"' + f.replace("\"", "\"\"") + '"';
    }

    /** The rows of a CSV text (quoted fields may hold commas, quotes and line breaks). */
    public static List<List<String>> parse(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false, any = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    f.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    f.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                any = true;
            } else if (c == ',') {
                row.add(f.toString());
                f.setLength(0);
                any = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
                if (any || f.length() > 0) {
                    row.add(f.toString());
                    rows.add(row);
                }
                row = new ArrayList<>();
                f.setLength(0);
                any = false;
            } else {
                f.append(c);
                any = true;
            }
        }
        if (any || f.length() > 0) {
            row.add(f.toString());
            rows.add(row);
        }
        return rows;
    }

    /** A double as it is written: shortest round-trip text, or NaN / Infinity / -Infinity. */
    public static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return Double.toString(v);
    }

    /** Parses {@link #number} output; an empty field is NaN. */
    public static double parseNumber(String s) {
        if (s == null || s.isBlank()) return Double.NaN;
        return Double.parseDouble(s.trim());
    }
}
