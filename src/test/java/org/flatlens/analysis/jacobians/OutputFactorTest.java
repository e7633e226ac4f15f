package org.flatlens.analysis.jacobians;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.flatlens.nn.LossKind;
import org.junit.jupiter.api.Test;

class OutputFactorTest {
    @Test
    void crossEntropyFactorSquaresToTheSoftmaxCurvature() {
        double[] u = {0.3, -1.2, 2.0, 0.0};
        double[][] r = OutputFactor.of(LossKind.CE, u);
        double[] p = OutputFactor.softmax(u);
        for (int a = 0; a < 4; a++) {
            double rowSum = 0;
            for (int j = 0; j < 4; j++) rowSum += r[a][j];
            assertEquals(0.0, rowSum, 1e-15, "R 1 = 0");
            for (int b = 0; b < 4; b++) {
                double rtr = 0;
                for (int c = 0; c < 4; c++) rtr += r[c][a] * r[c][b];
                assertEquals((a == b ? p[a] : 0) - p[a] * p[b], rtr, 1e-15);
            }
        }
        assertEquals(3, OutputFactor.rank(LossKind.CE, 4));
        assertEquals(4, OutputFactor.rank(LossKind.MSE, 4));
    }

    @Test
    void badInputsFailClearly() {
        assertThrows(IllegalArgumentException.class, () -> OutputFactor.of(LossKind.CE, new double[] {1.0}));
        assertThrows(IllegalArgumentException.class, () -> OutputFactor.of(LossKind.MSE, new double[] {Double.NaN}));
    }
}
