package org.flatlens.testutil;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.flatlens.autodiff.Autodiff;
import org.flatlens.autodiff.Var;
import org.flatlens.tensor.Shape;
import org.flatlens.tensor.Tensor;

/** Central finite differences against reverse-mode gradients, compared by norm-wise relative error. */
public final class GradCheck {
    private GradCheck() {}

    /** The scalar function under test, of parameter nodes. */
    public interface ScalarFn extends Function<List<Var>, Var> {}

    /** A fixed random projection of {@code out} to a scalar, so a whole vector–Jacobian product is checked at once. */
    public static Var project(Var out) {
        Shape s = out.shape();
        Tensor w = Tensor.randn(new SplittableRandom(31L * s.hashCode() + 7), s.dims());
        return out.dot(Var.constant(w));
    }

    /** {@code max_i ||g_i − g̃_i|| / max(||g_i||, ||g̃_i||, 1e-12)} over the inputs: analytic g vs central differences g̃. */
    public static double relError(ScalarFn f, List<Tensor> at) {
        List<Var> params = new ArrayList<>();
        for (Tensor t : at) params.add(Var.param(t.copy()));
        List<Tensor> analytic = Autodiff.gradValues(f.apply(params), params);
        double worst = 0;
        for (int i = 0; i < at.size(); i++) {
            Tensor numeric = numericGrad(f, at, i);
            worst = Math.max(worst, relDiff(analytic.get(i), numeric));
        }
        return worst;
    }

    public static double relDiff(Tensor a, Tensor b) {
        double diff = a.sub(b).norm();
        double scale = Math.max(Math.max(a.norm(), b.norm()), 1e-12);
        return diff / scale;
    }

    /** Central differences of {@code f} with respect to input {@code which}, step {@code 1e-5·max(1, |x|)}. */
    public static Tensor numericGrad(ScalarFn f, List<Tensor> at, int which) {
        Tensor x = at.get(which);
        double[] g = new double[x.size()];
        for (int j = 0; j < g.length; j++) {
            double orig = x.data()[j];
            double h = 1e-5 * Math.max(1.0, Math.abs(orig));
            g[j] = (eval(f, at, which, j, orig + h) - eval(f, at, which, j, orig - h)) / (2 * h);
        }
        return new Tensor(x.shape(), g);
    }

    private static double eval(ScalarFn f, List<Tensor> at, int which, int j, double value) {
        List<Var> vs = new ArrayList<>();
        for (int i = 0; i < at.size(); i++) {
            Tensor t = at.get(i).copy();
            if (i == which) t.data()[j] = value;
            vs.add(Var.constant(t));
        }
        return f.apply(vs).value().item();
    }
}
