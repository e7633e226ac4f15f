package org.flatlens.analysis.jacobians;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flatlens.nn.ParamSite;
import org.flatlens.nn.Parameters;
import org.flatlens.tensor.Shape;
import org.flatlens.tensor.Tensor;

/**
 * Per-(sample, output) gradient norms of the parameters that belong to no site, from the gradients of their per-row
 * uses (see {@link ParamSite}): row r of a use's gradient, summed over the axes along which the parameter was
 * broadcast, is the parameter's gradient for row r; the uses of one parameter add up before the norm is taken.
 */
final class ParamGradients {
    private ParamGradients() {}

    /**
     * @param uses      the recorded uses, on n rows
     * @param useGrads  per use, the gradient's values of each of the k passes ({@code [k][n · use size]})
     * @return one block per parameter, in order of first use
     */
    static List<ParamBlock> blocks(List<ParamSite> uses, List<double[][]> useGrads, Parameters params, int n, int k) {
        Map<String, Tensor[]> perRow = new LinkedHashMap<>();
        for (int u = 0; u < uses.size(); u++) {
            ParamSite use = uses.get(u);
            Shape shape = params.get(use.name()).shape();
            Tensor[] g = new Tensor[k];
            for (int c = 0; c < k; c++) {
                g[c] = rowGradients(new Tensor(use.use().shape(), useGrads.get(u)[c]), shape, use.name());
            }
            perRow.merge(use.name(), g, (a, b) -> {
                Tensor[] sum = new Tensor[k];
                for (int c = 0; c < k; c++) sum[c] = a[c].add(b[c]);
                return sum;
            });
        }
        List<ParamBlock> out = new ArrayList<>();
        perRow.forEach((name, g) -> out.add(new ParamBlock(name, rowNormsSquared(g, n))));
        return out;
    }

    /** The use's gradient {@code [M, ...]} summed to {@code [M, ...]} with the parameter's size per row. */
    static Tensor rowGradients(Tensor useGrad, Shape param, String name) {
        Shape u = useGrad.shape();
        int r = u.rank(), off = r - param.rank();
        if (off < 0 || off == 0 && param.dim(0) != 1) {
            throw new IllegalArgumentException("parameter '" + name + "' of shape " + param + " is not broadcast over "
                    + "the batch rows of its use " + u);
        }
        int[] target = new int[r];
        target[0] = u.dim(0);
        for (int a = 1; a < r; a++) target[a] = a < off ? 1 : param.dim(a - off);
        Shape t = Shape.of(target);
        if (t.size() != u.dim(0) * param.size()) {
            throw new IllegalArgumentException("parameter '" + name + "' of shape " + param + " does not broadcast to "
                    + "its use " + u);
        }
        return useGrad.sumTo(t);
    }

    /** {@code out[i][c] = ||row i of g[c]||²}. */
    private static double[][] rowNormsSquared(Tensor[] g, int n) {
        int k = g.length, size = g[0].size() / n;
        double[][] out = new double[n][k];
        for (int c = 0; c < k; c++) {
            double[] d = g[c].data();
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = i * size, e = j + size; j < e; j++) s += d[j] * d[j];
                out[i][c] = s;
            }
        }
        return out;
    }
}
