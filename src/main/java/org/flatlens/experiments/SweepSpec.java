package org.flatlens.experiments;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.flatlens.nn.LossKind;

/**
 * A sweep: the values each hyperparameter may take, and how runs are drawn from them. Grid search takes the Cartesian
 * product of every list (in the order model, dataset, classes, loss, lr, batch size, steps, seed, momentum, weight
 * decay, the last varying fastest); random search draws {@code runs} configurations from a generator seeded by
 * {@code searchSeed}: each list uniformly, lr log-uniformly in {@code lrRange} when given, the seed uniformly in
 * {@code seedRange} when given.
 */
public record SweepSpec(boolean random, int runs, long searchSeed, List<ModelChoice> models, List<String> datasets,
        List<int[]> classes, List<LossKind> losses, List<Double> lrs, double[] lrRange, List<Integer> batchSizes,
        List<Integer> steps, List<Long> seeds, long[] seedRange, List<Double> momenta, List<Double> weightDecays,
        int trainSamples, int testSamples, int checkpointEvery, TrackingConfig track) {

    /** An architecture with its options. */
    public record ModelChoice(String arch, Map<String, Object> options) {}

    /** The runs of the sweep, without duplicates, in a deterministic order. */
    public List<RunSpec> runSpecs() {
        List<RunSpec> out = new ArrayList<>();
        if (random) {
            SplittableRandom rng = new SplittableRandom(searchSeed);
            for (int i = 0; i < runs; i++) out.add(draw(rng));
        } else {
            grid(out);
        }
        LinkedHashSet<String> seen = new LinkedHashSet<>();
        List<RunSpec> unique = new ArrayList<>();
        for (RunSpec r : out) if (seen.add(r.id())) unique.add(r);
        return unique;
    }

    private void grid(List<RunSpec> out) {
        for (ModelChoice m : models) for (String d : datasets) for (int[] c : classes) for (LossKind l : losses)
            for (double lr : lrs) for (int b : batchSizes) for (int s : steps) for (long seed : seeds)
                for (double mo : momenta) for (double wd : weightDecays) out.add(run(m, d, c, l, lr, b, s, seed, mo, wd));
    }

    private RunSpec draw(SplittableRandom rng) {
        ModelChoice m = pick(models, rng);
        String d = pick(datasets, rng);
        int[] c = pick(classes, rng);
        LossKind l = pick(losses, rng);
        double lr = lrRange != null
                ? Math.exp(Math.log(lrRange[0]) + rng.nextDouble() * (Math.log(lrRange[1]) - Math.log(lrRange[0])))
                : pick(lrs, rng);
        int b = pick(batchSizes, rng);
        int s = pick(steps, rng);
        long seed = seedRange != null ? rng.nextLong(seedRange[0], seedRange[1]) : pick(seeds, rng);
        return run(m, d, c, l, lr, b, s, seed, pick(momenta, rng), pick(weightDecays, rng));
    }

    private RunSpec run(ModelChoice m, String d, int[] c, LossKind l, double lr, int b, int s, long seed, double mo,
            double wd) {
        return new RunSpec(m.arch(), m.options(), d, c, l, lr, b, s, seed, mo, wd, trainSamples, testSamples,
                checkpointEvery, track);
    }

    private static <T> T pick(List<T> xs, SplittableRandom rng) {
        return xs.get(rng.nextInt(xs.size()));
    }
}
