package org.flatlens.train;

import java.util.Arrays;
import org.flatlens.nn.LossKind;
import org.flatlens.nn.ModelSpec;
import org.flatlens.tensor.UserInputException;

/**
 * Everything that determines a training run (with the data it is given and the thread count): the model, the data
 * selection, the loss and the optimizer, the schedule and the seed.
 *
 * @param model           the architecture
 * @param dataset         dataset id ({@code mnist}, {@code fashion-mnist}, {@code cifar10}, or a test name)
 * @param classes         the class subset, in output order (empty: all classes)
 * @param trainSamples    keep the first n training samples of the subset (0: all)
 * @param testSamples     evaluate on the first n test samples of the subset (0: all)
 * @param loss            mse or ce
 * @param learningRate    η
 * @param momentum        μ (0: plain SGD, the paper's setting)
 * @param weightDecay     λ
 * @param batchSize       samples per step; batches are drawn without replacement from a permutation redrawn each epoch
 * @param steps           total optimizer steps
 * @param seed            seeds the initialisation and the batch order
 * @param checkpointEvery steps between checkpoints (the last step always gets one)
 * @param evalEvery       steps between evaluations on the whole training subset and the test subset
 */
public record TrainConfig(ModelSpec model, String dataset, int[] classes, int trainSamples, int testSamples,
        LossKind loss, double learningRate, double momentum, double weightDecay, int batchSize, int steps, long seed,
        int checkpointEvery, int evalEvery) {

    public TrainConfig {
        classes = classes.clone();
        require(batchSize >= 1, "batch size must be at least 1, got " + batchSize);
        require(steps >= 1, "steps must be at least 1, got " + steps);
        require(checkpointEvery >= 1, "checkpoint interval must be at least 1, got " + checkpointEvery);
        require(evalEvery >= 1, "evaluation interval must be at least 1, got " + evalEvery);
        require(trainSamples >= 0 && testSamples >= 0, "sample counts must be ≥ 0");
        require(learningRate > 0 && Double.isFinite(learningRate), "learning rate must be positive, got " + learningRate);
        require(momentum >= 0 && momentum < 1, "momentum must be in [0, 1), got " + momentum);
        require(weightDecay >= 0 && Double.isFinite(weightDecay), "weight decay must be ≥ 0, got " + weightDecay);
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new UserInputException(message);
    }

    /** The same run trained for another number of steps (resuming may extend a run). */
    public TrainConfig withSteps(int newSteps) {
        return new TrainConfig(model, dataset, classes, trainSamples, testSamples, loss, learningRate, momentum,
                weightDecay, batchSize, newSteps, seed, checkpointEvery, evalEvery);
    }

    @Override
    public int[] classes() {
        return classes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainConfig c && model.equals(c.model) && dataset.equals(c.dataset)
                && Arrays.equals(classes, c.classes) && trainSamples == c.trainSamples && testSamples == c.testSamples
                && loss == c.loss && learningRate == c.learningRate && momentum == c.momentum
                && weightDecay == c.weightDecay && batchSize == c.batchSize && steps == c.steps && seed == c.seed
                && checkpointEvery == c.checkpointEvery && evalEvery == c.evalEvery;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(model, dataset, Arrays.hashCode(classes), loss, learningRate, batchSize, steps, seed);
    }
}
