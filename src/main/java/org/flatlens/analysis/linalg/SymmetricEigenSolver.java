package org.flatlens.analysis.linalg;

/**
 * All eigenvalues of a small dense symmetric matrix. Every implementation (and the tests' Jacobi oracle) passes the
 * same contract suite (random, repeated, zero and rank-deficient spectra, scaled by 1e±12). The measures call
 * {@link ExtremeEigenvalues} (the extreme ones only, by the same reduction and bisection as
 * {@link #HOUSEHOLDER_BISECTION}) and {@link TridiagonalEigen} (Lanczos tridiagonals) directly; this interface is the
 * common contract.
 */
@FunctionalInterface
public interface SymmetricEigenSolver {
    /** Householder reduction to tridiagonal form, then Sturm bisection for each eigenvalue ({@link ExtremeEigenvalues}). */
    SymmetricEigenSolver HOUSEHOLDER_BISECTION = a -> {
        ExtremeEigenvalues.Tridiagonal t = ExtremeEigenvalues.tridiagonal(flat(a), a.length);
        double[] values = new double[a.length];
        for (int j = 0; j < a.length; j++) values[a.length - 1 - j] = t.eigenvalue(j);
        return values;
    };
    /** Householder reduction to tridiagonal form, then implicit QL ({@link TridiagonalEigen}). */
    SymmetricEigenSolver HOUSEHOLDER_QL = a -> {
        ExtremeEigenvalues.Tridiagonal t = ExtremeEigenvalues.tridiagonal(flat(a), a.length);
        return TridiagonalEigen.decompose(t.d(), t.e()).values();
    };

    /**
     * @param a {@code n × n}, symmetric: only the upper triangle is read; not modified
     * @return the n eigenvalues, descending
     * @throws IllegalArgumentException if the matrix is not square or an entry read is not finite
     */
    double[] eigenvalues(double[][] a);

    /** {@code a} row-major in one array, checking that it is square. */
    private static double[] flat(double[][] a) {
        int n = a.length;
        double[] out = new double[n * n];
        for (int i = 0; i < n; i++) {
            if (a[i].length != n) {
                throw new IllegalArgumentException("matrix row " + i + " has length " + a[i].length + ", expected " + n);
            }
            System.arraycopy(a[i], 0, out, i * n, n);
        }
        return out;
    }
}
