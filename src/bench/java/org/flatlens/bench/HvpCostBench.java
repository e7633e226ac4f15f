package org.flatlens.bench;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.flatlens.autodiff.Autodiff;
import org.flatlens.autodiff.Var;
import org.flatlens.nn.Losses;
import org.flatlens.nn.Model;
import org.flatlens.nn.ModelSpec;
import org.flatlens.nn.Models;
import org.flatlens.nn.Parameters;
import org.flatlens.tensor.Tensor;

/**
 * The cost of one Hessian–vector product relative to one gradient, on the paper's MLP 784-500-500-500-10 with MSE loss
 * on a batch of random inputs (default 1024), both from the same forward pass construction.
 */
public final class HvpCostBench {
    /** Median seconds for a gradient and for an HVP, and their ratio. */
    public record Result(int samples, Timing gradient, Timing hvp) {
        public double ratio() {
            return hvp.medianSeconds() / gradient.medianSeconds();
        }
    }

    private HvpCostBench() {}

    public static Result run(int samples, int warmup, int reps) {
        SplittableRandom rng = new SplittableRandom(1);
        Model model = Models.build(new ModelSpec("mlp", Map.of(), new int[] {1, 28, 28}, 10));
        Parameters params = model.init(rng);
        Tensor x = Tensor.uniform(rng, 0, 1, samples, 1, 28, 28);
        Tensor y = Tensor.zeros(samples, 10);
        for (int i = 0; i < samples; i++) y.set(1.0, i, rng.nextInt(10));
        List<Tensor> v = params.tensors().stream().map(t -> Tensor.randn(rng, t.shape().dims())).toList();
        Timing grad = Timing.measure(warmup, reps, 1, () -> {
            Map<String, Var> p = params.vars(true);
            Var loss = Losses.mse(model.forward(p, Var.constant(x), null), y);
            Autodiff.gradValues(loss, List.copyOf(p.values()));
        });
        Timing hvp = Timing.measure(warmup, reps, 1, () -> {
            Map<String, Var> p = params.vars(true);
            Var loss = Losses.mse(model.forward(p, Var.constant(x), null), y);
            Autodiff.hvp(loss, List.copyOf(p.values()), v);
        });
        return new Result(samples, grad, hvp);
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
        Result r = run(n, 2, 5);
        System.out.printf("gradient %s%nhvp      %s%nratio    %.2f%n", r.gradient(), r.hvp(), r.ratio());
    }
}
