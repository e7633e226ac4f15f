package org.flatlens.train;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.flatlens.autodiff.Autodiff;
import org.flatlens.autodiff.Var;
import org.flatlens.data.Batch;
import org.flatlens.data.Batches;
import org.flatlens.data.Dataset;
import org.flatlens.data.FolderLock;
import org.flatlens.nn.Losses;
import org.flatlens.nn.Model;
import org.flatlens.nn.Models;
import org.flatlens.nn.Parameters;
import org.flatlens.tensor.HeapCheck;
import org.flatlens.tensor.Shape;
import org.flatlens.tensor.Tensor;
import org.flatlens.tensor.UserInputException;

/**
 * Trains a model with mini-batch SGD into a {@link RunDirectory}, resuming from its last checkpoint when the folder
 * already holds the same run.
 *
 * <p>Batches: epoch e visits the training samples in a permutation drawn from a generator seeded by (seed, e), in
 * consecutive slices of the batch size (the last slice of an epoch may be smaller, as PyTorch's DataLoader without
 * drop_last). The order therefore depends only on the seed, the step and the data, so a resumed run draws exactly the
 * batches an uninterrupted one would.
 *
 * <p>Divergence: a step whose loss is not finite, or exceeds 1e6 times the first loss (and 1e6), or whose update
 * makes a weight non-finite, stops the run; it is marked diverged at that step and keeps its last checkpoint, whose
 * step {@code state.json} and the returned state name (a run that diverges before its first checkpoint gets one of
 * its initialisation, step 0). Checkpoints therefore never hold non-finite weights.
 *
 * <p>Folder safety: the run folder is locked while the trainer writes it ({@link FolderLock}); temporary files left
 * by a killed writer are removed; a folder this trainer created is removed again if the run fails before its first
 * checkpoint. {@link #requestStop()} (from a SIGINT/SIGTERM handler) makes the run write a checkpoint after the
 * current step and return.
 */
public final class Trainer {
    private static final double EXPLOSION_FACTOR = 1e6;

    private final TrainConfig config;
    private final Dataset train, test;
    private final RunDirectory run;
    private final TrainListener listener;
    private final TrainHook hook;
    private final Model model;
    private final InitialWeights start;
    private volatile boolean stopRequested;

    public Trainer(TrainConfig config, Dataset train, Dataset test, RunDirectory run, TrainListener listener) {
        this(config, train, test, run, listener, TrainHook.NONE);
    }

    /** A trainer that also calls {@code hook} every {@code hook.interval()} steps and at the last step. */
    public Trainer(TrainConfig config, Dataset train, Dataset test, RunDirectory run, TrainListener listener,
            TrainHook hook) {
        this(config, train, test, run, listener, hook, null);
    }

    /**
     * A trainer that starts from {@code start} (weights trained elsewhere, {@code train --init-from}) instead of the
     * seeded initialisation; the seed still fixes the batch order. The start is recorded in the run folder, and a
     * resume with another start (or none) is refused.
     *
     * @param start the starting weights, checked against the model; not modified; null for the seeded initialisation
     */
    public Trainer(TrainConfig config, Dataset train, Dataset test, RunDirectory run, TrainListener listener,
            TrainHook hook, InitialWeights start) {
        if (train.size() == 0) throw new UserInputException("the training set is empty");
        if (hook.interval() < 1) throw new IllegalArgumentException("hook interval must be at least 1");
        if (train.numClasses() != config.model().numOutputs()) {
            throw new UserInputException("the data has " + train.numClasses() + " classes but the model "
                    + config.model().numOutputs() + " outputs");
        }
        this.config = config;
        this.train = train;
        this.test = test;
        this.run = run;
        this.listener = listener;
        this.hook = hook;
        this.model = Models.build(config.model());
        if (start != null) model.checkCompatible(start.weights());
        this.start = start;
        long numParams = model.parameterShapes().values().stream().mapToLong(Shape::size).sum();
        // Weights, gradient, momentum, the initial copy and the checkpoint's bytes; activations come on top.
        HeapCheck.require(HeapCheck.doubles(numParams) * 5, "training " + config.model().arch() + " ("
                + String.format("%,d", numParams) + " parameters)");
    }

    /**
     * Asks a running {@link #run()} to stop after the current step, writing a checkpoint of it first; safe to call
     * from another thread (a shutdown hook).
     */
    public void requestStop() {
        stopRequested = true;
    }

    public Model model() {
        return model;
    }

    /**
     * Trains to {@code config.steps()} (or until divergence, or a {@link #requestStop()}) and returns the final state.
     *
     * @throws org.flatlens.tensor.UserInputException if another process writes the folder, or its checkpoint is
     *                                                corrupt
     */
    public RunState run() {
        boolean fresh = !Files.exists(run.path());
        try (FolderLock lock = lockFolder(fresh)) {
            run.removeLeftovers();
            try {
                return train();
            } catch (RuntimeException | Error e) {
                if (fresh) run.deleteIfUnstarted();
                throw e;
            }
        }
    }

    /** The folder's lock; a folder created just for it is removed again if locking fails (a full disk). */
    private FolderLock lockFolder(boolean fresh) {
        try {
            return run.lock();
        } catch (java.io.UncheckedIOException e) {
            if (fresh) run.deleteIfUnstarted();
            throw e;
        }
    }

    private RunState train() {
        // An imported graph brings its weights: training continues from them unless --init-from gives others.
        Parameters params = start != null ? start.weights().copy()
                : model.bundledWeights().orElseGet(() -> model.init(new SplittableRandom(config.seed())));
        Sgd sgd = new Sgd(config.learningRate(), config.momentum(), config.weightDecay());
        RunState state = new RunState(0, RunState.Status.RUNNING, -1, -1);
        int checkpointStep = -1;
        Parameters initial = null; // kept until the first checkpoint, for a run that diverges before it
        if (run.hasState()) {
            InitialWeights.checkSame(run, start);
            state = resume(params, sgd);
            params = run.readWeights(params);
            checkpointStep = state.step();
            if (state.status() != RunState.Status.RUNNING) return state;
        } else {
            initial = params.copy();
            // A run killed before its first checkpoint starts anew: drop what it logged.
            run.truncateAfter(run.logFile(), 0);
            run.truncateAfter(run.evalFile(), 0);
            run.writeConfig(config);
            InitialWeights.record(run, start);
        }
        hook.onStart(run, state.step());
        double firstLoss = Double.NaN;
        List<String> names = params.names();
        int perEpoch = (train.size() + config.batchSize() - 1) / config.batchSize();
        int[] order = null;
        int orderEpoch = -1;
        for (int step = state.step() + 1; step <= config.steps() && !stopRequested; step++) {
            int epoch = (step - 1) / perEpoch, slot = (step - 1) % perEpoch;
            if (epoch != orderEpoch) {
                order = Batches.permutation(train.size(), new SplittableRandom(mix(config.seed(), epoch)));
                orderEpoch = epoch;
            }
            int from = slot * config.batchSize();
            Batch b = train.batch(Arrays.copyOfRange(order, from, Math.min(train.size(), from + config.batchSize())));
            Map<String, Var> vars = params.vars(true);
            Var out = model.forward(vars, Var.constant(b.x()), null);
            Var loss = Losses.of(config.loss(), out, b.targets());
            double l = loss.value().item();
            if (Double.isNaN(firstLoss)) firstLoss = l;
            if (!Double.isFinite(l) || l > EXPLOSION_FACTOR * Math.max(1.0, firstLoss)) {
                return diverged(step, checkpointStep, state, initial);
            }
            List<Tensor> grads = Autodiff.gradValues(loss, List.copyOf(vars.values()));
            sgd.step(params.tensors(), grads);
            if (!allFinite(params)) return diverged(step, checkpointStep, state, initial);
            double acc = (double) Evaluation.countCorrect(out.value(), b.labels()) / b.size();
            run.appendLine(run.logFile(), line("step", step, "epoch", epoch, "loss", l, "batch_accuracy", acc));
            listener.onStep(step, config.steps(), l, acc);
            state = afterUpdate(step, params, state.interpolationStep());
            if (step % config.checkpointEvery() == 0 || step == config.steps()) {
                run.writeCheckpoint(state, params, sgd.state());
                checkpointStep = step;
                initial = null;
            }
        }
        if (stopRequested && state.step() > checkpointStep) run.writeCheckpoint(state, params, sgd.state());
        return state;
    }

    /**
     * Marks the run diverged at {@code step}. It keeps its last checkpoint, whose step the state names; without one,
     * the initialisation is saved as step 0, so the folder's weights are always those of the step it names.
     */
    private RunState diverged(int step, int checkpointStep, RunState current, Parameters initial) {
        if (checkpointStep >= 0) {
            RunState d = new RunState(checkpointStep, RunState.Status.DIVERGED, current.interpolationStep(), step);
            run.writeStatus(d);
            return d;
        }
        RunState d = new RunState(0, RunState.Status.DIVERGED, -1, step);
        run.writeCheckpoint(d, initial, List.of());
        return d;
    }

    private static boolean allFinite(Parameters params) {
        for (Tensor t : params.tensors()) {
            for (double v : t.data()) if (!Double.isFinite(v)) return false;
        }
        return true;
    }

    /** Evaluates when due (every evalEvery steps, at the hook's steps, at the last), then calls the hook if due. */
    private RunState afterUpdate(int step, Parameters params, int interp) {
        boolean last = step == config.steps(), hookDue = step % hook.interval() == 0 || last;
        EvalRecord e = null;
        if (step % config.evalEvery() == 0 || hookDue) {
            listener.onWork(step, "evaluating on " + train.size() + " training"
                    + (test == null || test.size() == 0 ? "" : " and " + test.size() + " test") + " samples");
            e = evaluate(step, params, interp);
            if (interp < 0 && e.trainAccuracy() == 1.0) interp = step;
            listener.onEval(e);
        }
        RunState state = new RunState(step, last ? RunState.Status.FINISHED : RunState.Status.RUNNING, interp, -1);
        if (hookDue) {
            listener.onWork(step, hook.describe());
            hook.afterStep(step, model, params.copy(), state, e);
        }
        return state;
    }

    private RunState resume(Parameters template, Sgd sgd) {
        TrainConfig saved = run.readConfig().orElseThrow(() ->
                new UserInputException(run.path() + " has a state.json but no config.json"));
        if (!saved.withSteps(config.steps()).equals(config)) {
            throw new UserInputException(run.path() + " holds a different run (differs in "
                    + String.join(", ", TrainConfigJson.differingKeys(saved.withSteps(config.steps()), config))
                    + "); use another --out folder, or the same settings to resume it");
        }
        RunState s = run.readState();
        if (s.status() == RunState.Status.FINISHED && config.steps() > s.step()) {
            s = new RunState(s.step(), RunState.Status.RUNNING, s.interpolationStep(), -1);
            run.writeConfig(config);
        }
        sgd.restore(run.readOptimizerState(template));
        run.truncateAfter(run.logFile(), s.step());
        run.truncateAfter(run.evalFile(), s.step());
        if (s.status() == RunState.Status.RUNNING) listener.onResume(s.step());
        return s;
    }

    private EvalRecord evaluate(int step, Parameters params, int interpolationStep) {
        Evaluation.Result tr = Evaluation.evaluate(model, params, train, config.loss());
        Evaluation.Result te = test == null || test.size() == 0 ? new Evaluation.Result(Double.NaN, Double.NaN, 0)
                : Evaluation.evaluate(model, params, test, config.loss());
        boolean interpolating = interpolationStep >= 0 || tr.accuracy() == 1.0;
        EvalRecord e = new EvalRecord(step, tr.loss(), tr.accuracy(), te.loss(), te.accuracy(), interpolating);
        run.appendLine(run.evalFile(), line("step", step, "train_loss", tr.loss(), "train_accuracy", tr.accuracy(),
                "test_loss", te.loss(), "test_accuracy", te.accuracy(), "generalization_gap", e.generalizationGap(),
                "interpolating", interpolating));
        return e;
    }

    /** A seed for epoch e's permutation, decorrelated from the initialisation stream. */
    static long mix(long seed, int epoch) {
        long z = seed * 0x9E3779B97F4A7C15L + (epoch + 1) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static Map<String, Object> line(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
