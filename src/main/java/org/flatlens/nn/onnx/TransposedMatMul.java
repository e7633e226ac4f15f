package org.flatlens.nn.onnx;

/**
 * {@code MatMul(a, Transpose(b))} with the Transpose swapping the last two axes (attention's {@code q @ k.transpose(-2,
 * -1)}), run as one product with the transposed flag: no copy of b, and the built-in attention's arithmetic.
 */
record TransposedMatMul(String a, String b, String output) implements Fused {
    @Override
    public void run(Values v) {
        v.put(output, v.get(a).matmul(v.get(b), false, true), v.isStatic(a) && v.isStatic(b));
    }
}
