package org.flatlens.nn.onnx;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.flatlens.autodiff.Var;
import org.flatlens.nn.SiteRecorder;
import org.flatlens.tensor.Shape;
import org.flatlens.tensor.Tensor;
import org.flatlens.tensor.UserInputException;

/**
 * The values of one forward pass of a {@link GraphModel} by ONNX value name. A value is <em>static</em> when it depends
 * on neither the input's values nor the parameters (constants, and whatever is computed from shapes): static values
 * are plain numbers that ops such as Reshape and Slice read as integers; they never enter the gradient graph.
 */
final class Values {
    private final Map<String, Var> values = new HashMap<>();
    private final Set<String> statics = new HashSet<>();
    private final Set<String> params;
    final SiteRecorder sites;
    final String source;

    Values(Set<String> params, SiteRecorder sites, String source) {
        this.params = params;
        this.sites = sites;
        this.source = source;
    }

    void put(String name, Var v, boolean isStatic) {
        values.put(name, v);
        if (isStatic) statics.add(name);
    }

    Var get(String name) {
        Var v = values.get(name);
        if (v == null) throw new UserInputException(source + ": value '" + name + "' is used before it is computed");
        return v;
    }

    boolean isStatic(String name) {
        return statics.contains(name);
    }

    boolean isParam(String name) {
        return params.contains(name);
    }

    /** A static value's entries as integers. */
    long[] ints(GraphNode n, String name) {
        if (!isStatic(name)) {
            throw new UserInputException(source + ": " + n.describe() + " needs '" + name + "' to be a constant or "
                    + "computed from shapes, but it depends on the input");
        }
        double[] d = get(name).value().data();
        long[] out = new long[d.length];
        for (int i = 0; i < d.length; i++) out[i] = (long) d[i];
        return out;
    }

    /** A static value, as a tensor. */
    Tensor constant(GraphNode n, String name) {
        ints(n, name);
        return get(name).value();
    }

    /**
     * Parameter {@code name} as used by an op whose result has shape {@code target}: while recording sites, its use is
     * expanded per batch row and recorded (a {@link org.flatlens.nn.ParamSite}) so its per-sample gradients are exact.
     */
    Var paramUse(String name, Shape target) {
        Var p = get(name);
        return sites == null ? p : sites.perRow(name, p, target);
    }
}
