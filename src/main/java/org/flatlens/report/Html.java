package org.flatlens.report;

import java.util.List;

/** Minimal HTML building: escaping and tables. */
final class Html {
    private Html() {}

    static String esc(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** A table with a header row; cells are escaped. */
    static String table(String cssClass, List<String> header, List<List<String>> rows) {
        StringBuilder b = new StringBuilder("<table class=\"" + cssClass + "\">\n<thead><tr>");
        for (String h : header) b.append("<th>").append(esc(h)).append("</th>");
        b.append("</tr></thead>\n<tbody>\n");
        for (List<String> r : rows) {
            b.append("<tr>");
            for (String c : r) b.append("<td>").append(esc(c)).append("</td>");
            b.append("</tr>\n");
        }
        return b.append("</tbody></table>\n").toString();
    }

    static final String STYLE = """
            body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;\
            color:#222;line-height:1.45}
            h1{font-size:1.6em}h2{margin-top:2em;border-bottom:1px solid #ccc;padding-bottom:.2em}
            pre{background:#f6f6f6;padding:.8em;overflow-x:auto;font-size:.85em}
            table{border-collapse:collapse;font-size:.85em;margin:.5em 0}
            th,td{border:1px solid #ddd;padding:.25em .5em;text-align:right}
            th{background:#f0f0f0}td:first-child,th:first-child{text-align:left}
            figure{margin:1.5em 0}figcaption{font-size:.85em;color:#555}
            .meta{color:#555}.ok{color:#1a7f37}.bad{color:#b3261e}
            .lead{font-size:1.05em}.note{font-size:.85em;color:#555;margin:.2em 0}
            table.headline td{white-space:nowrap}table.headline td.ok{background:#e6f4ea}
            table.headline td.bad{background:#fce8e6}table.headline td.unsure{background:#f3f3f3;color:#444}
            .ci{color:#555}.n{color:#888;font-size:.85em}
            nav ol{columns:2;margin:.3em 0}details{margin:.6em 0}summary{cursor:pointer;font-weight:600}
            svg{max-width:100%;height:auto}table.glossary td,table.glossary th{text-align:left}
            """;
}
