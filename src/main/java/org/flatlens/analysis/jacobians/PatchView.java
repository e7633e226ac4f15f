package org.flatlens.analysis.jacobians;

/**
 * How one kind of linear layer presents a sample as the weight-shared product {@code Z = W_mat Pᵀ} of THEORY.md §3.
 * This is the only per-layer derivative math; every per-sample quantity ({@link PerSampleGradients}) is written once
 * in terms of these three matrices. With L positions, fan-in F and O outputs:
 * <ul>
 *   <li>{@code P} ({@code L × F}): the patches (conv, im2col), the token matrix (token), or {@code hᵀ} (dense, L = 1);
 *   <li>{@code Δ_c} ({@code L × O}): {@code ∂g_c/∂Z} with positions as rows, so {@code ∂g_c/∂W_mat = Δ_cᵀ P} and
 *       {@code ∂g_c/∂b = Δ_cᵀ 1};
 *   <li>{@code U_c = Δ_c W_mat} ({@code L × F}): the gradient with respect to P, so
 *       {@code W_matᵀ ∂g_c/∂W_mat = U_cᵀ P}. For dense and token layers it is the site Jacobian row itself.
 * </ul>
 * Each is handed out as a {@link Slab}, row-major: where the chunk already stores it as such, the chunk's own array
 * (read only, never copied: these reads are most of the per-sample work), else written into the caller's scratch.
 */
public interface PatchView {
    /** A row-major matrix in {@code data} from {@code offset}; the caller must not modify a chunk's array. */
    record Slab(double[] data, int offset) {}

    /** P: the chunk's own array where it stores P as such, else a fresh array (a convolution's im2col). */
    Slab patches(SiteBlock b, int i);

    /** {@code Δ_c}, using {@code scratch} ({@code L·O} values) if it must be formed. */
    Slab outputGrad(SiteBlock b, int i, int c, double[] scratch);

    /** {@code U_c} where the chunk stores it; null where callers must form it from {@code Δ_c} and {@code W_mat}. */
    Slab patchGrad(SiteBlock b, int i, int c);

    /**
     * All {@code Δ_cᵀ} stacked, {@code (k·O) × L} with rows {@code c·O .. c·O + O − 1} for output c, using
     * {@code scratch} ({@code k·O·L} values) if it must be formed.
     */
    Slab outputGradTransposed(SiteBlock b, int i, double[] scratch);
}
