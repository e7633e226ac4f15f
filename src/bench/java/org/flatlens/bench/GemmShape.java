package org.flatlens.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * One benchmarked product {@code C[m×n] = op(A)·op(B)} with {@code op(A)} m×k and {@code op(B)} k×n, row-major and
 * densely stored (A is k×m when {@code transA}, B is n×k when {@code transB}).
 *
 * @param label what the product is, e.g. {@code "fwd 128"}
 */
public record GemmShape(String label, boolean transA, boolean transB, int m, int n, int k) {
    public GemmShape {
        if (m <= 0 || n <= 0 || k <= 0) throw new IllegalArgumentException("benchmark sizes must be > 0: " + m + "×" + n + "×" + k);
    }

    /** Floating-point operations of one product: {@code 2·m·n·k}. */
    public double flops() {
        return 2.0 * m * n * k;
    }

    /** {@code "128x500x784 NT"}: sizes m×n×k and N/T for op(A), op(B). */
    public String dims() {
        return m + "x" + n + "x" + k + " " + (transA ? "T" : "N") + (transB ? "T" : "N");
    }

    /** Square products n×n times n×n. */
    public static List<GemmShape> squares(int... sizes) {
        List<GemmShape> out = new ArrayList<>();
        for (int s : sizes) out.add(new GemmShape("square " + s, false, false, s, s, s));
        return out;
    }

    /**
     * The products of training a 784→500 dense layer (weight W stored [784, 500]) on batches of 8 and 128: the forward
     * pass {@code X·W}, the input gradient {@code dY·Wᵀ}, and the weight gradients {@code Xᵀ·dY} and
     * {@code dYᵀ·X} (the latter is the [500, 784] gradient of a PyTorch-layout weight).
     */
    public static List<GemmShape> training() {
        return List.of(
                new GemmShape("fwd X*W, batch 8", false, false, 8, 500, 784),
                new GemmShape("fwd X*W, batch 128", false, false, 128, 500, 784),
                new GemmShape("bwd dY*W^T, batch 128", false, true, 128, 784, 500),
                new GemmShape("bwd X^T*dY, batch 128", true, false, 784, 500, 128),
                new GemmShape("bwd dY^T*X, batch 128", true, false, 500, 784, 128),
                new GemmShape("bwd dY*W^T, batch 8", false, true, 8, 784, 500),
                new GemmShape("bwd X^T*dY, batch 8", true, false, 784, 500, 8));
    }
}
