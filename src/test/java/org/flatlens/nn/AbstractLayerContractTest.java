package org.flatlens.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.flatlens.autodiff.Autodiff;
import org.flatlens.autodiff.Var;
import org.flatlens.tensor.Shape;
import org.flatlens.tensor.Tensor;
import org.flatlens.testutil.GradCheck;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Layer} meets, run by one small subclass per layer configuration: declared shapes equal
 * initialised shapes (same names, same order), the forward output has the stated shape, the gradient with respect to
 * the input and to every parameter matches central finite differences, a missing parameter fails with its name, and
 * recording sites changes no value.
 */
abstract class AbstractLayerContractTest {
    /** Norm-wise relative error allowed between reverse-mode and central-difference gradients. */
    static final double GRAD_TOL = 1e-7;

    /** A fresh instance of the layer under test. */
    abstract Layer layer();

    abstract Shape inputShape();

    abstract Shape outputShape();

    /** The test input: standard normal unless a layer needs entries away from kinks or ties. */
    Tensor input(SplittableRandom rng) {
        return Tensor.randn(rng, inputShape().dims());
    }

    /** The layer's initial values, perturbed so that none sits at a special value (LayerNorm's ones, zero biases). */
    Map<String, Tensor> parameters(SplittableRandom rng) {
        Map<String, Tensor> values = new LinkedHashMap<>();
        layer().init(values, rng);
        Map<String, Tensor> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, v.add(Tensor.randn(rng, v.shape().dims()).mul(0.1))));
        return out;
    }

    private static Map<String, Var> vars(Map<String, Tensor> values) {
        Map<String, Var> m = new LinkedHashMap<>();
        values.forEach((k, v) -> m.put(k, Var.constant(v)));
        return m;
    }

    @Test
    void declaredShapesEqualInitialisedShapes() {
        Map<String, Shape> declared = new LinkedHashMap<>();
        layer().declare(declared);
        Map<String, Tensor> values = new LinkedHashMap<>();
        layer().init(values, new SplittableRandom(1));
        assertEquals(List.copyOf(declared.keySet()), List.copyOf(values.keySet()), "names or their order differ");
        declared.forEach((k, s) -> assertEquals(s, values.get(k).shape(), k));
    }

    @Test
    void initialisationIsReproducibleFromTheSeed() {
        Map<String, Tensor> a = new LinkedHashMap<>(), b = new LinkedHashMap<>();
        layer().init(a, new SplittableRandom(5));
        layer().init(b, new SplittableRandom(5));
        a.forEach((k, v) -> assertEquals(0.0, v.maxAbsDiff(b.get(k)), k));
    }

    @Test
    void forwardHasTheStatedOutputShape() {
        SplittableRandom rng = new SplittableRandom(2);
        Var out = layer().forward(vars(parameters(rng)), Var.constant(input(rng)), null);
        assertEquals(outputShape(), out.shape());
        assertTrue(out.value().allFinite());
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(3);
        Map<String, Tensor> params = parameters(rng);
        List<String> names = new ArrayList<>();
        List<Tensor> at = new ArrayList<>();
        names.add("input");
        at.add(input(rng));
        params.forEach((k, v) -> {
            names.add(k);
            at.add(v);
        });
        Layer layer = layer();
        GradCheck.ScalarFn f = v -> {
            Map<String, Var> p = new LinkedHashMap<>();
            for (int i = 1; i < names.size(); i++) p.put(names.get(i), v.get(i));
            return GradCheck.project(layer.forward(p, v.get(0), null));
        };
        List<Var> leaves = new ArrayList<>();
        for (Tensor t : at) leaves.add(Var.param(t.copy()));
        List<Tensor> analytic = Autodiff.gradValues(f.apply(leaves), leaves);
        for (int i = 0; i < at.size(); i++) {
            double err = GradCheck.relDiff(analytic.get(i), GradCheck.numericGrad(f, at, i));
            assertTrue(err < GRAD_TOL, names.get(i) + ": relative error " + err);
        }
    }

    @Test
    void missingParameterFailsWithItsName() {
        SplittableRandom rng = new SplittableRandom(4);
        Map<String, Tensor> params = parameters(rng);
        Assumptions.assumeFalse(params.isEmpty(), "layer has no parameters");
        Tensor x = input(rng);
        for (String name : params.keySet()) {
            Map<String, Var> partial = vars(params);
            partial.remove(name);
            var e = assertThrows(IllegalArgumentException.class, () -> layer().forward(partial, Var.constant(x), null));
            assertEquals("missing parameter '" + name + "'", e.getMessage());
        }
    }

    @Test
    void recordingSitesChangesNoValue() {
        SplittableRandom rng = new SplittableRandom(6);
        Map<String, Var> params = vars(parameters(rng));
        Var x = Var.constant(input(rng));
        SiteRecorder rec = new SiteRecorder();
        Tensor with = layer().forward(params, x, rec).value();
        Tensor without = layer().forward(params, x, null).value();
        assertEquals(0.0, with.maxAbsDiff(without));
        for (Site s : rec.sites()) assertTrue(params.containsKey(s.weight()), "site weight " + s.weight());
    }
}
