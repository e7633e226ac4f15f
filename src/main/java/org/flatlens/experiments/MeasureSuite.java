package org.flatlens.experiments;

import java.util.List;
import org.flatlens.data.Batch;
import org.flatlens.experiments.measures.MeasureSeeds;
import org.flatlens.nn.LossKind;
import org.flatlens.nn.Model;
import org.flatlens.nn.Parameters;

/**
 * The measures a {@link Tracker} records at each tracked step, computed on a fixed set of samples. Keys follow
 * THEORY.md (e.g. {@code trace_ggn}, {@code sharpness}, {@code mls}, {@code nmls}, {@code log_volume},
 * {@code local_dim}, {@code bound_d}, {@code bound_nmls}, {@code relative_flatness}, {@code trace_hessian},
 * {@code lambda_max}); per-site values append the site in brackets ({@code trace_ggn[input]}).
 *
 * <p>Implementations must be deterministic given {@code seeds} (the tracker derives them from the run seed and the step,
 * so a resumed run records the same numbers; each measure draws from {@code seeds.rng(its name)}) and must not modify
 * {@code params}. They are serializable so that a distributed executor can send them to its workers with the
 * {@link RunTask}.
 */
public interface MeasureSuite extends java.io.Serializable {
    /**
     * @param train the tracked training samples (inputs [M, C, H, W])
     * @param test  the tracked test samples, or null when none are tracked
     */
    Measurements measure(Model model, Parameters params, LossKind loss, Batch train, Batch test, MeasureSeeds seeds);

    /** Runs each suite in order and merges their results; a key produced twice is an error. */
    static MeasureSuite combine(List<MeasureSuite> suites) {
        List<MeasureSuite> copy = List.copyOf(suites);
        return (model, params, loss, train, test, seeds) -> {
            Measurements m = Measurements.EMPTY;
            for (MeasureSuite s : copy) m = m.merge(s.measure(model, params, loss, train, test, seeds));
            return m;
        };
    }

    /** Measures nothing: the tracker then records loss, accuracy and the generalization gap only. */
    MeasureSuite NONE = (model, params, loss, train, test, seeds) -> Measurements.EMPTY;
}
