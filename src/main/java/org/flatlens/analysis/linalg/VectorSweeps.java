package org.flatlens.analysis.linalg;

import java.util.List;
import org.flatlens.tensor.kernels.Parallel;

/**
 * Inner products and linear combinations of {@link ParamVector}s in one sweep over memory, split over
 * {@link Parallel}'s threads.
 *
 * <p>The elements are cut into fixed chunks of at most {@value #CHUNK} within each part. An inner product is the sum,
 * in chunk order, of per-chunk sums; a chunk's sum keeps four running sums over the elements ≡ 0, 1, 2, 3 (mod 4) of
 * the chunk, so the additions are not one serial chain, and adds them as {@code (s0 + s1) + (s2 + s3)}. The result
 * depends on the layout only, never on the thread count. Orthogonalising against a basis of j vectors reads each basis vector once per sweep while the chunk of the
 * vector being updated stays in cache: j + 1 vector reads for all j inner products instead of 2j, which matters for
 * Lanczos on ~10⁶ parameters where these sweeps are bound by memory bandwidth.
 */
final class VectorSweeps {
    /** Elements per chunk (32 KiB of doubles: the updated chunk stays in L1 while the basis streams past). */
    static final int CHUNK = 4096;
    /** Chunks per parallel task. */
    private static final int TASK_CHUNKS = 4;

    private VectorSweeps() {}

    /** {@code Σ_i a_i b_i}, chunked as described above. Same layouts (not checked here). */
    static double dot(ParamVector a, ParamVector b) {
        return dots(List.of(a), b)[0];
    }

    /** {@code [⟨basis_0, w⟩, ⟨basis_1, w⟩, …]} in one sweep; each equals {@link #dot} of the pair. */
    static double[] dots(List<ParamVector> basis, ParamVector w) {
        int k = basis.size();
        Chunks c = Chunks.of(w);
        double[] partial = new double[c.count() * k];
        Parallel.forRange(c.count(), TASK_CHUNKS, (lo, hi) -> {
            for (int u = lo; u < hi; u++) {
                double[] y = w.part(c.part[u]).data();
                for (int j = 0; j < k; j++) {
                    partial[u * k + j] = dotRange(basis.get(j).part(c.part[u]).data(), y, c.from[u], c.to[u]);
                }
            }
        });
        double[] out = new double[k];
        for (int u = 0; u < c.count(); u++) {
            for (int j = 0; j < k; j++) out[j] += partial[u * k + j];
        }
        return out;
    }

    /**
     * {@code w += Σ_j a_j basis_j}, each element updated in increasing j (bit for bit the sequence of axpys), and
     * returns {@code ||w||²} of the result (equal to {@code dot(w, w)}).
     */
    static double addCombinationInPlace(ParamVector w, double[] a, List<ParamVector> basis) {
        Chunks c = Chunks.of(w);
        double[] partial = new double[c.count()];
        Parallel.forRange(c.count(), TASK_CHUNKS, (lo, hi) -> {
            for (int u = lo; u < hi; u++) {
                double[] y = w.part(c.part[u]).data();
                int from = c.from[u], to = c.to[u];
                for (int j = 0; j < a.length; j++) {
                    double[] x = basis.get(j).part(c.part[u]).data();
                    double aj = a[j];
                    for (int i = from; i < to; i++) y[i] += aj * x[i];
                }
                partial[u] = dotRange(y, y, from, to);
            }
        });
        double total = 0;
        for (double p : partial) total += p;
        return total;
    }

    /** {@code Σ_{i ∈ [from, to)} x_i y_i} with four running sums (see the class comment). */
    static double dotRange(double[] x, double[] y, int from, int to) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = from;
        for (; i + 3 < to; i += 4) {
            s0 += x[i] * y[i];
            s1 += x[i + 1] * y[i + 1];
            s2 += x[i + 2] * y[i + 2];
            s3 += x[i + 3] * y[i + 3];
        }
        // The tail (at most 3 elements) joins the running sums it would have belonged to.
        if (i < to) s0 += x[i] * y[i];
        if (i + 1 < to) s1 += x[i + 1] * y[i + 1];
        if (i + 2 < to) s2 += x[i + 2] * y[i + 2];
        return (s0 + s1) + (s2 + s3);
    }

    /** The chunks of a layout: chunk u covers elements {@code [from[u], to[u])} of part {@code part[u]}. */
    private record Chunks(int[] part, int[] from, int[] to) {
        static Chunks of(ParamVector v) {
            int n = 0;
            for (int p = 0; p < v.numParts(); p++) n += (v.part(p).size() + CHUNK - 1) / CHUNK;
            int[] part = new int[n], from = new int[n], to = new int[n];
            int u = 0;
            for (int p = 0; p < v.numParts(); p++) {
                int size = v.part(p).size();
                for (int lo = 0; lo < size; lo += CHUNK, u++) {
                    part[u] = p;
                    from[u] = lo;
                    to[u] = Math.min(size, lo + CHUNK);
                }
            }
            return new Chunks(part, from, to);
        }

        int count() {
            return part.length;
        }
    }
}
