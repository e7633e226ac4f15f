package org.flatlens.autodiff;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.flatlens.tensor.Tensor;
import org.flatlens.testutil.FixtureReader;
import org.flatlens.testutil.GradCheck;
import org.junit.jupiter.api.Test;

/**
 * Losses, gradients and Hessian–vector products against PyTorch's double backward (fixtures made by
 * {@code scripts/fixtures/make_op_fixtures.py}; the parameter packing of each case is documented there), to a
 * norm-wise relative error of 1e-10.
 */
class TorchHvpFixtureTest {
    private static final double TOL = 1e-10;
    private static final Map<String, Tensor> F = FixtureReader.resource("fixtures/ops.safetensors");

    private static double check(String what, Tensor expected, Tensor actual) {
        double err = GradCheck.relDiff(actual, expected);
        assertTrue(err <= TOL, what + ": relative error " + err);
        return err;
    }

    /** Loss, gradient and HVP of {@code f} at the case's θ in the case's direction v. */
    private static void compare(String name, SecondOrderTest.Loss f) {
        Tensor theta = F.get(name + ".theta"), v = F.get(name + ".v");
        Var p = Var.param(theta.copy());
        Var loss = f.apply(p);
        double worst = check(name + " loss", F.get(name + ".loss"), loss.value());
        worst = Math.max(worst, check(name + " grad", F.get(name + ".grad"), Autodiff.gradValues(loss, List.of(p))
                .get(0)));
        Tensor hv = SecondOrderTest.hvp(f, theta, v);
        worst = Math.max(worst, check(name + " hvp", F.get(name + ".hvp"), hv));
        System.out.printf("%s vs PyTorch: worst relative error %.2e (loss, gradient, HVP)%n", name, worst);
    }

    @Test
    void tinyMlpCrossEntropy() {
        Tensor onehot = F.get("mlp_ce.onehot");
        int[] labels = new int[onehot.dim(0)];
        for (int i = 0; i < labels.length; i++) labels[i] = onehot.get(i, 1) == 1.0 ? 1 : 0;
        compare("mlp_ce", SecondOrderTest.tinyMlpCrossEntropy(F.get("mlp_ce.x"), labels));
    }

    @Test
    void geluOfLayerNorm() {
        compare("gelu_ln", SecondOrderTest.geluLayerNormMse(F.get("gelu_ln.x"), F.get("gelu_ln.y")));
    }

    @Test
    void convTanhMaxPool() {
        Tensor x = F.get("conv_pool.x"), y = F.get("conv_pool.y");
        compare("conv_pool", theta -> Var.constant(x).conv2d(theta.reshape(3, 2, 3, 3), 1, 1).tanh().maxPool2d(2, 2)
                .sub(Var.constant(y)).square().sum().mul(0.5));
    }
}
