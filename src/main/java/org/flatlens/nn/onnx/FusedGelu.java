package org.flatlens.nn.onnx;

/**
 * The five nodes {@code torch.onnx.export} writes for an exact GELU, {@code Mul(Mul(x, Add(Erf(Div(x, √2)), 1)), 0.5)},
 * run as FlatLens's GELU primitive: the built-in ViT's arithmetic, and exact √2 where a float32 export stores the
 * constant rounded to float32 (a 1e-8 relative error in erf's argument otherwise).
 *
 * @param input  x
 * @param output the final Mul's output
 */
record FusedGelu(String input, String output) implements Fused {
    @Override
    public void run(Values v) {
        v.put(output, v.get(input).gelu(), v.isStatic(input));
    }
}
