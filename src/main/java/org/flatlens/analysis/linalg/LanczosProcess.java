package org.flatlens.analysis.linalg;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The symmetric Lanczos process with full reorthogonalisation, shared by {@link Lanczos} and
 * {@link StochasticLanczosQuadrature}. It builds an orthonormal basis {@code V = [v_1 … v_m]} and the tridiagonal
 * {@code T = Vᵀ A V} (diagonal {@code alpha}, off-diagonal {@code beta}); every new vector is orthogonalised against
 * the whole basis ({@link GramSchmidt}), so Ritz values do not repeat spuriously as in the plain three-term recurrence.
 *
 * <p>Breakdown: when the new direction's norm {@code β_j ≤ BREAKDOWN_REL_TOL · s}, with {@code s} the largest
 * {@code ||A v_i||} seen (a lower bound on {@code ||A||_2}), the basis spans an invariant subspace up to that
 * tolerance. The process then either stops (SLQ: the quadrature is then exact) or restarts with a Gaussian vector
 * orthogonalised against the basis and records {@code β_j = 0} (dropping a coupling of at most {@code 1e-10 ||A||}),
 * which lets Lanczos find further copies of repeated eigenvalues. It always stops when the basis spans the space.
 */
final class LanczosProcess {
    /** Relative size of the next Lanczos direction below which the Krylov space is taken as invariant. */
    static final double BREAKDOWN_REL_TOL = 1e-10;

    private LanczosProcess() {}

    /**
     * @param alpha diagonal of {@code T}, length {@code steps}
     * @param beta off-diagonal of {@code T}, length {@code steps − 1} (0 where the process restarted)
     * @param basis the orthonormal {@code v_i}, one per step
     * @param matvecs products spent
     * @param restarts restarts after breakdown
     */
    record Run(double[] alpha, double[] beta, List<ParamVector> basis, int matvecs, int restarts) {
        int steps() {
            return alpha.length;
        }
    }

    /**
     * Runs at most {@code maxSteps} steps from {@code start} (normalised here; not modified). With
     * {@code restartOnBreakdown} the process continues after a breakdown with vectors from {@code rng}.
     */
    static Run run(LinearOperator a, ParamVector start, int maxSteps, boolean restartOnBreakdown, RandomGenerator rng) {
        double startNorm = start.norm();
        if (!(startNorm > 0) || !Double.isFinite(startNorm)) {
            throw new IllegalArgumentException("Lanczos start vector has norm " + startNorm);
        }
        List<ParamVector> basis = new ArrayList<>();
        basis.add(start.scale(1.0 / startNorm));
        List<Double> alpha = new ArrayList<>(), beta = new ArrayList<>();
        int restarts = 0;
        double scale = 0;
        while (true) {
            ParamVector v = basis.get(basis.size() - 1);
            ParamVector w = a.apply(v);
            start.requireSameLayout(w, "A v");
            w = w.copy();
            double wNorm = w.norm();
            scale = Math.max(scale, wNorm);
            alpha.add(v.dot(w));
            if (!Double.isFinite(scale)) throw new ArithmeticException("operator returned non-finite values in Lanczos");
            if (basis.size() == maxSteps || basis.size() == start.size()) break;
            double b = GramSchmidt.orthogonalizeInPlace(w, basis, wNorm);
            if (b > BREAKDOWN_REL_TOL * scale) {
                beta.add(b);
                basis.add(w.scaleInPlace(1.0 / b));
                continue;
            }
            if (!restartOnBreakdown) break;
            ParamVector r = ParamVector.gaussianLike(start, rng);
            double rn = GramSchmidt.orthogonalizeInPlace(r, basis);
            if (!(rn > 0)) break;
            beta.add(0.0);
            basis.add(r.scaleInPlace(1.0 / rn));
            restarts++;
        }
        return new Run(toArray(alpha), toArray(beta), basis, alpha.size(), restarts);
    }

    private static double[] toArray(List<Double> xs) {
        double[] out = new double[xs.size()];
        for (int i = 0; i < out.length; i++) out[i] = xs.get(i);
        return out;
    }
}
