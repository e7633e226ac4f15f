package org.flatlens.data;

import org.flatlens.tensor.Tensor;

/**
 * A batch of B samples.
 *
 * @param x inputs [B, ...sampleShape], e.g. [B, C, H, W] with values pixel/255
 * @param labels the B labels, in 0..k-1 (after any class remapping)
 * @param targets one-hot targets [B, k] (the MSE targets of THEORY.md §1)
 * @param originalIndices for each sample, its position in the original split file
 */
public record Batch(Tensor x, int[] labels, Tensor targets, int[] originalIndices) {
    public Batch {
        int b = x.rank() == 0 ? -1 : x.dim(0);
        if (labels.length != b || targets.dim(0) != b || originalIndices.length != b) {
            throw new IllegalArgumentException("batch parts disagree on the batch size: x " + x.shape() + ", "
                    + labels.length + " labels, targets " + targets.shape() + ", " + originalIndices.length
                    + " indices");
        }
    }

    /** Number of samples B. */
    public int size() {
        return labels.length;
    }

    /** The inputs flattened to [B, D], D the number of values per sample (for MLPs). Shares x's data. */
    public Tensor xFlat() {
        return x.reshape(size(), x.shape().sizeOf(1, x.rank()));
    }
}
