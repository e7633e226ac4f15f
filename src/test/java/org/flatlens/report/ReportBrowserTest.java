package org.flatlens.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.flatlens.data.AtomicFiles;
import org.flatlens.experiments.DataProvider;
import org.flatlens.experiments.LocalExecutor;
import org.flatlens.experiments.MeasureSuite;
import org.flatlens.experiments.MeasureSuites;
import org.flatlens.experiments.RunSpec;
import org.flatlens.experiments.SweepAnalysis;
import org.flatlens.experiments.SweepData;
import org.flatlens.experiments.SweepListener;
import org.flatlens.experiments.SweepRunner;
import org.flatlens.experiments.SweepYaml;
import org.flatlens.testutil.Blobs;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of a small synthetic sweep (3 learning rates × 2 batch sizes × 2 seeds), checked as text and rendered in
 * a real headless browser: the headline, the contents' anchors, tick labels on every figure, and a full-page
 * screenshot without a blank tail (kept as target/report-browser/report.png for a reader to look at).
 */
class ReportBrowserTest {
    @TempDir
    static Path tmp;

    static Path page;
    static HtmlReport report;
    static SweepAnalysis analysis;

    static final String YAML = """
            model: {arch: mlp, options: {widths: [8, 8]}}
            dataset: blobs
            lr: [0.03, 0.1, 0.3]
            batch_size: [4, 16]
            seed: [0, 1]
            steps: 40
            checkpoint_every: 20
            track: {every: 4, samples: 6, test_samples: 4}
            """;

    /** The real measures, bounds included (the MLP has no vacuous site, so the report shows only held theorems). */
    static final MeasureSuite SUITE = MeasureSuites.standard();

    @BeforeAll
    static void buildReport() {
        Path out = tmp.resolve("sweep");
        AtomicFiles.writeString(out.resolve("sweep.yaml"), YAML);
        List<RunSpec> specs = SweepYaml.parse(YAML, "sweep.yaml").runSpecs();
        DataProvider data = (name, classes) -> new DataProvider.Splits(Blobs.twoClass(48, 1, 0.7), Blobs.twoClass(24, 2, 0.7));
        new SweepRunner(out, data, SUITE, new LocalExecutor(2), SweepListener.NONE).run(specs);
        analysis = SweepAnalysis.analyze(SweepData.load(out), 300, 0.95, 0);
        report = new HtmlReport(analysis, "Synthetic test sweep.");
        page = out.resolve("report.html");
        AtomicFiles.writeString(page, report.html());
    }

    @Test
    void anMlpSweepHasNoStructureNotes() throws Exception {
        assertFalse(Files.readString(page).contains("id=\"structure\""), "an MLP has neither BatchNorm nor skips");
    }

    @Test
    void headlineComesFirstThenContentsFiguresBoundsAndCollapsedTables() throws Exception {
        String html = Files.readString(page);
        List<String> order = List.of("id=\"headline\"", "id=\"contents\"", "id=\"configuration\"", "id=\"figures\"",
                "id=\"bounds\"", "id=\"runs\"", "id=\"tables\"", "id=\"glossary\"");
        int last = -1;
        for (String s : order) {
            int at = html.indexOf(s);
            assertTrue(at > last, s + " in reading order");
            last = at;
        }
        String headline = html.substring(html.indexOf("id=\"headline\""), html.indexOf("id=\"contents\""));
        assertTrue(headline.contains("12 runs (3 learning rates × 2 batch sizes × 2 seeds)"), headline);
        assertTrue(headline.contains("Tr G") && headline.contains("MLS") && headline.contains("NMLS"), "the matrix");
        assertTrue(headline.matches("(?s).*Bounds: every check held: \\d+ of \\d+ checks.*"), "bounds tally");
        assertEquals(1, count(html, "only a rough guide"), "the small-n caveat is stated once");
        assertFalse(headline.contains("learning rate</th><td") && headline.contains(">batch size<th"), "no lr vs batch");
        assertTrue(analysis.acrossRuns().stream().noneMatch(r -> r.x().equals("lr") && r.y().equals("batch_size")));
        String tables = html.substring(html.indexOf("id=\"tables\""));
        assertTrue(tables.contains("<details><summary>Correlations across runs"), "full tables are collapsed");
        List<String> ids = report.figures().stream().map(Figure::id).toList();
        assertTrue(ids.containsAll(List.of("fig-scatter", "fig-trajectories", "fig-bounds-0")), ids.toString());
        assertEquals(report.figures().size(), count(html, "<svg"));
        assertTrue(html.contains("fc1 (dense)"), "sites are named by layer");
        assertFalse(html.contains("src=\"http") || html.contains("href=\"http"), "self-contained");
        assertTrue(html.length() < 3_000_000, "under 3 MB: " + html.length());
    }

    @Test
    void rendersWholeInHeadlessChromium() throws Exception {
        Optional<Path> exe = Chromium.find();
        Assumptions.assumeTrue(exe.isPresent(), "chromium is not installed (apt-get install -y chromium); CI has it");
        // The height of the laid-out page, from a copy that writes it into the DOM.
        Path probe = page.resolveSibling("probe.html");
        Files.writeString(probe, Files.readString(page).replace("</body>", "<script>document.body.setAttribute("
                + "'data-height', String(document.documentElement.scrollHeight));</script></body>"));
        Chromium.Result dom = Chromium.run(exe.get(), tmp.resolve("profile-dom"), probe, "--window-size=1200,900",
                "--dump-dom");
        assertEquals(0, dom.exitCode(), dom.stderr());
        String d = dom.stdout();
        assertTrue(d.contains("id=\"headline\"") && d.contains("Sharpness vs compression across runs"), "headline");
        for (String anchor : matches(d, "href=\"#([^\"]+)\"")) {
            assertTrue(d.contains("id=\"" + anchor + "\""), "the contents link #" + anchor + " resolves");
        }
        List<String> svgs = matches(d, "(?s)(<svg.*?</svg>)");
        assertEquals(report.figures().size(), svgs.size(), "every figure is in the rendered DOM");
        for (int i = 0; i < svgs.size(); i++) {
            long ticks = matches(svgs.get(i), "<text[^>]*>\\s*(−?-?[0-9][0-9.,eE\\-]*)\\s*</text>").size();
            String id = report.figures().get(i).id();
            // two axes per panel, each with at least two labelled ticks: 15 panels in the scatter grid, 10 trajectories
            int panels = id.equals("fig-scatter") ? 15 : id.equals("fig-trajectories") ? 10 : 1;
            int needed = id.startsWith("fig-bounds") ? 2 : 4 * panels;
            assertTrue(ticks >= needed, id + " has numeric tick labels (" + ticks + ", needs " + needed + ")");
        }
        int height = Integer.parseInt(matches(d, "data-height=\"(\\d+)\"").get(0));
        assertTrue(height > 2000 && height < 16000, "page height " + height);

        Path shot = tmp.resolve("shot.png");
        Chromium.Result s = Chromium.run(exe.get(), tmp.resolve("profile-shot"), page, "--enable-logging=stderr",
                "--screenshot=" + shot, "--window-size=1200," + height, "--hide-scrollbars");
        assertEquals(0, s.exitCode(), s.stderr());
        assertFalse(s.stderr().contains("Uncaught") || s.stderr().contains(":CONSOLE("), "console errors: " + s.stderr());
        assertFalse(s.stderr().contains("tile memory limits exceeded"), s.stderr());
        Path kept = Path.of("target", "report-browser");
        Files.createDirectories(kept);
        Files.copy(shot, kept.resolve("report.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(page, kept.resolve("report.html"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        BufferedImage img = ImageIO.read(shot.toFile());
        assertEquals(1200, img.getWidth());
        assertEquals(height, img.getHeight());
        int lastInk = lastInkedRow(img);
        assertTrue(lastInk > height - 200, "blank tail: last non-white row " + lastInk + " of " + height);
        for (int band = 0; band < 10; band++) {
            assertTrue(inkedRows(img, band * height / 10, (band + 1) * height / 10) > 0, "band " + band + " is blank");
        }
    }

    static List<String> matches(String s, String regex) {
        Matcher m = Pattern.compile(regex).matcher(s);
        List<String> out = new ArrayList<>();
        while (m.find()) out.add(m.group(1));
        return out;
    }

    static int count(String s, String needle) {
        return matches(s, "(" + Pattern.quote(needle) + ")").size();
    }

    static boolean inked(BufferedImage img, int y) {
        for (int x = 0; x < img.getWidth(); x += 2) {
            int rgb = img.getRGB(x, y);
            if (((rgb >> 16) & 255) + ((rgb >> 8) & 255) + (rgb & 255) < 3 * 200) return true;
        }
        return false;
    }

    static int lastInkedRow(BufferedImage img) {
        for (int y = img.getHeight() - 1; y >= 0; y--) if (inked(img, y)) return y;
        return -1;
    }

    static int inkedRows(BufferedImage img, int from, int to) {
        int n = 0;
        for (int y = from; y < to; y++) if (inked(img, y)) n++;
        return n;
    }
}
