package org.flatlens.bench;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.openblas.global.openblas_full;

/**
 * OpenBLAS {@code cblas_dgemm} through the bytedeco binding, on operands copied once into native memory so the timed
 * call does no copying. Compiled only by the Maven profile {@code bench} (see the pom). OpenBLAS reads
 * {@code OPENBLAS_CORETYPE} and {@code OPENBLAS_L2_SIZE} when it loads, so one JVM measures one setting of them.
 */
public final class OpenBlasGemm implements ReferenceGemm {
    private final int threads;

    public OpenBlasGemm(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be ≥ 1, got " + threads);
        this.threads = threads;
        openblas_full.openblas_set_num_threads(threads);
    }

    @Override
    public String describe() {
        return openblas_full.openblas_get_config().getString() + ", core " + openblas_full.openblas_get_corename().getString()
                + ", " + openblas_full.openblas_get_num_threads() + " of " + threads + " threads requested";
    }

    @Override
    public Prepared prepare(GemmShape s, double[] a, double[] b) {
        DoublePointer pa = new DoublePointer(a), pb = new DoublePointer(b);
        DoublePointer pc = new DoublePointer((long) s.m() * s.n());
        int lda = s.transA() ? s.m() : s.k(), ldb = s.transB() ? s.k() : s.n();
        int ta = s.transA() ? openblas_full.CblasTrans : openblas_full.CblasNoTrans;
        int tb = s.transB() ? openblas_full.CblasTrans : openblas_full.CblasNoTrans;
        return new Prepared() {
            @Override
            public void run() {
                openblas_full.cblas_dgemm(openblas_full.CblasRowMajor, ta, tb, s.m(), s.n(), s.k(), 1.0, pa, lda, pb, ldb,
                        0.0, pc, s.n());
            }

            @Override
            public double[] result() {
                double[] c = new double[s.m() * s.n()];
                pc.get(c);
                return c;
            }

            @Override
            public void close() {
                pa.close();
                pb.close();
                pc.close();
            }
        };
    }
}
