package org.flatlens.analysis.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.flatlens.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** ParamVector against the same operations on its flattened array. */
class ParamVectorTest {
    private static ParamVector layout() {
        return ParamVector.of(Tensor.zeros(3, 4), Tensor.zeros(5), Tensor.zeros(2, 1, 2));
    }

    private static ParamVector gaussian(long seed) {
        return ParamVector.gaussianLike(layout(), new SplittableRandom(seed));
    }

    @Test
    void flattenRoundTripAndSize() {
        ParamVector v = gaussian(1);
        assertEquals(21, v.size());
        assertEquals(3, v.numParts());
        double[] flat = v.toArray();
        assertEquals(v.part(1).data()[0], flat[12]);
        ParamVector back = ParamVector.fromArray(flat, v);
        assertEquals(0.0, back.maxAbsDiff(v));
        assertTrue(back.sameLayout(v));
        flat[0] = 99;
        assertEquals(v.part(0).data()[0], back.part(0).data()[0], "fromArray copies");
    }

    @Test
    void arithmeticMatchesFlatArrays() {
        ParamVector x = gaussian(2), y = gaussian(3);
        double[] fx = x.toArray(), fy = y.toArray();
        double dot = 0;
        for (int i = 0; i < fx.length; i++) dot += fx[i] * fy[i];
        assertEquals(dot, x.dot(y), 1e-14);
        assertEquals(Math.sqrt(x.dot(x)), x.norm(), 0.0);
        double[] axpy = x.axpy(-2.5, y).toArray(), mul = x.mul(y).toArray(), sub = x.sub(y).toArray();
        double[] add = x.add(y).toArray(), scale = x.scale(3).toArray(), abs = x.abs().toArray();
        for (int i = 0; i < fx.length; i++) {
            assertEquals(fx[i] - 2.5 * fy[i], axpy[i], 0.0);
            assertEquals(fx[i] * fy[i], mul[i], 0.0);
            assertEquals(fx[i] - fy[i], sub[i], 0.0);
            assertEquals(fx[i] + fy[i], add[i], 0.0);
            assertEquals(3 * fx[i], scale[i], 0.0);
            assertEquals(Math.abs(fx[i]), abs[i], 0.0);
        }
        assertArrayEquals(fx, x.toArray(), "immutable operations leave the operand unchanged");
    }

    @Test
    void inPlaceVariantsModifyThisOnly() {
        ParamVector x = gaussian(4), y = gaussian(5);
        ParamVector expected = x.axpy(0.5, y).mul(y).scale(-2).add(y);
        double[] fy = y.toArray();
        ParamVector same = x.axpyInPlace(0.5, y).mulInPlace(y).scaleInPlace(-2).addInPlace(y);
        assertTrue(same == x);
        assertEquals(0.0, x.maxAbsDiff(expected));
        assertArrayEquals(fy, y.toArray());
        ParamVector c = x.copy();
        c.scaleInPlace(0);
        assertTrue(x.norm() > 0, "copy is deep");
    }

    @Test
    void randomVectorsAreSeededAndHaveTheRightLaw() {
        ParamVector r1 = ParamVector.rademacherLike(layout(), new SplittableRandom(9));
        ParamVector r2 = ParamVector.rademacherLike(layout(), new SplittableRandom(9));
        assertEquals(0.0, r1.maxAbsDiff(r2));
        for (double d : r1.toArray()) assertEquals(1.0, Math.abs(d), 0.0);
        assertEquals(Math.sqrt(21), r1.norm(), 1e-15);
        assertEquals(0.0, gaussian(7).maxAbsDiff(gaussian(7)));
        assertEquals(0.0, ParamVector.zerosLike(gaussian(7)).norm());
    }

    @Test
    void layoutMismatchIsRejected() {
        ParamVector x = gaussian(1);
        ParamVector y = ParamVector.of(Tensor.zeros(21));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.dot(y));
        assertTrue(e.getMessage().contains("layout"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> x.axpyInPlace(1, y));
        assertThrows(IllegalArgumentException.class, () -> ParamVector.fromArray(new double[20], x));
        assertThrows(IllegalArgumentException.class, () -> ParamVector.of(java.util.List.of()));
    }

    @Test
    void wrapsWithoutCopying() {
        Tensor t = Tensor.zeros(2);
        ParamVector v = ParamVector.of(t);
        t.data()[1] = 4;
        assertEquals(4.0, v.norm());
    }
}
