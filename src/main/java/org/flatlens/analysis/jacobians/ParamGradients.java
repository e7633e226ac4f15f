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
     * @param uses      the recorded uses, on {@code n·k} rows
     * @param useGrads  the gradient of each use, of its shape
     * @return one block per parameter, in order of first use
     */
    static List<ParamBlock> blocks(List<ParamSite> uses, List<Tensor> useGrads, Parameters params, int n, int k) {
        Map<String, Tensor> perRow = new LinkedHashMap<>();
        for (int u = 0; u < uses.size(); u++) {
            String name = uses.get(u).name();
            Tensor g = rowGradients(useGrads.get(u), params.get(name).shape(), name);
            perRow.merge(name, g, Tensor::add);
        }
        List<ParamBlock> out = new ArrayList<>();
        perRow.forEach((name, g) -> out.add(new ParamBlock(name, rowNormsSquared(g, n, k))));
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

    private static double[][] rowNormsSquared(Tensor g, int n, int k) {
        int size = g.size() / (n * k);
        double[] d = g.data();
        double[][] out = new double[n][k];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < k; c++) {
                double s = 0;
                for (int j = (i * k + c) * size, e = j + size; j < e; j++) s += d[j] * d[j];
                out[i][c] = s;
            }
        }
        return out;
    }
}
