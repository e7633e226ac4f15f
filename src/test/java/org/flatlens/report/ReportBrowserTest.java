package org.flatlens.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
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

/** The report of a tiny synthetic sweep, checked as text and rendered in a real headless browser. */
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
        report = new HtmlReport(analysis, "Synthetic test sweep.", 3);
        page = out.resolve("report.html");
        AtomicFiles.writeString(page, report.html());
    }

    @Test
    void pageHasEverySectionFigureAndTable() throws Exception {
        String html = Files.readString(page);
        for (String h : List.of("Configuration", "Findings", "Runs", "Correlations across runs",
                "Correlations across checkpoints (interpolation phase)", "Figures", "Bounds")) {
            assertTrue(html.contains("<h2>" + h + "</h2>"), h);
        }
        // pair plot, 3 run trajectories, 2 bound-side figures... at least pair + 3 runs + bound_d sides + tightness
        List<String> ids = report.figures().stream().map(Figure::id).toList();
        assertTrue(ids.contains("fig-pairs") && ids.contains("fig-run-2") && ids.contains("fig-bound-0")
                && ids.contains("fig-tight-0"), ids.toString());
        assertEquals(report.figures().size(), count(html, "<svg"));
        assertTrue(html.contains("Kendall τ = "), "a finding sentence");
        assertTrue(html.contains("<td>theorem1.trace</td>") && html.contains("<td>theorem3.trace</td>"),
                "the bound table lists the paper's D (Theorem 1) and the NMLS bound (Theorem 3)");
        assertFalse(html.contains("src=\"http") || html.contains("href=\"http"), "self-contained");
        assertTrue(analysis.acrossRuns().stream().anyMatch(r -> r.x().equals("lr")));
    }

    @Test
    void rendersInHeadlessChromium() throws Exception {
        Optional<Path> exe = Chromium.find();
        Assumptions.assumeTrue(exe.isPresent(), "chromium is not installed (apt-get install -y chromium); CI has it");
        Chromium.Result dom = Chromium.run(exe.get(), tmp.resolve("profile-dom"), page, "--dump-dom");
        assertEquals(0, dom.exitCode(), dom.stderr());
        assertTrue(dom.stdout().contains("FlatLens sweep report"), "page loaded");
        assertEquals(report.figures().size(), count(dom.stdout(), "<svg"), "every figure is in the rendered DOM");
        for (Figure f : report.figures()) assertTrue(dom.stdout().contains("id=\"" + f.id() + "\""), f.id());
        Path shot = tmp.resolve("shot.png");
        Chromium.Result s = Chromium.run(exe.get(), tmp.resolve("profile-shot"), page, "--enable-logging=stderr",
                "--screenshot=" + shot, "--window-size=1200,2400", "--hide-scrollbars");
        assertEquals(0, s.exitCode(), s.stderr());
        assertFalse(s.stderr().contains("Uncaught") || s.stderr().contains(":CONSOLE("), "console errors: " + s.stderr());
        BufferedImage img = ImageIO.read(shot.toFile());
        assertEquals(1200, img.getWidth());
        assertTrue(luminanceVariance(img) > 100, "the screenshot is blank");
    }

    static int count(String s, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(s);
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    static double luminanceVariance(BufferedImage img) {
        double sum = 0, sq = 0;
        long n = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y);
                double l = 0.299 * ((rgb >> 16) & 255) + 0.587 * ((rgb >> 8) & 255) + 0.114 * (rgb & 255);
                sum += l;
                sq += l * l;
                n++;
            }
        }
        double mean = sum / n;
        return sq / n - mean * mean;
    }

}
