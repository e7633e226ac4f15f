package org.flatlens.analysis.linalg;

/**
 * Brute-force oracles for small dimensions: {@code Tr(A) = Σ_j e_jᵀ A e_j} and the dense matrix of an operator, each
 * from {@code n} matrix–vector products with the unit vectors {@code e_j} (in flattened order).
 */
public final class ExactTrace {
    private ExactTrace() {}

    /** {@code Σ_j e_jᵀ A e_j}, exact up to rounding; costs {@code template.size()} products. */
    public static TraceEstimate trace(LinearOperator a, ParamVector template) {
        double s = 0;
        int n = template.size();
        for (int j = 0; j < n; j++) s += column(a, template, j)[j];
        return new TraceEstimate(s, 0.0, n, TraceEstimator.EXACT);
    }

    /**
     * The matrix {@code [A e_0, …, A e_{n−1}]} as {@code double[n][n]} (row i, column j = {@code (A e_j)_i}). It is not
     * symmetrised: for a symmetric operator its asymmetry measures the operator's rounding errors.
     */
    public static double[][] materialize(LinearOperator a, ParamVector template) {
        int n = template.size();
        double[][] m = new double[n][n];
        for (int j = 0; j < n; j++) {
            double[] col = column(a, template, j);
            for (int i = 0; i < n; i++) m[i][j] = col[i];
        }
        return m;
    }

    private static double[] column(LinearOperator a, ParamVector template, int j) {
        double[] e = new double[template.size()];
        e[j] = 1.0;
        ParamVector ej = ParamVector.fromArray(e, template);
        ParamVector aej = a.apply(ej);
        template.requireSameLayout(aej, "A e_j");
        return aej.toArray();
    }
}
