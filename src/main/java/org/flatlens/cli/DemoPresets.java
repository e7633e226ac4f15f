package org.flatlens.cli;

import org.flatlens.tensor.UserInputException;

/**
 * The sweeps {@code flatlens demo} runs: FashionMNIST classes 0 and 1 (T-shirt/top vs trouser), plain SGD with MSE,
 * several learning rates and batch sizes, tracked on a small fixed sample set. Training uses a subset of the training
 * split so that the evaluation at every tracked step stays cheap. {@code quick} shrinks the model and the schedule so
 * that the whole demo takes under two minutes on two cores (what CI runs).
 */
final class DemoPresets {
    private DemoPresets() {}

    /** The sweep.yaml text of a preset. */
    static String yaml(String preset, boolean quick) {
        String model = switch (preset) {
            case "mlp" -> quick ? "{arch: mlp, options: {widths: [64, 64]}}"
                    : "{arch: mlp, options: {widths: [500, 500, 500], activation: tanh}}";
            case "lenet" -> "{arch: lenet}";
            case "vgg" -> quick ? "{arch: vgg, options: {width: 0.5}}" : "{arch: vgg}";
            case "vit" -> quick ? "{arch: vit, options: {patch: 7, dim: 16, depth: 1, heads: 2, mlp_ratio: 2}}"
                    : "{arch: vit, options: {patch: 7, dim: 32, depth: 2, heads: 2, mlp_ratio: 2}}";
            default -> throw new UserInputException("unknown preset '" + preset
                    + "' (expected mlp, lenet, vgg or vit)");
        };
        boolean mlp = preset.equals("mlp");
        int steps = quick ? (mlp ? 1000 : 150) : (mlp ? 1500 : 600);
        int every = quick ? (mlp ? 50 : 25) : 100;
        String lrs = mlp && !quick ? "[0.03, 0.06, 0.12]" : "[0.02, 0.05, 0.1]";
        return "# flatlens demo --preset " + preset + (quick ? " --quick" : "") + "\n"
                + "search: grid\n"
                + "model: " + model + "\n"
                + "dataset: fashion-mnist\n"
                + "classes: [0, 1]\n"
                + "loss: mse\n"
                + "lr: " + lrs + "\n"
                + "batch_size: " + (quick ? "[8, 32]" : "[8, 16]") + "\n"
                + "steps: " + steps + "\n"
                + "seed: 0\n"
                + "train_samples: " + (quick ? 200 : 500) + "\n"
                + "test_samples: 500\n"
                + "checkpoint_every: " + (quick ? 100 : 500) + "\n"
                + "track: {every: " + every + ", samples: " + (quick ? 10 : 20) + ", test_samples: "
                + (quick ? 10 : 20) + ", seed: 0}\n";
    }

    /** What the report says about the preset's sizing. */
    static String notes(String preset, boolean quick) {
        String base = "Demo sweep (" + preset + " preset) on FashionMNIST classes 0 (T-shirt/top) and 1 (trouser), "
                + "trained on the first " + (quick ? 200 : 500) + " training samples of those classes.";
        if (!quick) return base + (preset.equals("mlp") ? " The MLP is the paper's 784-500-500-500-2 (tanh)." : "");
        return base + " Quick mode: a smaller model than the paper's (" + (preset.equals("mlp") ? "784-64-64-2 MLP"
                : "reduced " + preset) + "), few steps and few tracked samples, so the numbers only show that the "
                + "pipeline works; run without --quick for a meaningful sweep.";
    }
}
