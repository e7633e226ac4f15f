package org.flatlens.nn.onnx;

import java.util.List;
import java.util.Map;
import org.flatlens.tensor.Tensor;

/**
 * One ONNX node: operator, inputs and outputs by value name (an empty input name is an omitted optional input), and
 * its attributes.
 *
 * @param name   the node's name (the exporter's module path, e.g. {@code /layer1/conv1/Conv}), or a made-up one
 * @param opType the operator, e.g. {@code Gemm}
 */
public record GraphNode(String name, String opType, List<String> inputs, List<String> outputs,
        Map<String, Attribute> attributes) {

    /** An attribute value: one of an integer, a number, integers, numbers, bytes or a tensor. */
    public record Attribute(Long i, Double f, long[] ints, double[] floats, byte[] s, Tensor t) {}

    /** The input at {@code index}, or null when it is absent or empty (an omitted optional input). */
    public String input(int index) {
        return index < inputs.size() && !inputs.get(index).isEmpty() ? inputs.get(index) : null;
    }

    public long integer(String key, long fallback) {
        Attribute a = attributes.get(key);
        return a == null || a.i() == null ? fallback : a.i();
    }

    public double number(String key, double fallback) {
        Attribute a = attributes.get(key);
        return a == null || a.f() == null ? fallback : a.f();
    }

    /** The integer list {@code key}, or {@code fallback} (which may be null) when absent. */
    public long[] ints(String key, long[] fallback) {
        Attribute a = attributes.get(key);
        return a == null || a.ints() == null ? fallback : a.ints();
    }

    public Tensor tensor(String key) {
        Attribute a = attributes.get(key);
        return a == null ? null : a.t();
    }

    /** How errors name this node: {@code Gemm node '/fc1/Gemm'}. */
    String describe() {
        return opType + " node '" + name + "'";
    }
}
