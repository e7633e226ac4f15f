package org.flatlens.cli;

import org.flatlens.tensor.UserInputException;

/**
 * The sweeps {@code flatlens demo} runs, all on FashionMNIST classes 0 and 1 (T-shirt/top vs trouser) with plain SGD
 * and MSE, tracked on a fixed sample set:
 * <ul>
 *   <li>{@code mlp} (default): a 784-100-100-2 tanh MLP on 256 training samples, 3 learning rates × 2 batch sizes × 2
 *       seeds, 2400 steps; chosen so that every run reaches 100% training accuracy well before the end (by step 800 in
 *       our runs), so the along-training trends have points to work on;</li>
 *   <li>{@code --quick}: the same grid on a 784-32-32-2 MLP, 128 samples, 800 steps (a pipeline check);</li>
 *   <li>{@code paper}: the protocol of the paper (a 784-500-500-500-2 tanh MLP on every training sample of the two
 *       classes, a grid of learning rates × batch sizes × seeds, trained into the interpolation phase and tracked on
 *       20 samples), scaled by {@code --seeds} and {@code --steps};</li>
 *   <li>{@code lenet}, {@code vgg}, {@code vit}: the other architectures on the demo's small grid.</li>
 * </ul>
 * Expected times are stated once, in {@link #DURATION}.
 */
final class DemoPresets {
    /**
     * How long the demo takes, stated once: {@code flatlens --help}, {@code flatlens demo --help} and README.md quote
     * this sentence word for word ({@code ConsoleMessagesTest} checks). Whoever changes the presets measures again and
     * changes this text and the README's copy together (BENCHMARKS.md, "Demo").
     */
    static final String DURATION = "The default demo takes about 1 minute on two idle cores and up to 5 minutes "
            + "on a busy machine; --quick about 20 seconds.";
    static final int PAPER_STEPS = 20000, PAPER_SEEDS = 2;

    private DemoPresets() {}

    /**
     * The sweep.yaml text of a preset.
     *
     * @param seeds seeds per setting of the paper preset
     * @param steps steps of the paper preset (0: its default)
     */
    static String yaml(String preset, boolean quick, int seeds, int steps) {
        if (preset.equals("paper")) return paper(seeds, steps > 0 ? steps : PAPER_STEPS);
        String model = switch (preset) {
            case "mlp" -> quick ? "{arch: mlp, options: {widths: [32, 32], activation: tanh}}"
                    : "{arch: mlp, options: {widths: [100, 100], activation: tanh}}";
            case "lenet" -> "{arch: lenet}";
            case "vgg" -> quick ? "{arch: vgg, options: {width: 0.5}}" : "{arch: vgg}";
            case "vit" -> quick ? "{arch: vit, options: {patch: 7, dim: 16, depth: 1, heads: 2, mlp_ratio: 2}}"
                    : "{arch: vit, options: {patch: 7, dim: 32, depth: 2, heads: 2, mlp_ratio: 2}}";
            default -> throw new UserInputException("unknown preset '" + preset
                    + "' (expected mlp, paper, lenet, vgg or vit)");
        };
        boolean mlp = preset.equals("mlp");
        int n = quick ? 800 : mlp ? 2400 : 600;
        int every = quick ? 50 : 100;
        return "# flatlens demo --preset " + preset + (quick ? " --quick" : "") + "\n"
                + "search: grid\n"
                + "model: " + model + "\n"
                + "dataset: fashion-mnist\n"
                + "classes: [0, 1]\n"
                + "loss: mse\n"
                + "lr: [0.04, 0.07, 0.12]\n"
                + "batch_size: [8, 32]\n"
                + "steps: " + n + "\n"
                + "seed: [0, 1]\n"
                + "train_samples: " + (quick ? 128 : 256) + "\n"
                + "test_samples: 500\n"
                + "checkpoint_every: " + (n / 2) + "\n"
                + "track: {every: " + every + ", samples: " + (quick ? 10 : 20) + ", test_samples: "
                + (quick ? 10 : 20) + ", seed: 0}\n";
    }

    /** THEORY §6's protocol: the paper's MLP, all 12,000 training samples of the two classes, a grid × seeds. */
    private static String paper(int seeds, int steps) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < seeds; i++) s.append(i == 0 ? "" : ", ").append(i);
        return "# flatlens demo --preset paper --seeds " + seeds + " --steps " + steps + "\n"
                + "search: grid\n"
                + "model: {arch: mlp, options: {widths: [500, 500, 500], activation: tanh}}\n"
                + "dataset: fashion-mnist\n"
                + "classes: [0, 1]\n"
                + "loss: mse\n"
                + "lr: [0.02, 0.05, 0.1]\n"
                + "batch_size: [8, 32]\n"
                + "steps: " + steps + "\n"
                + "seed: " + s.append("]") + "\n"
                + "test_samples: 2000\n"
                + "checkpoint_every: " + Math.max(1, steps / 10) + "\n"
                + "track: {every: " + Math.max(1, steps / 20) + ", samples: 20, test_samples: 20, seed: 0}\n";
    }

    /** What the report says about the preset's sizing. */
    static String notes(String preset, boolean quick) {
        if (preset.equals("paper")) {
            return "The paper's protocol: a 784-500-500-500-2 tanh MLP on every FashionMNIST training sample of classes 0 "
                    + "(T-shirt/top) and 1 (trouser), MSE, plain SGD over a grid of learning rates and batch sizes with "
                    + "several seeds, tracked on 20 fixed samples.";
        }
        String base = "Demo sweep (" + preset + " preset) on FashionMNIST classes 0 (T-shirt/top) and 1 (trouser), "
                + "trained on the first " + (quick ? 128 : 256) + " training samples of those classes.";
        if (!preset.equals("mlp")) return base;
        if (!quick) return base + " A small 784-100-100-2 tanh MLP instead of the paper's 784-500-500-500-2, so that "
                + "12 runs train into the interpolation phase in minutes; --preset paper runs the paper's protocol.";
        return base + " Quick mode: a 784-32-32-2 MLP, 800 steps and 10 tracked samples, so the numbers only show that "
                + "the pipeline works; run without --quick for a meaningful sweep.";
    }
}
