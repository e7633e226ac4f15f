package org.flatlens.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flatlens.autodiff.Var;
import org.flatlens.tensor.Tensor;

/**
 * A model's parameter values by PyTorch-style name ({@code 0.weight}, {@code blocks.1.attn.qkv.bias}), in the model's
 * registration order: the state dict.
 */
public final class Parameters {
    private final LinkedHashMap<String, Tensor> values;

    public Parameters(Map<String, Tensor> values) {
        this.values = new LinkedHashMap<>(values);
    }

    public List<String> names() {
        return List.copyOf(values.keySet());
    }

    public Tensor get(String name) {
        Tensor t = values.get(name);
        if (t == null) throw new IllegalArgumentException("no parameter named '" + name + "'");
        return t;
    }

    public Map<String, Tensor> asMap() {
        return Collections.unmodifiableMap(values);
    }

    public int count() {
        int n = 0;
        for (Tensor t : values.values()) n += t.size();
        return n;
    }

    /** Leaf nodes for every parameter: differentiable ones ({@link Var#param}) when {@code requiresGrad}. */
    public Map<String, Var> vars(boolean requiresGrad) {
        Map<String, Var> m = new LinkedHashMap<>();
        values.forEach((k, v) -> m.put(k, requiresGrad ? Var.param(v) : Var.constant(v)));
        return m;
    }

    /** The tensors in order. */
    public List<Tensor> tensors() {
        return new ArrayList<>(values.values());
    }

    /** A deep copy. */
    public Parameters copy() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        values.forEach((k, v) -> m.put(k, v.copy()));
        return new Parameters(m);
    }

    /** The same names with new values, in the same order. */
    public Parameters with(List<Tensor> tensors) {
        if (tensors.size() != values.size()) throw new IllegalArgumentException("expected " + values.size() + " tensors");
        Map<String, Tensor> m = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, Tensor> e : values.entrySet()) {
            Tensor t = tensors.get(i++);
            if (!t.shape().equals(e.getValue().shape())) {
                throw new IllegalArgumentException(e.getKey() + ": shape " + t.shape() + ", expected " + e.getValue().shape());
            }
            m.put(e.getKey(), t);
        }
        return new Parameters(m);
    }
}
