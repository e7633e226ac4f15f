package org.flatlens.analysis.linalg;

import org.flatlens.tensor.Tensor;

/**
 * An explicit symmetric {@code n × n} matrix as a {@link LinearOperator}, for tests and small problems. Vectors are
 * flattened in {@link ParamVector} order, so the same matrix can act on any layout of size {@code n}.
 */
public final class DenseSymmetricOperator implements LinearOperator {
    private final double[] a;
    private final int n;
    private final ParamVector template;

    /** Acts on single-tensor vectors of shape {@code [n]}; {@code matrix} is copied and must be exactly symmetric. */
    public DenseSymmetricOperator(double[][] matrix) {
        this(matrix, ParamVector.of(Tensor.zeros(matrix.length)));
    }

    /**
     * Acts on vectors of {@code template}'s layout ({@code template.size() = n}); {@code matrix} is copied and must be
     * exactly symmetric (use {@link #symmetricPart} first if it is symmetric only up to rounding).
     */
    public DenseSymmetricOperator(double[][] matrix, ParamVector template) {
        n = matrix.length;
        if (template.size() != n) {
            throw new IllegalArgumentException("template of size " + template.size() + " for a " + n + " × " + n + " matrix");
        }
        a = new double[n * n];
        for (int i = 0; i < n; i++) {
            if (matrix[i].length != n) throw new IllegalArgumentException("matrix row " + i + " has length "
                    + matrix[i].length + ", expected " + n);
            for (int j = 0; j < n; j++) {
                if (matrix[i][j] != matrix[j][i]) throw new IllegalArgumentException("matrix is not symmetric at ("
                        + i + ", " + j + "): " + matrix[i][j] + " vs " + matrix[j][i]);
                a[i * n + j] = matrix[i][j];
            }
        }
        this.template = ParamVector.zerosLike(template);
    }

    /** {@code (M + Mᵀ) / 2} as a new array. */
    public static double[][] symmetricPart(double[][] m) {
        int n = m.length;
        double[][] s = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) s[i][j] = 0.5 * (m[i][j] + m[j][i]);
        }
        return s;
    }

    /** {@code A v}, as a new vector of {@code v}'s layout. */
    @Override
    public ParamVector apply(ParamVector v) {
        template.requireSameLayout(v, "operand");
        double[] x = v.toArray(), y = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0, off = i * n; j < n; j++) s += a[off + j] * x[j];
            y[i] = s;
        }
        return ParamVector.fromArray(y, template);
    }

    /** A zero vector of the operator's layout. */
    public ParamVector template() {
        return ParamVector.zerosLike(template);
    }

    public int dimension() {
        return n;
    }

    /** {@code Σ_i a_ii}. */
    public double trace() {
        double t = 0;
        for (int i = 0; i < n; i++) t += a[i * n + i];
        return t;
    }

    /** A copy of the matrix. */
    public double[][] matrix() {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) System.arraycopy(a, i * n, m[i], 0, n);
        return m;
    }
}
