package org.flatlens.testutil;

import java.util.SplittableRandom;
import org.flatlens.data.Dataset;
import org.flatlens.tensor.Tensor;

/** Two Gaussian blobs in 1×4×4 inputs, labels alternating 0, 1, 0, ...: a dataset small MLPs interpolate quickly. */
public final class Blobs {
    private Blobs() {}

    /** Standard normal pixels shifted by −1.5 (class 0) or +1.5 (class 1): separable. */
    public static Dataset twoClass(int n, long seed) {
        return twoClass(n, seed, 1.5);
    }

    /** As {@link #twoClass(int, long)} with the classes' means at ∓{@code shift}; small shifts overlap. */
    public static Dataset twoClass(int n, long seed, double shift) {
        SplittableRandom r = new SplittableRandom(seed);
        Tensor x = Tensor.randn(r, n, 1, 4, 4);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            for (int j = 0; j < 16; j++) x.data()[i * 16 + j] += labels[i] == 0 ? -shift : shift;
        }
        return Dataset.fromTensor("blobs", x, labels, 2);
    }
}
