package org.flatlens.nn.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.flatlens.analysis.jacobians.Ggn;
import org.flatlens.analysis.jacobians.GgnReport;
import org.flatlens.autodiff.Autodiff;
import org.flatlens.autodiff.Var;
import org.flatlens.nn.LossKind;
import org.flatlens.nn.Losses;
import org.flatlens.nn.Parameters;
import org.flatlens.nn.SiteRecorder;
import org.flatlens.nn.Structure;
import org.flatlens.tensor.Tensor;
import org.flatlens.testutil.BruteForce;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Imported graphs are differentiated like built-in models: gradients and Hessian–vector products against central
 * differences along a random direction, and the batched per-sample Gauss–Newton trace (which needs every parameter —
 * BatchNorm and LayerNorm scales included — to have an exact per-sample rule) against the one-sample-at-a-time oracle.
 */
class GraphModelGradientTest {
    @ParameterizedTest
    @ValueSource(strings = {"resnet", "vit_opset13", "misc", "geometry"})
    void gradientAndHvpMatchFiniteDifferences(String name) {
        OnnxFixtures f = OnnxFixtures.load(name);
        GraphModel m = GraphModel.read(f.onnx());
        Parameters p = m.bundledWeights().orElseThrow();
        Tensor y = Tensor.zeros(f.logits().shape());
        for (int i = 0; i < y.dim(0); i++) y.set(1.0, i, i % y.dim(1));
        SplittableRandom rng = new SplittableRandom(11);
        List<Tensor> dir = new ArrayList<>();
        for (Tensor t : p.tensors()) dir.add(Tensor.randn(rng, t.shape().dims()));
        double norm = Math.sqrt(dot(dir, dir));
        dir.replaceAll(t -> t.mul(1 / norm)); // a unit direction, so h is the step's length
        double h = 1e-5;
        double analytic = dot(grad(m, p, f.input(), y), dir);
        double numeric = (loss(m, shift(p, dir, h), f.input(), y) - loss(m, shift(p, dir, -h), f.input(), y)) / (2 * h);
        assertTrue(Math.abs(analytic - numeric) <= 1e-6 * Math.max(1, Math.abs(numeric)), analytic + " vs " + numeric);

        Map<String, Var> vars = p.vars(true);
        Var l = Losses.mse(m.forward(vars, Var.constant(f.input()), null), y);
        List<Tensor> hv = Autodiff.hvp(l, new ArrayList<>(vars.values()), dir);
        List<Tensor> gp = grad(m, shift(p, dir, h), f.input(), y), gm = grad(m, shift(p, dir, -h), f.input(), y);
        double worst = 0, scale = 0;
        for (int i = 0; i < hv.size(); i++) {
            Tensor fd = gp.get(i).sub(gm.get(i)).mul(1 / (2 * h));
            worst = Math.max(worst, hv.get(i).sub(fd).norm());
            scale = Math.max(scale, hv.get(i).norm());
        }
        assertTrue(worst <= 1e-5 * Math.max(1, scale), name + ": HVP vs differences " + worst + " (scale " + scale + ")");
    }

    @ParameterizedTest
    @ValueSource(strings = {"resnet", "vit", "misc", "geometry"})
    void batchedGaussNewtonTraceEqualsTheOneSampleOracle(String name) {
        OnnxFixtures f = OnnxFixtures.load(name);
        GraphModel m = GraphModel.read(f.onnx());
        Parameters p = m.bundledWeights().orElseThrow();
        GgnReport r = Ggn.compute(m, p, f.input(), LossKind.CE, 2);
        int n = f.input().dim(0), k = f.logits().dim(1);
        double oracle = 0;
        for (int i = 0; i < n; i++) {
            Tensor xi = f.input().slice(0, i, i + 1);
            for (int c = 0; c < k; c++) {
                for (Tensor g : BruteForce.of(m, p, xi, LossKind.CE, c).params().values()) {
                    oracle += BruteForce.sq(g);
                }
            }
        }
        oracle /= n;
        assertEquals(oracle, r.traceGgn(), 1e-10 * oracle, name);
    }

    @Test
    void resnetRecordsItsConvolutionsAsSitesAndItsBatchNormsAsParameterUses() {
        GraphModel m = GraphModel.read(OnnxFixtures.load("resnet").onnx());
        SiteRecorder rec = new SiteRecorder();
        m.forward(m.bundledWeights().orElseThrow().vars(false), Var.constant(Tensor.zeros(2, 1, 28, 28)), rec);
        assertEquals(List.of("conv1", "layer1.conv1", "layer1.conv2", "layer2.conv1", "layer2.conv2",
                "layer2.shortcut.0", "linear"), rec.sites().stream().map(s -> s.layer()).toList());
        assertTrue(rec.paramSites().stream().anyMatch(s -> s.name().equals("layer2.shortcut.1.weight")));
        assertEquals(java.util.Set.of(Structure.BATCH_NORM, Structure.SKIP_CONNECTIONS), m.structure());
        assertTrue(m.parameterShapes().keySet().stream().noneMatch(s -> s.contains("running")),
                "running statistics are buffers, not parameters");
    }

    private static double loss(GraphModel m, Parameters p, Tensor x, Tensor y) {
        return Losses.mse(m.forward(p.vars(false), Var.constant(x), null), y).value().item();
    }

    private static List<Tensor> grad(GraphModel m, Parameters p, Tensor x, Tensor y) {
        Map<String, Var> vars = p.vars(true);
        return Autodiff.gradValues(Losses.mse(m.forward(vars, Var.constant(x), null), y), new ArrayList<>(vars.values()));
    }

    private static Parameters shift(Parameters p, List<Tensor> dir, double h) {
        List<Tensor> out = new ArrayList<>();
        for (int i = 0; i < dir.size(); i++) out.add(p.tensors().get(i).add(dir.get(i).mul(h)));
        return p.with(out);
    }

    private static double dot(List<Tensor> a, List<Tensor> b) {
        double s = 0;
        for (int i = 0; i < a.size(); i++) s += a.get(i).dot(b.get(i));
        return s;
    }
}
