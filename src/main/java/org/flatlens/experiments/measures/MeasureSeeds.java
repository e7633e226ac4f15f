package org.flatlens.experiments.measures;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * The one scheme by which measures draw their randomness: measure {@code m} at step {@code t} of purpose {@code p}
 * (e.g. {@code "measure"} for {@code flatlens measure}, {@code "track"} for tracked steps) under seed {@code s} uses
 * <pre>new SplittableRandom(mix(s, p, t, m))</pre>
 * where {@code mix} folds the FNV-1a hashes of {@code p} and {@code m} and the step into the seed through SplitMix64's
 * finaliser. So a measure's numbers depend only on (seed, purpose, step, its name): not on which other measures ran,
 * in which order, or with what budgets; a resumed run records the same numbers at a step as an uninterrupted one.
 *
 * <p>Shared computations are seeded the same way under their own names: {@code "compression"} (the Monte Carlo parts
 * of the compression pass) and {@code "lanczos"} (the start vector behind {@code lambda_max} and
 * {@code top_eigenvalues}). Training keeps its own streams (initialisation from the run seed, epoch order from
 * (seed, epoch); see {@code Trainer}).
 *
 * @param seed the run's or command's seed
 * @param purpose which tool draws ({@code "measure"}, {@code "track"})
 * @param step the optimizer step (0 for {@code measure})
 */
public record MeasureSeeds(long seed, String purpose, long step) {
    public static final String MEASURE = "measure", TRACK = "track";

    /** The generator of one measure (or shared computation). */
    public SplittableRandom rng(String name) {
        return new SplittableRandom(mix(seed, purpose, step, name));
    }

    static long mix(long seed, String purpose, long step, String name) {
        long h = splitMix(seed ^ fnv1a(purpose));
        h = splitMix(h + step);
        return splitMix(h ^ fnv1a(name));
    }

    /** 64-bit FNV-1a over the UTF-8 bytes: stable across JVMs, unlike relying on a hash map's order. */
    static long fnv1a(String s) {
        long h = 0xCBF29CE484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= 0x100000001B3L;
        }
        return h;
    }

    /** SplitMix64's finaliser (Steele, Lea and Flood 2014): a bijection that spreads every input bit. */
    static long splitMix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
