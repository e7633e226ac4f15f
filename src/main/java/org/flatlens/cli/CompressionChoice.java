package org.flatlens.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flatlens.analysis.bounds.BoundCheck;
import org.flatlens.analysis.bounds.BoundKind;
import org.flatlens.analysis.bounds.Bounds;
import org.flatlens.analysis.bounds.BoundsReport;
import org.flatlens.analysis.bounds.PaperCodeBounds;
import org.flatlens.analysis.compression.CompressionOptions;
import org.flatlens.analysis.compression.CompressionReport;
import org.flatlens.analysis.compression.MonteCarloOptions;
import org.flatlens.analysis.compression.SiteMeasures;
import org.flatlens.analysis.sharpness.GgnTraces;
import org.flatlens.tensor.UserInputException;
import picocli.CommandLine.Option;

/** The options of the compression measures and bounds of {@code flatlens measure} (a picocli mixin). */
final class CompressionChoice {
    @Option(names = "--volume-rank", paramLabel = "Q", description = "Rank q of log_volume (default: r = k for MSE, "
            + "k − 1 for CE; --volume-rank 3 reproduces the paper's code).")
    int volumeRank;

    @Option(names = "--conv-bound", paramLabel = "theorem|paper", description = "theorem: only the proven bounds; "
            + "paper: also the paper code's heuristic for convolutions and tokens, labelled heuristic "
            + "(default: ${DEFAULT-VALUE}).")
    String convBound = "theorem";

    @Option(names = "--conventions", paramLabel = "flatlens|paper", description = "paper: also report the paper "
            + "code's own forms, labelled paper_code: its harm (||W||_F outside plain MLPs, 1e-4 added to ||h||²) "
            + "and its plotted bound D (with sqrt(Σ_l ||W_l||_2²)); see docs/checkpoints.md (default: "
            + "${DEFAULT-VALUE}).")
    String conventions = "flatlens";

    @Option(names = "--mc-draws", paramLabel = "M", description = "Gaussian-ball draws per sample for local_dim_mc and "
            + "mls_mc at the input site; 0 skips them (default: ${DEFAULT-VALUE}).")
    int mcDraws = 32;

    @Option(names = "--mc-epsilon", paramLabel = "ε", description = "Radius of the Gaussian ball "
            + "(default: ${DEFAULT-VALUE}).")
    double mcEpsilon = 1e-2;

    CompressionOptions options(long memoryBudgetBytes) {
        if (mcDraws < 0) throw new UserInputException("--mc-draws must be ≥ 0, got " + mcDraws);
        MonteCarloOptions mc = mcDraws == 0 ? null : new MonteCarloOptions(mcEpsilon, mcDraws);
        return new CompressionOptions(volumeRank, memoryBudgetBytes, 0, mc);
    }

    /** Whether {@code --conventions paper} asks for the paper code's forms as well. */
    boolean paperCode() {
        return switch (conventions.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "paper" -> true;
            case "flatlens" -> false;
            default -> throw new UserInputException("unknown --conventions '" + conventions
                    + "' (expected flatlens or paper)");
        };
    }

    /**
     * The bounds to report: every theorem, the paper's convolution heuristics only with {@code --conv-bound paper},
     * and the paper code's forms ({@link PaperCodeBounds}) only with {@code --conventions paper}.
     */
    BoundsReport select(CompressionReport report) {
        List<BoundCheck> all = new ArrayList<>(select(Bounds.evaluate(report)).checks());
        if (paperCode()) all.addAll(PaperCodeBounds.evaluate(report));
        return new BoundsReport(all);
    }

    /** The bounds to report: every theorem, and the paper's heuristics only with {@code --conv-bound paper}. */
    BoundsReport select(BoundsReport all) {
        boolean paper = switch (convBound.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "paper" -> true;
            case "theorem" -> false;
            default -> throw new UserInputException("unknown --conv-bound '" + convBound
                    + "' (expected theorem or paper)");
        };
        List<BoundCheck> kept = new ArrayList<>();
        for (BoundCheck c : all.checks()) if (paper || c.kind() != BoundKind.HEURISTIC) kept.add(c);
        return new BoundsReport(kept);
    }

    /** The Gauss–Newton measures of THEORY.md §2, as the compression pass computed them (one pass serves both). */
    static GgnTraces ggnTraces(CompressionReport c) {
        Map<String, Double> layers = new java.util.LinkedHashMap<>(), kappa = new java.util.LinkedHashMap<>();
        for (SiteMeasures s : c.sites()) {
            layers.put(s.weight(), s.bounds().traceGgnLayer());
            kappa.put(s.layer(), s.bounds().relativeFlatness());
        }
        return new GgnTraces(c.traceGgn(), layers, kappa, c.samples(), "batched per-sample Jacobians");
    }
}
