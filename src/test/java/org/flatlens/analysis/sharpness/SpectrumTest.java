package org.flatlens.analysis.sharpness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.flatlens.analysis.linalg.DenseSymmetricOperator;
import org.flatlens.analysis.linalg.LanczosResult;
import org.flatlens.analysis.linalg.SpectralDensity;
import org.flatlens.analysis.linalg.SymmetricEigen;
import org.flatlens.nn.LossKind;
import org.junit.jupiter.api.Test;

/** lambda_max and the top eigenvalues by Lanczos against a dense eigendecomposition of the Hessian; SLQ moments. */
class SpectrumTest {

    @Test
    void topEigenvaluesMatchTheDenseEigendecomposition() {
        for (TinyModels.Case c : TinyModels.all()) {
            DatasetHessian h = c.hessian(LossKind.CE, 4);
            double[] lambda = SymmetricEigen.eigenvalues(DenseSymmetricOperator.symmetricPart(TinyModels.hessian(h)));
            LanczosResult r = HessianSpectrum.topEigenvalues(h, new SplittableRandom(2), 3, 50, 1e-6);
            System.out.printf("%s: lambda_max %.12f (dense %.12f, residual %.1e), top-3 Lanczos %.8f %.8f %.8f, dense "
                    + "%.8f %.8f %.8f%n", c.name(), r.lambdaMax(), lambda[0], r.residualNorms()[0], r.eigenvalues()[0],
                    r.eigenvalues()[1], r.eigenvalues()[2], lambda[0], lambda[1], lambda[2]);
            assertEquals(lambda[0], r.lambdaMax(), 1e-8 * Math.abs(lambda[0]), c.name());
            for (int i = 0; i < 3; i++) {
                assertTrue(r.converged()[i], c.name() + ": eigenvalue " + i + " not converged");
                assertEquals(lambda[i], r.eigenvalues()[i], Math.max(r.residualNorms()[i], 1e-10 * lambda[0]),
                        c.name() + " eigenvalue " + i);
            }
            assertEquals(50, r.steps());
        }
    }

    @Test
    void fullKrylovSpaceGivesTheWholeSpectrumAndStepsAreClamped() {
        TinyModels.Case c = TinyModels.mlp("tanh", 3);
        DatasetHessian h = c.hessian(LossKind.MSE, 7);
        double[] lambda = SymmetricEigen.eigenvalues(DenseSymmetricOperator.symmetricPart(TinyModels.hessian(h)));
        int p = lambda.length;
        LanczosResult r = HessianSpectrum.topEigenvalues(h, new SplittableRandom(5), 10, 1000, 1e-6);
        assertEquals(p, r.steps(), "steps clamped to the number of parameters");
        for (int i = 0; i < 10; i++) assertEquals(lambda[i], r.eigenvalues()[i], 1e-9 * Math.abs(lambda[0]));
    }

    /** Each SLQ start's first moment is a Hutchinson sample: n·moment(1) estimates Tr(H), n·moment(2) ||H||_F². */
    @Test
    void densityMomentsEstimateTraceAndFrobeniusNorm() {
        DatasetHessian h = TinyModels.vit(4).hessian(LossKind.MSE, 5);
        double[][] dense = DenseSymmetricOperator.symmetricPart(TinyModels.hessian(h));
        double trace = TinyModels.trace(dense), fro = 0;
        for (double[] row : dense) for (double v : row) fro += v * v;
        SpectralDensity d = HessianSpectrum.density(h, new SplittableRandom(6), 30, 20);
        int n = d.dimension();
        double zTrace = Math.abs(n * d.moment(1) - trace) / (n * d.momentStdErr(1));
        double zFro = Math.abs(n * d.moment(2) - fro) / (n * d.momentStdErr(2));
        System.out.printf("SLQ: Tr %.4f vs %.4f (%.2f se), ||H||_F² %.4f vs %.4f (%.2f se)%n", n * d.moment(1), trace,
                zTrace, n * d.moment(2), fro, zFro);
        assertTrue(zTrace < 4 && zFro < 4);
        assertEquals(1.0, d.totalWeight(), 1e-12);
    }
}
