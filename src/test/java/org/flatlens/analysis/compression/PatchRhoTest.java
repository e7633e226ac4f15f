package org.flatlens.analysis.compression;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.flatlens.analysis.jacobians.ChunkJacobians;
import org.flatlens.analysis.jacobians.JacobianEngine;
import org.flatlens.analysis.jacobians.SiteBlock;
import org.flatlens.analysis.jacobians.SiteInfo;
import org.flatlens.analysis.jacobians.SiteRules;
import org.flatlens.analysis.linalg.SymmetricEigen;
import org.flatlens.nn.ConvGeometry;
import org.flatlens.nn.LossKind;
import org.flatlens.nn.SiteKind;
import org.flatlens.tensor.Shape;
import org.flatlens.tensor.Tensor;
import org.flatlens.testutil.TestModels.Case;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code ρ(P)² = λ_min(P Pᵀ)} of {@link CompressionAnalysis#rhoSquared} on patch matrices with a known spectrum. */
class PatchRhoTest {

    /**
     * Regression: ρ² came from λ_min of the Gram matrix {@code P Pᵀ}, accurate only to {@code ε·cond(P Pᵀ)} relative
     * (2e-9 against PyTorch at a small ViT's attn.proj site, TorchSiteCompressionFixtureTest). Tokens
     * {@code (a, b, 0), (a, −b, 0)} have {@code P Pᵀ} eigenvalues {@code 2a², 2b²}; with {@code b = 1e-6 a} the Gram
     * route loses about 4 of 16 digits, the singular values of P none.
     */
    @Test
    void rhoOfNearlyCollinearTokensIsAccurate() {
        double a = 1.5, b = 1.5e-6;
        SiteBlock block = token(2, 3, new double[] {a, b, 0, a, -b, 0});
        double want = 2 * b * b;
        assertEquals(want, CompressionAnalysis.rhoSquared(block, 0), 1e-13 * want);
    }

    @Test
    void rhoOfOrthogonalTokensIsTheSmallestRowNorm() {
        SiteBlock block = token(3, 4, new double[] {3, 0, 0, 0, 0, 0, 0.5, 0, 0, 2, 0, 0});
        assertEquals(0.25, CompressionAnalysis.rhoSquared(block, 0), 1e-15);
    }

    /** L = 4 positions of a 2×2 output, fan-in 1·1·1: more positions than fan-in, so P Pᵀ is singular. */
    @Test
    void rhoIsZeroWithMorePositionsThanFanIn() {
        SiteInfo info = new SiteInfo("c", "c", SiteKind.CONV, "c.weight", null, new ConvGeometry(1, 1, 0),
                Shape.of(1, 2, 2), Shape.of(1, 2, 2));
        Tensor h = new Tensor(Shape.of(1, 1, 2, 2), new double[] {1, 2, 3, 4});
        SiteBlock block = new SiteBlock(info, h, new double[][] {new double[4]}, new double[][] {new double[4]});
        assertEquals(0.0, CompressionAnalysis.rhoSquared(block, 0));
    }

    /**
     * On every site of the test models (moved here from PerSampleGradientsTest with the Gram-route
     * {@code PerSampleGradients.rhoSquared} it tested): ρ² agrees with λ_min of {@code P Pᵀ} from a full Jacobi
     * decomposition to that route's own accuracy, {@code ε λ_max} absolute.
     */
    @ParameterizedTest(name = "{0} {1} seed {2}")
    @MethodSource("org.flatlens.analysis.jacobians.JacobianEngineTest#cases")
    void rhoSquaredIsTheSmallestEigenvalueOfThePatchGram(Case m, LossKind loss, long seed) {
        ChunkJacobians chunk = new JacobianEngine(m.model(), m.params(), loss).compute(m.inputs(2, seed + 50));
        for (SiteBlock b : chunk.sites()) {
            int l = b.info().positions(), f = b.info().fanIn();
            for (int i = 0; i < 2; i++) {
                double rho2 = CompressionAnalysis.rhoSquared(b, i);
                if (l > f) {
                    assertEquals(0.0, rho2);
                    continue;
                }
                var slab = SiteRules.view(b.info().kind()).patches(b, i);
                double[] p = java.util.Arrays.copyOfRange(slab.data(), slab.offset(), slab.offset() + l * f);
                double[][] k2 = new double[l][l];
                for (int r = 0; r < l; r++) {
                    for (int s = 0; s < l; s++) {
                        for (int j = 0; j < f; j++) k2[r][s] += p[r * f + j] * p[s * f + j];
                    }
                }
                double[] ev = SymmetricEigen.eigenvalues(k2);
                assertEquals(Math.max(0, ev[l - 1]), rho2, 1e-12 * ev[0], b.info().layer());
            }
        }
    }

    /** A token site for one sample with tokens {@code [t, d]} (row-major in {@code h}). */
    private static SiteBlock token(int t, int d, double[] h) {
        SiteInfo info = new SiteInfo("t", "t", SiteKind.TOKEN, "t.weight", null, null, Shape.of(t, d), Shape.of(t, 1));
        return new SiteBlock(info, new Tensor(Shape.of(1, t, d), h), new double[][] {new double[t * d]},
                new double[][] {new double[t]});
    }
}
