package org.flatlens.analysis.compression;

import java.util.random.RandomGenerator;
import org.flatlens.analysis.jacobians.SiteInfo;
import org.flatlens.analysis.jacobians.WeightMatrix;
import org.flatlens.analysis.linalg.Lanczos;
import org.flatlens.analysis.linalg.LanczosResult;
import org.flatlens.analysis.linalg.LinearOperator;
import org.flatlens.analysis.linalg.ParamVector;
import org.flatlens.nn.ConvGeometry;
import org.flatlens.nn.SiteKind;
import org.flatlens.tensor.ConvOps;
import org.flatlens.tensor.Shape;
import org.flatlens.tensor.Tensor;

/**
 * The {@link WeightNorms} of a site's layer. The convolution's operator norm {@code ||T(W)||_2} is
 * {@code sqrt(λ_max(Tᵀ T))} with {@code Tᵀ T v = conv2dTranspose(conv2d(v, W), W)} on one sample's input shape,
 * from Lanczos with full reorthogonalisation ({@link Lanczos}): the top of a convolution's spectrum is clustered
 * (ratios {@code λ_2/λ_1} near 1 on large images), where plain power iteration needs thousands of steps to converge and
 * Lanczos tens. The Krylov dimension doubles from {@value #FIRST_STEPS} until the top Ritz pair's residual is below
 * {@value #REL_TOL} of the Ritz value (or the space is exhausted, when the value is exact).
 */
final class OperatorNorms {
    static final int FIRST_STEPS = 32;
    static final int MAX_STEPS = 1024;
    static final double REL_TOL = 1e-10;

    private OperatorNorms() {}

    static WeightNorms of(SiteInfo site, Tensor weight, RandomGenerator rng) {
        WeightMatrix w = WeightMatrix.of(weight);
        double spectral = w.spectralNorm(), fro = w.frobeniusNorm();
        if (site.kind() != SiteKind.CONV) return new WeightNorms(spectral, spectral, fro, spectral, 0, 0);
        double paper = Math.sqrt(site.positions()) * fro;
        int[] in = site.inputShape().dims();
        Shape shape = Shape.of(1, in[0], in[1], in[2]);
        ConvGeometry g = site.conv();
        LinearOperator normal = v -> ParamVector.of(ConvOps.conv2dTranspose(
                ConvOps.conv2d(v.part(0), weight, g.stride(), g.padding(), g.dilation()), weight, shape, g.stride(),
                g.padding(), g.dilation()));
        ParamVector template = ParamVector.of(Tensor.zeros(shape));
        int dim = shape.size(), spent = 0;
        for (int steps = Math.min(FIRST_STEPS, dim); ; steps = Math.min(2 * steps, dim)) {
            LanczosResult r = Lanczos.topEigenpairs(normal, template, rng, 1, steps, REL_TOL, false);
            spent += r.matvecs();
            double theta = r.lambdaMax();
            double rel = theta > 0 ? r.residualNorms()[0] / theta : 0;
            if (rel <= REL_TOL || steps >= dim || steps >= MAX_STEPS) {
                if (rel > REL_TOL && steps < dim) {
                    throw new ArithmeticException(site.layer() + ": Lanczos for ||T(W)||_2 did not converge in "
                            + steps + " steps (relative residual " + rel + ")");
                }
                return new WeightNorms(spectral, Math.sqrt(Math.max(theta, 0)), fro, paper, spent, rel);
            }
        }
    }
}
