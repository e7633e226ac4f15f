package org.flatlens.tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * The iteration plan of a broadcast binary operation: the output shape, and the output visited as consecutive runs
 * along the innermost merged axis, with each operand's offset and stride (0 or 1) for the run. Adjacent axes along
 * which both operands are contiguous (or both broadcast) are merged first, so runs are as long as possible.
 */
final class Broadcast {
    /** Receives one run: operand offsets and strides, output offset, and length. */
    @FunctionalInterface
    interface RunBody {
        void run(int xOff, int xStride, int yOff, int yStride, int outOff, int n);
    }

    private final Shape out;
    private final int[] dims, sx, sy;

    private Broadcast(Shape out, int[] dims, int[] sx, int[] sy) {
        this.out = out;
        this.dims = dims;
        this.sx = sx;
        this.sy = sy;
    }

    static Broadcast of(Shape a, Shape b) {
        Shape out = Shape.broadcast(a, b);
        int[] d = out.dims();
        int[] xa = ElementwiseOps.broadcastStrides(a, out), xb = ElementwiseOps.broadcastStrides(b, out);
        List<int[]> axes = new ArrayList<>();
        for (int i = 0; i < d.length; i++) {
            if (d[i] == 1) continue;
            int[] ax = {d[i], xa[i], xb[i]};
            if (!axes.isEmpty()) {
                int[] prev = axes.get(axes.size() - 1);
                if (prev[1] == ax[1] * ax[0] && prev[2] == ax[2] * ax[0]) {
                    axes.set(axes.size() - 1, new int[] {prev[0] * ax[0], ax[1], ax[2]});
                    continue;
                }
            }
            axes.add(ax);
        }
        if (axes.isEmpty()) axes.add(new int[] {1, 0, 0});
        int r = axes.size();
        int[] dims = new int[r], sx = new int[r], sy = new int[r];
        for (int i = 0; i < r; i++) {
            dims[i] = axes.get(i)[0];
            sx[i] = axes.get(i)[1];
            sy[i] = axes.get(i)[2];
        }
        return new Broadcast(out, dims, sx, sy);
    }

    Shape out() {
        return out;
    }

    void forEachRun(RunBody body) {
        if (out.size() == 0) return;
        forEachRun(0, runs(), body);
    }

    /** Number of runs: the output size over the run length. */
    int runs() {
        return out.size() == 0 ? 0 : out.size() / dims[dims.length - 1];
    }

    /** Runs {@code [from, to)} in order; disjoint ranges write disjoint outputs, so they can run in parallel. */
    void forEachRun(int from, int to, RunBody body) {
        int r = dims.length, inner = dims[r - 1];
        int[] idx = new int[r];
        int xo = 0, yo = 0;
        for (int d = r - 2, rest = from; d >= 0; d--) {
            idx[d] = rest % dims[d];
            rest /= dims[d];
            xo += idx[d] * sx[d];
            yo += idx[d] * sy[d];
        }
        for (int k = from; k < to; k++) {
            body.run(xo, sx[r - 1], yo, sy[r - 1], k * inner, inner);
            for (int d = r - 2; d >= 0; d--) {
                idx[d]++;
                xo += sx[d];
                yo += sy[d];
                if (idx[d] < dims[d]) break;
                xo -= sx[d] * dims[d];
                yo -= sy[d] * dims[d];
                idx[d] = 0;
            }
        }
    }
}
