package org.flatlens.analysis.sharpness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.flatlens.analysis.linalg.LanczosResult;
import org.flatlens.data.Dataset;
import org.flatlens.nn.LossKind;
import org.flatlens.nn.Model;
import org.flatlens.nn.ModelSpecJson;
import org.flatlens.nn.Models;
import org.flatlens.nn.Parameters;
import org.flatlens.tensor.Tensor;
import org.flatlens.testutil.FixtureReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sharpness measures against PyTorch's full float64 Hessians on the same weights and samples (fixtures made by
 * {@code scripts/fixtures/make_sharpness_fixtures.py}, see {@code src/test/resources/fixtures/README.md}): exact
 * {@code Tr(H)}, the top eigenvalues, {@code Tr(G)}, per-layer {@code S_l}, and relative flatness in both forms, for
 * both losses.
 */
class TorchSharpnessFixtureTest {
    private static final double TOL = 1e-9;

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "vit"})
    void matchesPyTorch(String arch) {
        Map<String, Tensor> f = FixtureReader.resource("fixtures/sharpness/" + arch + ".safetensors");
        Model model = Models.build(ModelSpecJson.parse(FixtureReader.text("fixtures/sharpness/" + arch + ".json")));
        Map<String, Tensor> state = new LinkedHashMap<>();
        f.forEach((k, v) -> {
            if (!k.startsWith("__")) state.put(k, v);
        });
        Parameters params = new Parameters(state);
        Tensor onehot = f.get("__onehot");
        int n = onehot.dim(0), k = onehot.dim(1);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) for (int c = 0; c < k; c++) if (onehot.get(i, c) == 1.0) labels[i] = c;
        Dataset data = Dataset.fromTensor(arch, f.get("__input"), labels, k);
        List<LinearLayer> layers = LinearLayer.of(model, params);
        for (LossKind loss : LossKind.values()) {
            String s = "_" + loss.key();
            DatasetHessian h = new DatasetHessian(model, params, data, loss, n);
            double trace = f.get("__trace_hessian" + s).item();
            double exact = HessianTrace.estimate(h, null, 0, HessianTrace.Method.EXACT).mean();
            check(arch + s + " Tr(H)", trace, exact, trace);
            double[] eig = f.get("__eigenvalues" + s).data();
            LanczosResult r = HessianSpectrum.topEigenvalues(h, new SplittableRandom(1), 3, 60, 1e-8);
            for (int i = 0; i < 3; i++) check(arch + s + " eigenvalue " + i, eig[i], r.eigenvalues()[i], eig[0]);
            GgnTraces g = new BruteForceGgn().compute(model, params, data, loss, layers);
            double trG = f.get("__trace_ggn" + s).item();
            check(arch + s + " Tr(G)", trG, g.traceGgn(), trG);
            for (LinearLayer l : layers) {
                check(arch + s + " S " + l.weight(), f.get("__trace_ggn_layers" + s + "." + l.weight()).item(),
                        g.traceGgnLayers().get(l.weight()), trG);
                double kappa = f.get("__relative_flatness" + s + "." + l.name()).item();
                check(arch + s + " κ " + l.name(), kappa, RelativeFlatness.hessianExact(h, l).mean(), Math.abs(kappa));
                double kappaG = f.get("__relative_flatness_ggn" + s + "." + l.name()).item();
                check(arch + s + " κ^G " + l.name(), kappaG, g.relativeFlatness().get(l.name()), kappaG);
            }
            System.out.printf("%s %s vs PyTorch: Tr(H) %.10f, lambda_max %.10f, Tr(G) %.10f (%d layers); worst "
                    + "relative difference so far %.1e%n", arch, loss.key(), trace, eig[0], trG, layers.size(), worst);
        }
    }

    private double worst;

    /** Asserts agreement relative to {@code scale} and records the worst relative difference. */
    private void check(String what, double expected, double actual, double scale) {
        double s = Math.max(1e-3, Math.abs(scale));
        assertEquals(expected, actual, TOL * s, what);
        worst = Math.max(worst, Math.abs(expected - actual) / s);
    }
}
