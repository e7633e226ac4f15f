package org.flatlens.analysis.jacobians;

import java.util.List;
import org.flatlens.tensor.Tensor;

/**
 * Everything one batched backward pass yields for a chunk of n samples (THEORY.md §1, §3).
 *
 * @param logits  the network outputs {@code f(x_i)}, {@code [n, k]}
 * @param factors {@code factors[i]} is {@code R_i} ({@code k × k}) of {@link OutputFactor}
 * @param sites   every site, in forward order
 * @param params  every parameter without a site, in forward order of first use
 */
public record ChunkJacobians(Tensor logits, double[][][] factors, List<SiteBlock> sites, List<ParamBlock> params) {

    public int samples() {
        return logits.dim(0);
    }

    public int outputs() {
        return logits.dim(1);
    }
}
