package org.flatlens.analysis.linalg;

/**
 * A spectral density estimate from {@link StochasticLanczosQuadrature}: per start {@code s}, quadrature nodes
 * {@code nodes[s][j]} (descending) with weights {@code weights[s][j]} summing to 1; the estimate gives each start the
 * weight {@code 1/numStarts}.
 *
 * @param nodes per start, the eigenvalues of its Lanczos tridiagonal
 * @param weights per start, the squared first components of their eigenvectors
 * @param dimension {@code n}, the operator's dimension
 * @param matvecs operator applications spent
 */
public record SpectralDensity(double[][] nodes, double[][] weights, int dimension, int matvecs) {

    public int numStarts() {
        return nodes.length;
    }

    /** {@code (1/S) Σ_s Σ_j w_sj}; 1 up to rounding. */
    public double totalWeight() {
        double t = 0;
        for (double[] w : weights) for (double x : w) t += x;
        return t / nodes.length;
    }

    /** {@code (1/S) Σ_s Σ_j w_sj θ_sj^p}, an estimate of {@code Tr(A^p)/n} (exact per start for {@code p < 2m}). */
    public double moment(int p) {
        return SampleStats.mean(startMoments(p));
    }

    /** The standard error of {@link #moment(int)} over the starts. */
    public double momentStdErr(int p) {
        return SampleStats.stdErr(startMoments(p));
    }

    /** {@code Tr(A) ≈ n · moment(1)}, with its standard error; the same numbers as Hutchinson on the same probes. */
    public TraceEstimate trace() {
        return new TraceEstimate(dimension * moment(1), dimension * momentStdErr(1), matvecs, TraceEstimator.SLQ);
    }

    /**
     * The Gaussian-smoothed density {@code φ(t) = (1/S) Σ_s Σ_j w_sj N(t; θ_sj, bandwidth²)} at each grid point;
     * it integrates to 1 over the real line.
     */
    public double[] density(double[] grid, double bandwidth) {
        if (!(bandwidth > 0)) throw new IllegalArgumentException("bandwidth must be positive, got " + bandwidth);
        double norm = 1.0 / (nodes.length * bandwidth * Math.sqrt(2 * Math.PI));
        double[] phi = new double[grid.length];
        for (int g = 0; g < grid.length; g++) {
            double sum = 0;
            for (int s = 0; s < nodes.length; s++) {
                for (int j = 0; j < nodes[s].length; j++) {
                    double z = (grid[g] - nodes[s][j]) / bandwidth;
                    sum += weights[s][j] * Math.exp(-0.5 * z * z);
                }
            }
            phi[g] = norm * sum;
        }
        return phi;
    }

    /** {@code points} equally spaced values from {@code min θ − 5·bandwidth} to {@code max θ + 5·bandwidth}. */
    public double[] grid(int points, double bandwidth) {
        if (points < 2) throw new IllegalArgumentException("a grid needs at least 2 points, got " + points);
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double[] n : nodes) {
            lo = Math.min(lo, n[n.length - 1]);
            hi = Math.max(hi, n[0]);
        }
        lo -= 5 * bandwidth;
        hi += 5 * bandwidth;
        double[] g = new double[points];
        for (int i = 0; i < points; i++) g[i] = lo + (hi - lo) * i / (points - 1);
        return g;
    }

    private double[] startMoments(int p) {
        double[] m = new double[nodes.length];
        for (int s = 0; s < nodes.length; s++) {
            for (int j = 0; j < nodes[s].length; j++) m[s] += weights[s][j] * Math.pow(nodes[s][j], p);
        }
        return m;
    }
}
