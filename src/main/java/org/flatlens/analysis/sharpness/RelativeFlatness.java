package org.flatlens.analysis.sharpness;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.flatlens.analysis.linalg.HutchinsonTrace;
import org.flatlens.analysis.linalg.LinearOperator;
import org.flatlens.analysis.linalg.ParamVector;
import org.flatlens.analysis.linalg.TraceEstimate;
import org.flatlens.analysis.linalg.TraceEstimator;
import org.flatlens.tensor.Shape;
import org.flatlens.tensor.Tensor;

/**
 * Relative flatness of one linear layer, Hessian form (Petzka et al., "Relative flatness and generalization",
 * NeurIPS 2021; THEORY.md §2): {@code κ_l = Σ_{s,s'} ⟨w_s, w_s'⟩ Tr(H_{s,s'})}, {@code w_s} = row s of {@code W_mat}
 * (the weights into unit s), {@code H_{s,s'}} the {@code fanIn × fanIn} block of the Hessian between rows s and s'.
 *
 * <p>Estimator: {@code κ_l = E_Z[vᵀ H v]} with {@code v = W_mat Z} placed in the weight of layer l (zero elsewhere),
 * {@code Z ∈ R^{fanIn × fanIn}} with independent Rademacher entries, because {@code E[Z A Zᵀ] = Tr(A) I}; Hutchinson
 * statistics (mean, standard error, one product per probe). Exact: {@code Tr(H_{s,s'})} from the products with the unit
 * vectors of the layer's weight, {@code outDim · fanIn} products (small layers and tests).
 *
 * <p>Invariant under {@code W_l → α W_l}, {@code W_{l+1} → W_{l+1}/α} in a ReLU network: the Hessian block scales by
 * {@code 1/α²}, {@code ⟨w_s, w_s'⟩} by {@code α²}, and for the same Z every sample is unchanged.
 */
public final class RelativeFlatness {
    private RelativeFlatness() {}

    /**
     * Hutchinson estimate of {@code κ_l}.
     *
     * @param rng the source of the probes Z (advanced)
     * @param probes Hessian–vector products to spend, ≥ 2
     */
    public static TraceEstimate hessian(DatasetHessian h, LinearLayer layer, RandomGenerator rng, int probes) {
        ParamVector probeSpace = ParamVector.of(Tensor.zeros(layer.fanIn(), layer.fanIn()));
        return HutchinsonTrace.estimateWithProbeMap(h, probeMap(h, layer), probeSpace, rng, probes);
    }

    /** {@code κ_l} exactly, as Petzka's sum, from {@code outDim · fanIn} products. */
    public static TraceEstimate hessianExact(DatasetHessian h, LinearLayer layer) {
        int out = layer.outDim(), fanIn = layer.fanIn(), idx = layer.weightIndex(h.parameters());
        double[][] blockTrace = new double[out][out];
        ParamVector e = h.template();
        double[] eW = e.part(idx).data();
        for (int t = 0; t < out; t++) {
            for (int j = 0; j < fanIn; j++) {
                eW[t * fanIn + j] = 1.0;
                double[] hw = h.apply(e).part(idx).data();
                eW[t * fanIn + j] = 0.0;
                for (int s = 0; s < out; s++) blockTrace[s][t] += hw[s * fanIn + j];
            }
        }
        double[] w = layer.matrix(h.parameters()).data();
        double kappa = 0;
        for (int s = 0; s < out; s++) {
            for (int t = 0; t < out; t++) kappa += dotRows(w, s, t, fanIn) * blockTrace[s][t];
        }
        return new TraceEstimate(kappa, 0.0, out * fanIn, TraceEstimator.EXACT);
    }

    /**
     * The probe map {@code M: Z ↦ v}, {@code v} zero except in layer l's weight, where it is {@code W_mat Z} reshaped
     * to the weight's shape. {@code Z} is a one-part vector {@code [fanIn, fanIn]}.
     */
    static LinearOperator probeMap(DatasetHessian h, LinearLayer layer) {
        int idx = layer.weightIndex(h.parameters());
        Tensor wMat = layer.matrix(h.parameters());
        Shape weightShape = h.parameters().get(layer.weight()).shape();
        ParamVector template = h.template();
        return z -> {
            List<Tensor> parts = new ArrayList<>(template.numParts());
            for (int i = 0; i < template.numParts(); i++) {
                Shape shape = template.part(i).shape();
                parts.add(i == idx ? wMat.matmul(z.part(0)).reshape(weightShape) : Tensor.zeros(shape));
            }
            return ParamVector.of(parts);
        };
    }

    private static double dotRows(double[] w, int s, int t, int n) {
        double d = 0;
        for (int j = 0; j < n; j++) d += w[s * n + j] * w[t * n + j];
        return d;
    }
}
