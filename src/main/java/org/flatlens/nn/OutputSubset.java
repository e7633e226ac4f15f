package org.flatlens.nn;

import java.util.Arrays;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.flatlens.autodiff.Var;
import org.flatlens.tensor.Shape;
import org.flatlens.tensor.UserInputException;

/**
 * A network restricted to some of its outputs ({@code measure --outputs}): {@code f_S(x) = (f_{o_0}(x), …,
 * f_{o_{m-1}}(x))} for a model f with k outputs and distinct indices {@code o_j} in {@code [0, k)}. The restriction
 * comes before the loss, so the loss, its Hessian, the Gauss–Newton matrix and every Jacobian are those of
 * {@code f_S}: a 10-output network trained on 2 classes is analysed as the 2-output network its two logits form.
 *
 * <p>The parameters are the whole model's, unchanged. The rows of the output layer that {@code f_S} does not use get
 * zero gradient, so they add nothing to any trace, eigenvalue or Gauss–Newton term; weight norms (in the bounds'
 * right sides, e.g. {@code ||W_L||_2} of the last layer) are those of the whole weight, which keeps every theorem
 * valid (the selection is one more fixed linear map after the layer) though slightly less tight than the norm of the
 * rows kept would be.
 */
public final class OutputSubset extends Model {
    private final Model inner;
    private final int[] outputs;

    private OutputSubset(Model inner, int[] outputs) {
        super(new ModelSpec(inner.spec().arch(), inner.spec().options(), inner.spec().inputShape(), outputs.length),
                java.util.List.of());
        this.inner = inner;
        this.outputs = outputs.clone();
    }

    /**
     * @param outputs the model's outputs to keep, in the order they become outputs 0, 1, …
     * @throws UserInputException for an empty list, a repeated index or one outside {@code [0, k)}
     */
    public static OutputSubset of(Model inner, int[] outputs) {
        int k = inner.spec().numOutputs();
        if (outputs.length == 0) throw new UserInputException("--outputs lists no output");
        boolean[] seen = new boolean[k];
        for (int o : outputs) {
            if (o < 0 || o >= k) {
                throw new UserInputException("output " + o + " does not exist: the model has " + k
                        + " outputs (0.." + (k - 1) + ")");
            }
            if (seen[o]) throw new UserInputException("output " + o + " is listed twice");
            seen[o] = true;
        }
        return new OutputSubset(inner, outputs);
    }

    /** The model's outputs kept, in order. */
    public int[] outputs() {
        return outputs.clone();
    }

    /** The whole model. */
    public Model inner() {
        return inner;
    }

    @Override
    public Map<String, Shape> parameterShapes() {
        return inner.parameterShapes();
    }

    @Override
    public Parameters init(RandomGenerator rng) {
        return inner.init(rng);
    }

    @Override
    public java.util.Optional<Parameters> bundledWeights() {
        return inner.bundledWeights();
    }

    @Override
    public java.util.Set<Structure> structure() {
        return inner.structure();
    }

    @Override
    public Var forward(Map<String, Var> params, Var x, SiteRecorder sites) {
        Var full = inner.forward(params, x, sites);
        int n = full.shape().dim(0), k = full.shape().dim(1), m = outputs.length;
        int[] flat = new int[n * m];
        for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) flat[i * m + j] = i * k + outputs[j];
        return full.gather(flat, Shape.of(n, m));
    }

    @Override
    public String toString() {
        return inner.spec().arch() + " outputs " + Arrays.toString(outputs);
    }
}
