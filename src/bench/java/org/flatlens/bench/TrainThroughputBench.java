package org.flatlens.bench;

import java.util.ArrayList;
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
import org.flatlens.train.Sgd;

/**
 * Training throughput (samples per second) of full SGD steps — forward, MSE loss, backward, update — in float64 on
 * random inputs, for the configurations of BENCHMARKS.md. {@code scripts/bench/train_throughput.py} runs the same
 * steps in PyTorch.
 */
public final class TrainThroughputBench {
    /** One configuration: a model on inputs {@code [C, H, W]} at a batch size. */
    public record Config(String label, ModelSpec spec, int batch) {}

    public record Result(Config config, Timing step) {
        public double samplesPerSecond() {
            return config.batch() / step.medianSeconds();
        }
    }

    private TrainThroughputBench() {}

    public static List<Config> standardConfigs() {
        ModelSpec mlp = new ModelSpec("mlp", Map.of(), new int[] {1, 28, 28}, 10);
        return List.of(new Config("mlp b8", mlp, 8), new Config("mlp b128", mlp, 128),
                new Config("lenet b128", new ModelSpec("lenet", Map.of(), new int[] {1, 28, 28}, 10), 128),
                new Config("vgg b128", new ModelSpec("vgg", Map.of(), new int[] {3, 32, 32}, 10), 128),
                new Config("vit b64", new ModelSpec("vit", Map.of(), new int[] {1, 28, 28}, 10), 64));
    }

    /** Times {@code steps} consecutive SGD steps per repetition, so per-step overheads are included. */
    public static Result run(Config c, int steps, int warmup, int reps) {
        SplittableRandom rng = new SplittableRandom(1);
        Model model = Models.build(c.spec());
        Parameters params = model.init(rng);
        int[] in = c.spec().inputShape();
        Tensor x = Tensor.uniform(rng, 0, 1, c.batch(), in[0], in[1], in[2]);
        Tensor y = Tensor.zeros(c.batch(), c.spec().numOutputs());
        for (int i = 0; i < c.batch(); i++) y.set(1.0, i, rng.nextInt(c.spec().numOutputs()));
        Sgd sgd = new Sgd(1e-3, 0, 0);
        Timing t = Timing.measure(warmup * steps, reps, steps, () -> {
            Map<String, Var> p = params.vars(true);
            Var loss = Losses.mse(model.forward(p, Var.constant(x), null), y);
            sgd.step(params.tensors(), Autodiff.gradValues(loss, new ArrayList<>(p.values())));
        });
        return new Result(c, t);
    }

    public static void main(String[] args) {
        for (Config c : standardConfigs()) {
            if (args.length > 0 && !List.of(args).contains(c.label().split(" ")[0])) continue;
            int steps = c.batch() <= 8 ? 100 : 10;
            Result r = run(c, steps, 1, 5);
            System.out.printf("%-11s %9.1f samples/s  (%.2f ms/step, min %.2f, max %.2f)%n", c.label(),
                    r.samplesPerSecond(), r.step().medianSeconds() * 1e3, r.step().minSeconds() * 1e3, r.step().maxSeconds() * 1e3);
        }
    }
}
