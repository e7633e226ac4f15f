package org.flatlens.analysis.linalg;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The largest algebraic eigenvalues of a symmetric operator by the Lanczos method with full reorthogonalisation
 * (Golub &amp; Van Loan, <i>Matrix Computations</i>, 4th ed., §10.1; Parlett, <i>The Symmetric Eigenvalue
 * Problem</i>, ch. 13), run for a fixed number of steps from a seeded Gaussian start.
 *
 * <p>The Ritz values (eigenvalues of {@code T = Vᵀ A V}) approach the extreme eigenvalues from inside the spectrum,
 * the largest ones first when they are well separated. Each result carries the true residual
 * {@code ||A y − θ y||} (an eigenvalue of {@code A} lies within it) and a {@code converged} flag.
 *
 * <p>Limits, stated honestly. In exact arithmetic a single start vector sees each eigenspace along one direction, so
 * a repeated eigenvalue appears once until the Krylov space becomes invariant; the process then restarts with a new
 * random vector orthogonal to the basis ({@link LanczosProcess}) and finds further copies. In floating point, rounding
 * also seeds further copies as the iteration proceeds, but when and how many is not guaranteed: a copy can be missed
 * and a smaller eigenvalue listed in its place, even with a small residual. Small residuals therefore certify that each
 * {@code θ_i} is close to <em>some</em> eigenvalue, not that it is the i-th. When the whole space is spanned
 * ({@code steps = n}), the Ritz values are the eigenvalues of {@code A}.
 */
public final class Lanczos {
    private Lanczos() {}

    /**
     * The top {@code numEigen} eigenvalues of {@code a} after {@code numSteps} Lanczos steps.
     *
     * @param a a symmetric operator on vectors of {@code template}'s layout
     * @param template the layout of the domain (its values are not used)
     * @param rng the source of the start vector and of restart vectors (advanced)
     * @param numEigen how many eigenvalues to return, {@code 1 ≤ numEigen ≤ min(numSteps, template.size())}
     * @param numSteps Krylov dimension (fewer are taken only when the space is exhausted); no early stop
     * @param relTol the tolerance of the {@code converged} flags, positive
     * @param withVectors whether to return the Ritz vectors
     */
    public static LanczosResult topEigenpairs(LinearOperator a, ParamVector template, RandomGenerator rng, int numEigen,
            int numSteps, double relTol, boolean withVectors) {
        if (numEigen < 1 || numEigen > numSteps || numEigen > template.size()) {
            throw new IllegalArgumentException("numEigen must be in [1, min(numSteps, dimension)] = [1, "
                    + Math.min(numSteps, template.size()) + "], got " + numEigen);
        }
        if (!(relTol > 0) || !Double.isFinite(relTol)) {
            throw new IllegalArgumentException("relTol must be positive and finite, got " + relTol);
        }
        ParamVector start = ParamVector.gaussianLike(template, rng);
        LanczosProcess.Run run = LanczosProcess.run(a, start, numSteps, true, rng);
        EigenDecomposition ritz = TridiagonalEigen.decompose(run.alpha(), run.beta());
        double[] theta = ritz.values();
        double scale = Math.max(Math.abs(theta[0]), Math.abs(theta[theta.length - 1]));
        double[] eigenvalues = new double[numEigen], residuals = new double[numEigen];
        boolean[] converged = new boolean[numEigen];
        List<ParamVector> vectors = new ArrayList<>();
        for (int i = 0; i < numEigen; i++) {
            ParamVector y = ritzVector(run.basis(), ritz.vectors()[i]);
            ParamVector ay = a.apply(y);
            template.requireSameLayout(ay, "A y");
            eigenvalues[i] = theta[i];
            residuals[i] = ay.axpy(-theta[i], y).norm();
            converged[i] = residuals[i] <= relTol * scale;
            if (withVectors) vectors.add(y);
        }
        return new LanczosResult(eigenvalues, residuals, converged, List.copyOf(vectors), run.steps(),
                run.matvecs() + numEigen, run.restarts());
    }

    /** {@code y = V s / ||V s||}: the Ritz vector of the eigenvector {@code s} of {@code T}. */
    static ParamVector ritzVector(List<ParamVector> basis, double[] s) {
        ParamVector y = ParamVector.zerosLike(basis.get(0));
        double normSquared = VectorSweeps.addCombinationInPlace(y, s, basis);
        return y.scaleInPlace(1.0 / Math.sqrt(normSquared));
    }
}
