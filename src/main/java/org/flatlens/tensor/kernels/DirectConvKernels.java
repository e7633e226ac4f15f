package org.flatlens.tensor.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector loops of {@link DirectConv}: stride-1 correlations of zero-padded planes, vectorised along the flattened
 * output position.
 *
 * <p>Layout: a padded input plane has row stride {@code wb}; output position {@code q = a·wb + b} reads input
 * {@code q + i·wb + j} for tap {@code (i, j)}, so one correlation over the flat index covers a whole plane (columns
 * {@code b ≥ Wo} are computed and thrown away by the caller). Channel c of a sample starts {@code c·len} after the
 * sample's base; weights are {@code [O, C, kh, kw]} row-major, so fan-in index {@code f = (c·kh + i)·kw + j} reads
 * input offset {@code c·len + i·wb + j}.
 *
 * <p>Register tiles: the forward correlation keeps 4 output channels × 3 vectors in 12 accumulators (per fan-in index:
 * 3 input loads, 4 weight broadcasts, 12 FMAs); the weight correlation keeps 4 output channels × 3 taps (4 + 3 loads,
 * 12 FMAs). Channels left over (O mod 4) use the 2- and 1-channel variants. Each loop is a single loop over one index:
 * C2 keeps vector accumulators in registers across one loop, but boxes them across nested loops. Every sum runs in an
 * order fixed by the shapes.
 */
public final class DirectConvKernels {
    static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    /** Lanes per vector. */
    public static final int L = SPECIES.length();
    /** Output positions per forward tile: three vectors. */
    public static final int QB = 3 * L;

    private DirectConvKernels() {}

    /** Channels in, kernel, row stride and per-channel length of the padded input planes. */
    public record Plan(int cin, int kh, int kw, int wb, int len) {
        public int taps() {
            return kh * kw;
        }

        /** Offset of tap {@code t = i·kw + j} from the output position: {@code i·wb + j}. */
        int offset(int t) {
            return (t / kw) * wb + t % kw;
        }

        /** Input offset of every fan-in index {@code (c·kh + i)·kw + j}: {@code c·len + i·wb + j}. */
        int[] offsets() {
            int kk = taps();
            int[] off = new int[cin * kk];
            for (int f = 0; f < off.length; f++) off[f] = (f / kk) * len + offset(f % kk);
            return off;
        }
    }

    /**
     * {@code out[o·qr + q] = Σ_f w[o·C·kh·kw + f] · in[base + offsets[f] + q]} for all {@code o < cout} and
     * {@code q < qr}. qr must be a multiple of {@link #QB} and each channel must extend {@code (kh−1)·wb + kw − 1}
     * doubles past qr.
     */
    public static void correlate(Plan p, double[] in, int base, double[] w, int cout, double[] out, int qr) {
        int[] off = p.offsets();
        int o = 0;
        for (; o + 4 <= cout; o += 4) correlate4(off, in, base, w, o, out, qr);
        if (o + 2 <= cout) {
            correlate2(off, in, base, w, o, out, qr);
            o += 2;
        }
        if (o < cout) correlate1(off, in, base, w, o, out, qr);
    }

    private static void correlate4(int[] off, double[] in, int base, double[] w, int o0, double[] out, int qr) {
        var s = SPECIES;
        int fan = off.length, w0 = o0 * fan;
        for (int q = 0; q < qr; q += QB) {
            DoubleVector a0 = DoubleVector.zero(s), a1 = a0, a2 = a0, b0 = a0, b1 = a0, b2 = a0;
            DoubleVector c0 = a0, c1 = a0, c2 = a0, d0 = a0, d1 = a0, d2 = a0;
            for (int f = 0; f < fan; f++) {
                int x = base + q + off[f], wi = w0 + f;
                DoubleVector x0 = DoubleVector.fromArray(s, in, x);
                DoubleVector x1 = DoubleVector.fromArray(s, in, x + L);
                DoubleVector x2 = DoubleVector.fromArray(s, in, x + 2 * L);
                DoubleVector v = DoubleVector.broadcast(s, w[wi]);
                a0 = x0.fma(v, a0);
                a1 = x1.fma(v, a1);
                a2 = x2.fma(v, a2);
                v = DoubleVector.broadcast(s, w[wi + fan]);
                b0 = x0.fma(v, b0);
                b1 = x1.fma(v, b1);
                b2 = x2.fma(v, b2);
                v = DoubleVector.broadcast(s, w[wi + 2 * fan]);
                c0 = x0.fma(v, c0);
                c1 = x1.fma(v, c1);
                c2 = x2.fma(v, c2);
                v = DoubleVector.broadcast(s, w[wi + 3 * fan]);
                d0 = x0.fma(v, d0);
                d1 = x1.fma(v, d1);
                d2 = x2.fma(v, d2);
            }
            store3(a0, a1, a2, out, o0 * qr + q);
            store3(b0, b1, b2, out, (o0 + 1) * qr + q);
            store3(c0, c1, c2, out, (o0 + 2) * qr + q);
            store3(d0, d1, d2, out, (o0 + 3) * qr + q);
        }
    }

    private static void correlate2(int[] off, double[] in, int base, double[] w, int o0, double[] out, int qr) {
        var s = SPECIES;
        int fan = off.length, w0 = o0 * fan;
        for (int q = 0; q < qr; q += QB) {
            DoubleVector a0 = DoubleVector.zero(s), a1 = a0, a2 = a0, b0 = a0, b1 = a0, b2 = a0;
            for (int f = 0; f < fan; f++) {
                int x = base + q + off[f], wi = w0 + f;
                DoubleVector x0 = DoubleVector.fromArray(s, in, x);
                DoubleVector x1 = DoubleVector.fromArray(s, in, x + L);
                DoubleVector x2 = DoubleVector.fromArray(s, in, x + 2 * L);
                DoubleVector v = DoubleVector.broadcast(s, w[wi]);
                a0 = x0.fma(v, a0);
                a1 = x1.fma(v, a1);
                a2 = x2.fma(v, a2);
                v = DoubleVector.broadcast(s, w[wi + fan]);
                b0 = x0.fma(v, b0);
                b1 = x1.fma(v, b1);
                b2 = x2.fma(v, b2);
            }
            store3(a0, a1, a2, out, o0 * qr + q);
            store3(b0, b1, b2, out, (o0 + 1) * qr + q);
        }
    }

    private static void correlate1(int[] off, double[] in, int base, double[] w, int o0, double[] out, int qr) {
        var s = SPECIES;
        int fan = off.length, w0 = o0 * fan;
        for (int q = 0; q < qr; q += QB) {
            DoubleVector a0 = DoubleVector.zero(s), a1 = a0, a2 = a0;
            for (int f = 0; f < fan; f++) {
                int x = base + q + off[f];
                DoubleVector v = DoubleVector.broadcast(s, w[w0 + f]);
                a0 = DoubleVector.fromArray(s, in, x).fma(v, a0);
                a1 = DoubleVector.fromArray(s, in, x + L).fma(v, a1);
                a2 = DoubleVector.fromArray(s, in, x + 2 * L).fma(v, a2);
            }
            store3(a0, a1, a2, out, o0 * qr + q);
        }
    }

    /**
     * The scatter form of the input adjoint:
     * {@code xp[c·len + q + offset(t)] += Σ_o w[(o·C + c)·kh·kw + t] · g[o·qr + q]} for all channels
     * {@code c < p.cin()}, taps t and {@code q < qr}, in the order t, then q. {@code g} holds {@code cout}
     * output-gradient planes on the padded grid (zeros at unused positions); qr must be a multiple of
     * {@link #QB}. Cheaper than correlating the padded gradient when the output is smaller than the input (no
     * padding), since it multiplies no padding zeros.
     */
    public static void scatter(Plan p, double[] g, int cout, int qr, double[] w, double[] xp) {
        for (int t = 0; t < p.taps(); t++) {
            int c = 0;
            for (; c + 4 <= p.cin(); c += 4) scatter4(p, g, cout, qr, w, xp, t, c);
            if (c + 2 <= p.cin()) {
                scatter2(p, g, cout, qr, w, xp, t, c);
                c += 2;
            }
            if (c < p.cin()) scatter1(p, g, cout, qr, w, xp, t, c);
        }
    }

    private static void scatter4(Plan p, double[] g, int cout, int qr, double[] w, double[] xp, int t, int ch) {
        var s = SPECIES;
        int kk = p.taps(), wStep = p.cin() * kk, len = p.len(), off = p.offset(t);
        for (int q = 0; q < qr; q += QB) {
            DoubleVector a0 = DoubleVector.zero(s), a1 = a0, a2 = a0, b0 = a0, b1 = a0, b2 = a0;
            DoubleVector c0 = a0, c1 = a0, c2 = a0, d0 = a0, d1 = a0, d2 = a0;
            for (int o = 0, gi = q, wi = ch * kk + t; o < cout; o++, gi += qr, wi += wStep) {
                DoubleVector x0 = DoubleVector.fromArray(s, g, gi);
                DoubleVector x1 = DoubleVector.fromArray(s, g, gi + L);
                DoubleVector x2 = DoubleVector.fromArray(s, g, gi + 2 * L);
                DoubleVector v = DoubleVector.broadcast(s, w[wi]);
                a0 = x0.fma(v, a0);
                a1 = x1.fma(v, a1);
                a2 = x2.fma(v, a2);
                v = DoubleVector.broadcast(s, w[wi + kk]);
                b0 = x0.fma(v, b0);
                b1 = x1.fma(v, b1);
                b2 = x2.fma(v, b2);
                v = DoubleVector.broadcast(s, w[wi + 2 * kk]);
                c0 = x0.fma(v, c0);
                c1 = x1.fma(v, c1);
                c2 = x2.fma(v, c2);
                v = DoubleVector.broadcast(s, w[wi + 3 * kk]);
                d0 = x0.fma(v, d0);
                d1 = x1.fma(v, d1);
                d2 = x2.fma(v, d2);
            }
            int at = ch * len + q + off;
            add3(a0, a1, a2, xp, at);
            add3(b0, b1, b2, xp, at + len);
            add3(c0, c1, c2, xp, at + 2 * len);
            add3(d0, d1, d2, xp, at + 3 * len);
        }
    }

    private static void scatter2(Plan p, double[] g, int cout, int qr, double[] w, double[] xp, int t, int ch) {
        var s = SPECIES;
        int kk = p.taps(), wStep = p.cin() * kk, len = p.len(), off = p.offset(t);
        for (int q = 0; q < qr; q += QB) {
            DoubleVector a0 = DoubleVector.zero(s), a1 = a0, a2 = a0, b0 = a0, b1 = a0, b2 = a0;
            for (int o = 0, gi = q, wi = ch * kk + t; o < cout; o++, gi += qr, wi += wStep) {
                DoubleVector x0 = DoubleVector.fromArray(s, g, gi);
                DoubleVector x1 = DoubleVector.fromArray(s, g, gi + L);
                DoubleVector x2 = DoubleVector.fromArray(s, g, gi + 2 * L);
                DoubleVector v = DoubleVector.broadcast(s, w[wi]);
                a0 = x0.fma(v, a0);
                a1 = x1.fma(v, a1);
                a2 = x2.fma(v, a2);
                v = DoubleVector.broadcast(s, w[wi + kk]);
                b0 = x0.fma(v, b0);
                b1 = x1.fma(v, b1);
                b2 = x2.fma(v, b2);
            }
            int at = ch * len + q + off;
            add3(a0, a1, a2, xp, at);
            add3(b0, b1, b2, xp, at + len);
        }
    }

    private static void scatter1(Plan p, double[] g, int cout, int qr, double[] w, double[] xp, int t, int c) {
        var s = SPECIES;
        int kk = p.taps(), wStep = p.cin() * kk, at0 = c * p.len() + p.offset(t);
        for (int q = 0; q < qr; q += QB) {
            DoubleVector a0 = DoubleVector.zero(s), a1 = a0, a2 = a0;
            for (int o = 0, gi = q, wi = c * kk + t; o < cout; o++, gi += qr, wi += wStep) {
                DoubleVector v = DoubleVector.broadcast(s, w[wi]);
                a0 = DoubleVector.fromArray(s, g, gi).fma(v, a0);
                a1 = DoubleVector.fromArray(s, g, gi + L).fma(v, a1);
                a2 = DoubleVector.fromArray(s, g, gi + 2 * L).fma(v, a2);
            }
            add3(a0, a1, a2, xp, at0 + q);
        }
    }

    private static void add3(DoubleVector v0, DoubleVector v1, DoubleVector v2, double[] xp, int at) {
        DoubleVector.fromArray(SPECIES, xp, at).add(v0).intoArray(xp, at);
        DoubleVector.fromArray(SPECIES, xp, at + L).add(v1).intoArray(xp, at + L);
        DoubleVector.fromArray(SPECIES, xp, at + 2 * L).add(v2).intoArray(xp, at + 2 * L);
    }

    private static void store3(DoubleVector v0, DoubleVector v1, DoubleVector v2, double[] out, int at) {
        v0.intoArray(out, at);
        v1.intoArray(out, at + L);
        v2.intoArray(out, at + 2 * L);
    }

    /**
     * {@code dw[(o·C + c)·kh·kw + t] += Σ_{n<ns} Σ_{q<qr} g[(n·cout + o)·qr + q] · x[(n·C + c)·len + q + offset(t)]}
     * for all o, c and taps t: the weight gradient of {@code ns} samples whose padded inputs are {@code x} and whose
     * output gradients {@code g} share their row stride, with zeros in the unused positions. qr must be a multiple of
     * {@link #L}. Lane l of each sum collects {@code q ≡ l (mod L)} over the samples in order; lanes are then added
     * left to right.
     */
    public static void weightCorrelate(Plan p, double[] x, double[] g, int ns, int cout, int qr, double[] dw) {
        int o = 0;
        for (; o + 4 <= cout; o += 4) weightTiles(p, x, g, ns, cout, qr, dw, o, 4);
        if (o + 2 <= cout) {
            weightTiles(p, x, g, ns, cout, qr, dw, o, 2);
            o += 2;
        }
        if (o < cout) weightTiles(p, x, g, ns, cout, qr, dw, o, 1);
    }

    /** Output channels [o0, o0 + ob) for every input channel, three taps at a time (the last triple padded). */
    private static void weightTiles(Plan p, double[] x, double[] g, int ns, int cout, int qr, double[] dw, int o0,
                                    int ob) {
        int kk = p.taps();
        double[] acc = new double[12 * L];
        for (int c = 0; c < p.cin(); c++) {
            for (int t = 0; t < kk; t += 3) {
                // A padded triple repeats its last tap; only the real taps are added to dw.
                int f0 = p.offset(t), f1 = p.offset(Math.min(t + 1, kk - 1)), f2 = p.offset(Math.min(t + 2, kk - 1));
                java.util.Arrays.fill(acc, 0.0);
                for (int n = 0; n < ns; n++) {
                    int xb = (n * p.cin() + c) * p.len(), gb = (n * cout + o0) * qr;
                    if (ob == 4) weight4(x, xb + f0, xb + f1, xb + f2, g, gb, qr, acc);
                    else if (ob == 2) weight2(x, xb + f0, xb + f1, xb + f2, g, gb, qr, acc);
                    else weight1(x, xb + f0, xb + f1, xb + f2, g, gb, qr, acc);
                }
                for (int r = 0; r < ob; r++) {
                    int d = ((o0 + r) * p.cin() + c) * kk + t;
                    for (int u = 0; u < 3 && t + u < kk; u++) dw[d + u] += lanes(acc, (r * 3 + u) * L);
                }
            }
        }
    }

    /** {@code acc[(r·3 + u)·L + l] += Σ_{q ≡ l} g[gb + r·qr + q] · x[xu + q]} for r &lt; 4, taps u &lt; 3. */
    private static void weight4(double[] x, int x0, int x1, int x2, double[] g, int gb, int qr, double[] acc) {
        var s = SPECIES;
        DoubleVector a0 = load(acc, 0), a1 = load(acc, 1), a2 = load(acc, 2), b0 = load(acc, 3), b1 = load(acc, 4);
        DoubleVector b2 = load(acc, 5), c0 = load(acc, 6), c1 = load(acc, 7), c2 = load(acc, 8), d0 = load(acc, 9);
        DoubleVector d1 = load(acc, 10), d2 = load(acc, 11);
        for (int q = 0; q < qr; q += L) {
            DoubleVector u0 = DoubleVector.fromArray(s, x, x0 + q);
            DoubleVector u1 = DoubleVector.fromArray(s, x, x1 + q);
            DoubleVector u2 = DoubleVector.fromArray(s, x, x2 + q);
            DoubleVector v = DoubleVector.fromArray(s, g, gb + q);
            a0 = u0.fma(v, a0);
            a1 = u1.fma(v, a1);
            a2 = u2.fma(v, a2);
            v = DoubleVector.fromArray(s, g, gb + qr + q);
            b0 = u0.fma(v, b0);
            b1 = u1.fma(v, b1);
            b2 = u2.fma(v, b2);
            v = DoubleVector.fromArray(s, g, gb + 2 * qr + q);
            c0 = u0.fma(v, c0);
            c1 = u1.fma(v, c1);
            c2 = u2.fma(v, c2);
            v = DoubleVector.fromArray(s, g, gb + 3 * qr + q);
            d0 = u0.fma(v, d0);
            d1 = u1.fma(v, d1);
            d2 = u2.fma(v, d2);
        }
        save(acc, 0, a0, a1, a2);
        save(acc, 3, b0, b1, b2);
        save(acc, 6, c0, c1, c2);
        save(acc, 9, d0, d1, d2);
    }

    private static void weight2(double[] x, int x0, int x1, int x2, double[] g, int gb, int qr, double[] acc) {
        var s = SPECIES;
        DoubleVector a0 = load(acc, 0), a1 = load(acc, 1), a2 = load(acc, 2), b0 = load(acc, 3), b1 = load(acc, 4);
        DoubleVector b2 = load(acc, 5);
        for (int q = 0; q < qr; q += L) {
            DoubleVector u0 = DoubleVector.fromArray(s, x, x0 + q);
            DoubleVector u1 = DoubleVector.fromArray(s, x, x1 + q);
            DoubleVector u2 = DoubleVector.fromArray(s, x, x2 + q);
            DoubleVector v = DoubleVector.fromArray(s, g, gb + q);
            a0 = u0.fma(v, a0);
            a1 = u1.fma(v, a1);
            a2 = u2.fma(v, a2);
            v = DoubleVector.fromArray(s, g, gb + qr + q);
            b0 = u0.fma(v, b0);
            b1 = u1.fma(v, b1);
            b2 = u2.fma(v, b2);
        }
        save(acc, 0, a0, a1, a2);
        save(acc, 3, b0, b1, b2);
    }

    private static void weight1(double[] x, int x0, int x1, int x2, double[] g, int gb, int qr, double[] acc) {
        var s = SPECIES;
        DoubleVector a0 = load(acc, 0), a1 = load(acc, 1), a2 = load(acc, 2);
        for (int q = 0; q < qr; q += L) {
            DoubleVector v = DoubleVector.fromArray(s, g, gb + q);
            a0 = DoubleVector.fromArray(s, x, x0 + q).fma(v, a0);
            a1 = DoubleVector.fromArray(s, x, x1 + q).fma(v, a1);
            a2 = DoubleVector.fromArray(s, x, x2 + q).fma(v, a2);
        }
        save(acc, 0, a0, a1, a2);
    }

    private static DoubleVector load(double[] acc, int k) {
        return DoubleVector.fromArray(SPECIES, acc, k * L);
    }

    private static void save(double[] acc, int k, DoubleVector v0, DoubleVector v1, DoubleVector v2) {
        store3(v0, v1, v2, acc, k * L);
    }

    /** Lanes added left to right (reduceLanes leaves the order of a floating-point sum unspecified). */
    private static double lanes(double[] acc, int at) {
        double sum = acc[at];
        for (int l = 1; l < L; l++) sum += acc[at + l];
        return sum;
    }
}
