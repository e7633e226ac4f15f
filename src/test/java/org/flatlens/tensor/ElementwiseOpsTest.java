package org.flatlens.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ElementwiseOpsTest {
    /** f applied to the broadcast pair, computed index by index (the numpy definition). */
    static Tensor naiveZip(Tensor a, Tensor b, DoubleBinaryOperator f) {
        Shape out = Shape.broadcast(a.shape(), b.shape());
        Tensor r = Tensor.zeros(out);
        for (int i = 0; i < out.size(); i++) {
            int[] idx = Naive.unravel(i, out);
            r.data()[i] = f.applyAsDouble(Naive.broadcastRead(a, idx), Naive.broadcastRead(b, idx));
        }
        return r;
    }

    private static int[] dims(String s) {
        if (s.isBlank()) return new int[0];
        return java.util.Arrays.stream(s.trim().split("x")).mapToInt(Integer::parseInt).toArray();
    }

    /** Shapes as "AxBxC"; empty for a scalar. Covers same shape, suffix, prefix, middle-axis and both-sided cases. */
    @ParameterizedTest(name = "{0} (+-*/) {1}")
    @CsvSource({
        "2x3x4, 2x3x4", "2x3x4, 4", "4, 2x3x4", "2x3x4, 3x4", "2x3x4, 1x1x4", "2x3x4, ''", "'', 2x3x4",
        "2x1x3, 4x1", "4x1, 2x1x3", "2x3x4, 3x1", "2x3x4, 2x1x4", "2x3x4, 2x3x1", "2x1x4, 1x3x1",
        "5x1x1x3, 2x4x1", "3x1, 1x3", "1x3x1, 2x3x4", "2x3x1, 2x3x1", "1, 1", "0x3, 1x3", "2x0, 2x1"})
    void broadcastOpsMatchNaive(String sa, String sb) {
        SplittableRandom rng = new SplittableRandom(sa.hashCode() * 31L + sb.hashCode());
        Tensor a = Tensor.randn(rng, dims(sa)), b = Tensor.uniform(rng, 0.5, 2.0, dims(sb));
        Naive.assertSame(naiveZip(a, b, Double::sum), a.add(b));
        Naive.assertSame(naiveZip(a, b, (u, v) -> u - v), a.sub(b));
        Naive.assertSame(naiveZip(a, b, (u, v) -> u * v), a.mul(b));
        Naive.assertSame(naiveZip(a, b, (u, v) -> u / v), a.div(b));
        Naive.assertSame(naiveZip(a, b, Math::max), a.zip(b, Math::max));
    }

    @Test
    void middleAxisBroadcastByHand() {
        // [2,1,3] + [4,1] -> [2,4,3]: out[i,j,k] = a[i,0,k] + b[j,0].
        Tensor a = Tensor.of(new double[] {1, 2, 3, 10, 20, 30}, 2, 1, 3);
        Tensor b = Tensor.of(new double[] {100, 200, 300, 400}, 4, 1);
        Tensor c = a.add(b);
        assertEquals(Shape.of(2, 4, 3), c.shape());
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 4; j++)
                for (int k = 0; k < 3; k++) assertEquals(a.get(i, 0, k) + b.get(j, 0), c.get(i, j, k));
        assertEquals(430.0, c.get(1, 3, 2));
    }

    @Test
    void incompatibleShapesFail() {
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).add(Tensor.zeros(2)));
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).mul(Tensor.zeros(3, 2)));
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).axpyInPlace(1.0, Tensor.zeros(3)));
    }

    @Test
    void argumentsAreNotModifiedAndResultsAreFresh() {
        SplittableRandom rng = new SplittableRandom(3);
        Tensor a = Tensor.randn(rng, 3, 4), b = Tensor.randn(rng, 4);
        Tensor a0 = a.copy(), b0 = b.copy();
        Tensor[] results = {a.add(b), a.sub(b), a.mul(b), a.div(b), a.mul(2.0), a.exp(), a.pow(2.0), a.add(1.0)};
        Naive.assertSame(a0, a);
        Naive.assertSame(b0, b);
        for (Tensor r : results) assertNotSame(a.data(), r.data());
    }

    @Test
    void unaryMapsMatchJavaMath() {
        SplittableRandom rng = new SplittableRandom(4);
        Tensor x = Tensor.randn(rng, 50);
        for (int i = 0; i < x.size(); i++) {
            double v = x.data()[i];
            assertEquals(Math.exp(v), x.exp().data()[i]);
            assertEquals(SpecialFunctions.tanh(v), x.tanh().data()[i]);
            assertEquals(Math.abs(v), x.abs().data()[i]);
            assertEquals(v > 0 ? v : 0.0, x.relu().data()[i]);
            assertEquals(v > 0 ? 1.0 : 0.0, x.step().data()[i]);
            assertEquals(-v, x.neg().data()[i]);
            assertEquals(3.5 * v, x.mul(3.5).data()[i]);
            assertEquals(1.0 / (1.0 + Math.exp(-v)), x.sigmoid().data()[i], 1e-15);
        }
    }

    @Test
    void sigmoidIsStableAtExtremes() {
        Tensor s = Tensor.of(new double[] {-800, -40, 0, 40, 800}, 5).sigmoid();
        assertEquals(0.0, s.get(0));
        assertEquals(Math.exp(-40) / (1 + Math.exp(-40)), s.get(1), 1e-30);
        assertEquals(0.5, s.get(2));
        assertEquals(1.0, s.get(4));
        assertEquals(true, s.allFinite());
    }

    @Test
    void powSpecialCasesAgreeWithMathPow() {
        Tensor x = Tensor.of(new double[] {0.25, 1.5, 3.0, 7.0}, 4);
        for (double p : new double[] {2.0, 1.0, -1.0, 0.5, 3.0, -2.5}) {
            Tensor y = x.pow(p);
            for (int i = 0; i < x.size(); i++) {
                assertEquals(Math.pow(x.data()[i], p), y.data()[i], 1e-15 * Math.abs(y.data()[i]), "p = " + p);
            }
        }
    }

    @Test
    void axpyInPlaceModifiesOnlyTheTarget() {
        Tensor y = Tensor.of(new double[] {1, 2, 3}, 3), x = Tensor.of(new double[] {10, 20, 30}, 3);
        Tensor r = y.axpyInPlace(0.5, x);
        assertEquals(r, y);
        Naive.assertSame(Tensor.of(new double[] {6, 12, 18}, 3), y);
        Naive.assertSame(Tensor.of(new double[] {10, 20, 30}, 3), x);
        y.scaleInPlace(2.0).addInPlace(x);
        Naive.assertSame(Tensor.of(new double[] {22, 44, 66}, 3), y);
    }

    @Test
    void largeMapRunsAcrossChunksInOrder() {
        int n = (1 << 15) * 3 + 17;
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = i;
        Tensor y = new Tensor(Shape.of(n), d).map(v -> 2 * v + 1);
        for (int i = 0; i < n; i++) assertEquals(2.0 * i + 1, y.data()[i]);
    }

    /** The vector relu/step loops keep the scalar definitions on special values, in the body and in the tail. */
    @Test
    void reluAndStepOnSpecialValues() {
        double[] v = {Double.NaN, -0.0, 0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE,
            -Double.MIN_VALUE, 2.5, -3.0, Double.NaN, 1e300};
        Tensor x = Tensor.of(v, v.length);
        for (int i = 0; i < v.length; i++) {
            assertEquals(Double.doubleToLongBits(v[i] > 0 ? v[i] : 0.0), Double.doubleToLongBits(x.relu().data()[i]));
            assertEquals(v[i] > 0 ? 1.0 : 0.0, x.step().data()[i]);
        }
    }

    /**
     * The fused relu backward is {@code g.mul(x.step())} bit for bit on special values of both operands (−0 where g
     * is negative and the mask 0, NaN from an infinite g), in the vector body and the tail, in place or not.
     */
    @Test
    void reluBackwardIsTheProductWithTheStepOnSpecialValues() {
        double[] v = {Double.NaN, -0.0, 0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE,
            -Double.MIN_VALUE, 2.5, -3.0, Double.NaN, 1e300};
        int n = v.length * v.length;
        double[] xs = new double[n], gs = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = v[i / v.length];
            gs[i] = v[i % v.length];
        }
        Tensor x = Tensor.of(xs, n), g = Tensor.of(gs, n);
        Tensor expected = g.mul(x.step());
        Naive.assertSame(expected, ElementwiseOps.reluBackward(g, x));
        Naive.assertSame(Tensor.of(gs, n), g);
        Naive.assertSame(expected, ElementwiseOps.reluBackwardInPlace(g, x));
        assertThrows(IllegalArgumentException.class, () -> ElementwiseOps.reluBackward(g, Tensor.zeros(n + 1)));
    }
}
