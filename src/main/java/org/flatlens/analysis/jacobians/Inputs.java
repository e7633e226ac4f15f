package org.flatlens.analysis.jacobians;

import org.flatlens.data.Dataset;
import org.flatlens.tensor.Tensor;

/**
 * Samples to analyse, materialised a chunk at a time so that memory never grows with their number.
 */
public interface Inputs {
    int size();

    /** Samples {@code from..to-1} as {@code [to − from, C, H, W]}. */
    Tensor rows(int from, int to);

    /** The rows of a tensor {@code [N, C, H, W]} (not copied until sliced). */
    static Inputs of(Tensor x) {
        if (x.rank() < 2) throw new IllegalArgumentException("inputs need shape [N, C, H, W], got " + x.shape());
        return new Inputs() {
            @Override
            public int size() {
                return x.dim(0);
            }

            @Override
            public Tensor rows(int from, int to) {
                return x.slice(0, from, to);
            }
        };
    }

    /** The samples of a dataset, in its order (inputs as stored: pixel/255 for images). */
    static Inputs of(Dataset d) {
        return new Inputs() {
            @Override
            public int size() {
                return d.size();
            }

            @Override
            public Tensor rows(int from, int to) {
                int[] pos = new int[to - from];
                for (int i = 0; i < pos.length; i++) pos[i] = from + i;
                return d.inputs(pos);
            }
        };
    }
}
