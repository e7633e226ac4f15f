package org.flatlens.analysis.compression;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.flatlens.nn.LossKind;
import org.flatlens.nn.Model;
import org.flatlens.nn.ModelSpec;
import org.flatlens.nn.Models;
import org.flatlens.nn.Parameters;
import org.flatlens.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Rescaling a ReLU layer by α and the next by 1/α leaves the function unchanged. Relative flatness is invariant
 * (Petzka et al.; THEORY.md Lemma 2: {@code κ^G = AM ||h||² ||J||²} and h, J scale inversely), and so is
 * {@code rel_mls = ||h|| σ_1(J)}, while the plain sharpness of each layer and the MLS of the next site are not.
 */
class InvarianceTest {
    @ParameterizedTest(name = "alpha {0}, {1}")
    @CsvSource({"3.0, MSE", "0.25, MSE", "7.0, CE"})
    void reluRescalingLeavesRelativeMeasuresUnchanged(double alpha, LossKind loss) {
        Model m = Models.build(new ModelSpec("mlp", Map.of("widths", List.of(8, 6), "activation", "relu"),
                new int[] {1, 3, 3}, 4));
        Parameters p = m.init(new SplittableRandom(11));
        Map<String, Tensor> scaled = new LinkedHashMap<>(p.asMap());
        scaled.put("0.weight", p.get("0.weight").mul(alpha));
        scaled.put("0.bias", p.get("0.bias").mul(alpha));
        scaled.put("2.weight", p.get("2.weight").mul(1 / alpha));
        Parameters q = new Parameters(scaled);
        Tensor x = Tensor.uniform(new SplittableRandom(12), 0, 1, 6, 1, 3, 3);
        assertEquals(0, m.predict(p, x).sub(m.predict(q, x)).norm(), 1e-12);
        CompressionReport a = run(m, p, x, loss), b = run(m, q, x, loss);
        for (int l = 0; l < a.sites().size(); l++) {
            SiteMeasures u = a.sites().get(l), v = b.sites().get(l);
            close(u.bounds().relativeFlatness(), v.bounds().relativeFlatness(), "kappa " + u.name());
            close(u.relMls().am(), v.relMls().am(), "rel_mls " + u.name());
            close(u.localDim().am(), v.localDim().am(), "local_dim " + u.name());
        }
        SiteMeasures before = a.site("2"), after = b.site("2");
        close(before.mls().am() / alpha, after.mls().am(), "mls scales by 1/α");
        close(before.norm().am() * alpha, after.norm().am(), "||h|| scales by α");
        close(a.site("input").bounds().traceGgnLayer() / (alpha * alpha), b.site("input").bounds().traceGgnLayer(),
                "S of the first layer scales by 1/α²");
        close(before.bounds().traceGgnLayer() * alpha * alpha, after.bounds().traceGgnLayer(),
                "S of the second layer scales by α²");
        close(a.site("input").mls().am(), b.site("input").mls().am(), "the input Jacobian is the function's");
    }

    private static CompressionReport run(Model m, Parameters p, Tensor x, LossKind loss) {
        return CompressionAnalysis.run(m, p, x, loss, CompressionOptions.defaults(), new SplittableRandom(1));
    }

    private static void close(double want, double got, String what) {
        assertEquals(want, got, 1e-11 * Math.abs(want), what);
    }
}
