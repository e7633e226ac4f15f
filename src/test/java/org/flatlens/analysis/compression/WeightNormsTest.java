package org.flatlens.analysis.compression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.flatlens.analysis.jacobians.JacobianEngine;
import org.flatlens.analysis.jacobians.SiteInfo;
import org.flatlens.analysis.linalg.SmallSvd;
import org.flatlens.analysis.linalg.SymmetricEigen;
import org.flatlens.nn.LossKind;
import org.flatlens.nn.SiteKind;
import org.flatlens.tensor.ConvOps;
import org.flatlens.tensor.Shape;
import org.flatlens.tensor.Tensor;
import org.flatlens.testutil.TestModels;
import org.flatlens.testutil.TestModels.Case;
import org.junit.jupiter.api.Test;

/** Weight norms against dense decompositions: of W itself, and of the convolution assembled as a matrix. */
class WeightNormsTest {
    @Test
    void everySiteOfEveryModel() {
        int convs = 0;
        for (Case m : TestModels.all(7)) {
            for (SiteInfo s : new JacobianEngine(m.model(), m.params(), LossKind.MSE).sites()) {
                Tensor w = m.params().get(s.weight());
                WeightNorms got = OperatorNorms.of(s, w, new SplittableRandom(1));
                int o = w.dim(0), f = w.size() / o;
                double[][] mat = new double[o][f];
                for (int r = 0; r < o; r++) System.arraycopy(w.data(), r * f, mat[r], 0, f);
                double spectral = SmallSvd.jacobiSingularValues(mat)[0];
                assertEquals(spectral, got.spectral(), 1e-13 * spectral, m + " " + s.layer());
                assertEquals(Math.sqrt(w.dot(w)), got.frobenius(), 1e-13 * got.frobenius());
                if (s.kind() != SiteKind.CONV) {
                    assertEquals(got.spectral(), got.operator());
                    continue;
                }
                double op = assembledOperatorNorm(s, w);
                assertEquals(op, got.operator(), 1e-9 * op, m + " " + s.layer() + " after " + got.operatorSteps());
                assertEquals(Math.sqrt(s.positions()) * got.frobenius(), got.paperNorm(), 1e-13 * got.paperNorm());
                assertTrue(got.operatorResidual() <= OperatorNorms.REL_TOL || got.operatorSteps() > 0);
                convs++;
            }
        }
        assertTrue(convs >= 7, convs + " convolutions checked");
    }

    /** {@code σ_1} of the matrix of {@code x ↦ conv2d(x, W)} on one sample, column by column. */
    private static double assembledOperatorNorm(SiteInfo s, Tensor w) {
        int[] in = s.inputShape().dims();
        Shape shape = Shape.of(1, in[0], in[1], in[2]);
        int d = shape.size();
        double[][] cols = new double[d][];
        for (int j = 0; j < d; j++) {
            Tensor e = Tensor.zeros(shape);
            e.data()[j] = 1;
            cols[j] = ConvOps.conv2d(e, w, s.conv().stride(), s.conv().padding()).data();
        }
        double[][] gram = new double[d][d]; // TᵀT
        for (int a = 0; a < d; a++) {
            for (int b = a; b < d; b++) {
                double dot = 0;
                for (int t = 0; t < cols[a].length; t++) dot += cols[a][t] * cols[b][t];
                gram[a][b] = gram[b][a] = dot;
            }
        }
        return Math.sqrt(SymmetricEigen.eigenvalues(gram)[0]);
    }
}
