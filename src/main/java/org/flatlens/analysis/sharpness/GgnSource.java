package org.flatlens.analysis.sharpness;

import java.util.List;
import org.flatlens.data.Dataset;
import org.flatlens.nn.LossKind;
import org.flatlens.nn.Model;
import org.flatlens.nn.Parameters;

/**
 * Where the Gauss–Newton measures come from: {@code trace_ggn}, the per-layer {@code S_l} and the GGN form of relative
 * flatness (THEORY.md §2 and Lemma 2). {@link BruteForceGgn} is the reference implementation; a faster one (per-sample
 * Jacobians from batched backward passes, package {@code analysis.jacobians}) plugs in through this interface.
 */
@FunctionalInterface
public interface GgnSource {
    /**
     * @param layers the linear layers whose {@code S_l} and {@code κ^G_l} are wanted
     * @throws IllegalArgumentException if the data does not fit the model
     */
    GgnTraces compute(Model model, Parameters params, Dataset data, LossKind loss, List<LinearLayer> layers);
}
