package org.flatlens.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Callable;
import org.flatlens.data.Dataset;
import org.flatlens.experiments.MeasureSuites;
import org.flatlens.experiments.TrackedSamples;
import org.flatlens.experiments.Tracker;
import org.flatlens.experiments.TrackingConfig;
import org.flatlens.data.Split;
import org.flatlens.nn.LossKind;
import org.flatlens.nn.KeyMap;
import org.flatlens.nn.ModelSpec;
import org.flatlens.nn.Parameters;
import org.flatlens.nn.Models;
import org.flatlens.tensor.Shape;
import org.flatlens.tensor.UserInputException;
import org.flatlens.train.EvalRecord;
import org.flatlens.train.InitialWeights;
import org.flatlens.train.RunDirectory;
import org.flatlens.train.RunState;
import org.flatlens.train.TrainConfig;
import org.flatlens.train.TrainHook;
import org.flatlens.train.TrainListener;
import org.flatlens.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code flatlens train}: SGD training into a run folder, resumable. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a model with mini-batch SGD and write checkpoints (model.safetensors + model.json) into "
                + "--out. Re-running the same command resumes from the last checkpoint; a larger --steps extends "
                + "a finished run.",
                "Example: flatlens train --model mlp --dataset fashion-mnist --classes 0,1 --lr 0.1 --batch 8 "
                + "--steps 20000 --out runs/x"})
public final class TrainCommand implements Callable<Integer> {
    @Mixin ModelChoice modelChoice;
    @Mixin DataSelection data;

    @Option(names = "--train-samples", paramLabel = "N", description = "Use the first N training samples (default: all).")
    int trainSamples;

    @Option(names = "--test-samples", paramLabel = "N", description = "Evaluate on the first N test samples (default: all).")
    int testSamples;

    @Option(names = "--loss", paramLabel = "mse|ce", description = "Loss: mse (½-sum per sample, the paper's) or ce "
            + "(default: ${DEFAULT-VALUE}).")
    String loss = "mse";

    @Option(names = "--lr", required = true, paramLabel = "η", description = "Learning rate.")
    double lr;

    @Option(names = "--momentum", paramLabel = "μ", description = "Momentum (default: ${DEFAULT-VALUE}, plain SGD).")
    double momentum;

    @Option(names = "--weight-decay", paramLabel = "λ", description = "Weight decay (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--batch", required = true, paramLabel = "B", description = "Batch size.")
    int batch;

    @Option(names = "--steps", required = true, paramLabel = "S", description = "Number of SGD steps.")
    int steps;

    @Option(names = "--seed", paramLabel = "SEED", description = "Seed of the initialisation and batch order "
            + "(default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--checkpoint-every", paramLabel = "N", description = "Steps between checkpoints "
            + "(default: ${DEFAULT-VALUE}; the last step always gets one).")
    int checkpointEvery = 1000;

    @Option(names = "--eval-every", paramLabel = "N", description = "Steps between evaluations on the whole "
            + "training and test subsets (default: ${DEFAULT-VALUE}).")
    int evalEvery = 500;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Run folder.")
    Path out;

    @Option(names = "--track-every", paramLabel = "N", description = "Track measures every N steps (and at the "
            + "last) on a fixed sample set, appending to metrics.jsonl in the run folder (default: no tracking).")
    int trackEvery;

    @Option(names = "--track-samples", paramLabel = "M", description = "Training samples the measures are computed "
            + "on (default: ${DEFAULT-VALUE}).")
    int trackSamples = 20;

    @Option(names = "--track-test-samples", paramLabel = "M", description = "Test samples also tracked "
            + "(default: ${DEFAULT-VALUE}).")
    int trackTestSamples;

    @Option(names = "--track-seed", paramLabel = "SEED", description = "Seed of the tracked samples' choice "
            + "(default: ${DEFAULT-VALUE}).")
    long trackSeed;

    @Option(names = "--init-from", paramLabel = "FILE", description = "Start from these weights instead of the seeded "
            + "initialisation: a safetensors file, a torch.save checkpoint or an ONNX graph's weights, as measure --weights "
            + "reads them. A resume must name the same file (its SHA-256 is recorded in the run folder).")
    Path initFrom;

    @Option(names = "--key-map", paramLabel = "FROM=TO|sharpdim", description = "Rename the keys of --init-from, "
            + "repeatable, applied in order (Java regular expressions; the preset sharpdim maps the paper code's "
            + "keys).")
    List<String> keyMap = new ArrayList<>();

    /** Exit code of a run stopped by SIGINT/SIGTERM (as a shell reports SIGINT). */
    static final int EXIT_STOPPED = 130;

    /** How long a SIGINT/SIGTERM waits for the current step and its checkpoint before the process ends anyway. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(1);

    /**
     * A shutdown hook that, on SIGINT/SIGTERM, asks the trainer to finish the current step and write a checkpoint,
     * and waits up to {@link #STOP_GRACE} for it and the closing message ({@code reported}). A longer step is cut off;
     * the run then resumes from its last checkpoint, which atomic writes keep intact.
     */
    private static Thread stopOnSignal(Trainer trainer, CountDownLatch reported) {
        return new Thread(() -> {
            trainer.requestStop();
            try {
                reported.await(STOP_GRACE.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "flatlens-stop");
    }

    @Override
    public Integer call() {
        Dataset train = data.load(Split.TRAIN);
        Dataset test = data.load(Split.TEST);
        if (trainSamples > 0) train = train.first(Math.min(trainSamples, train.size()));
        if (testSamples > 0) test = test.first(Math.min(testSamples, test.size()));
        ModelSpec spec = modelChoice.spec(train.sampleShape().dims(), train.numClasses());
        TrainConfig cfg = new TrainConfig(spec, data.name().id(), data.classes(), trainSamples, testSamples,
                LossKind.parse(loss), lr, momentum, weightDecay, batch, steps, seed, checkpointEvery, evalEvery);
        ProgressBar bar = new ProgressBar(System.err, "train", steps);
        TrainListener listener = new TrainListener() {
            @Override
            public void onStep(int step, int total, double batchLoss, double batchAccuracy) {
                bar.update(step, String.format("loss %.4f acc %.3f", batchLoss, batchAccuracy));
            }

            @Override
            public void onWork(int step, String what) {
                bar.working(what);
            }

            @Override
            public void onEval(EvalRecord e) {
                bar.println(String.format("step %d: train loss %.5f acc %.4f | test loss %.5f acc %.4f%s", e.step(),
                        e.trainLoss(), e.trainAccuracy(), e.testLoss(), e.testAccuracy(),
                        e.interpolating() ? " (interpolating)" : ""));
            }

            @Override
            public void onResume(int fromStep) {
                System.err.printf("resuming %s from step %d%n", out, fromStep);
            }
        };
        System.err.printf("training %s on %s (%d train, %d test samples), %d parameters%n", spec.arch(),
                data.name().id(), train.size(), test.size(),
                Models.build(spec).parameterShapes().values().stream().mapToInt(Shape::size).sum());
        TrainHook hook = TrainHook.NONE;
        if (trackEvery > 0) {
            TrackingConfig tc = new TrackingConfig(trackEvery, trackSamples, trackTestSamples, trackSeed);
            hook = new Tracker(tc, TrackedSamples.choose(tc, train, test), MeasureSuites.standard(), cfg.loss(), seed)
                    .onPoint(p -> bar.println(TrackedLine.format(p)));
        }
        Trainer trainer = new Trainer(cfg, train, test, new RunDirectory(out), listener, hook, initialWeights(spec));
        CountDownLatch reported = new CountDownLatch(1);
        Thread stopHook = stopOnSignal(trainer, reported);
        Runtime.getRuntime().addShutdownHook(stopHook);
        try {
            return report(trainer.run());
        } finally {
            reported.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(stopHook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running: nothing to remove.
            }
        }
    }

    private int report(RunState s) {
        switch (s.status()) {
            case DIVERGED -> {
                System.err.printf("diverged at step %d; the last good checkpoint (step %d%s) is kept in %s%n",
                        s.divergedStep(), s.step(), s.step() == 0 ? ", the initialisation" : "", out);
                return 3;
            }
            case RUNNING -> {
                System.err.printf("%nstopped at step %d by a signal; checkpoint written, run the same command to "
                        + "resume%n", s.step());
                return EXIT_STOPPED;
            }
            default -> {
                System.out.printf("finished step %d%s; run folder %s%n", s.step(),
                        s.interpolationStep() >= 0 ? ", interpolating since step " + s.interpolationStep() : "", out);
                return 0;
            }
        }
    }

    /** The --init-from weights (null without it); the trainer records them so that a resume uses the same start. */
    private InitialWeights initialWeights(ModelSpec spec) {
        if (initFrom == null) {
            if (!keyMap.isEmpty()) throw new UserInputException("--key-map goes with --init-from");
            return null;
        }
        List<String> notes = new ArrayList<>();
        Parameters p = ModelWeights.load(Models.build(spec), initFrom, KeyMap.parse(keyMap), notes);
        for (String note : notes) System.err.printf("note: %s%n", note);
        return InitialWeights.of(p, initFrom, keyMap);
    }
}
