package org.flatlens.analysis.sharpness;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flatlens.analysis.linalg.LinearOperator;
import org.flatlens.analysis.linalg.ParamVector;
import org.flatlens.autodiff.Autodiff;
import org.flatlens.autodiff.GradMode;
import org.flatlens.autodiff.Var;
import org.flatlens.data.Batch;
import org.flatlens.data.Batches;
import org.flatlens.data.Dataset;
import org.flatlens.nn.LossKind;
import org.flatlens.nn.Losses;
import org.flatlens.nn.Model;
import org.flatlens.nn.Parameters;
import org.flatlens.tensor.Tensor;
import org.flatlens.tensor.UserInputException;

/**
 * The Hessian {@code H = ∇²_θ L} of {@code L(θ) = (1/n) Σ_i ℓ(f(x_i; θ), y_i)} over a fixed set of n samples
 * (THEORY.md §1), as the {@link LinearOperator} {@code v ↦ H v}: the one operator every sharpness estimator rests on.
 *
 * <p>Products are exact (double backward, {@link Autodiff#hvp}). The samples are streamed in consecutive chunks
 * {@code c} of at most {@code chunkSize}, and {@code H v = Σ_c (|c|/n) H_c v} with {@code H_c} the Hessian of the
 * chunk's mean loss, so memory is that of one chunk's graph whatever n is (chunk size from {@link ChunkPlan}). When
 * all samples fit in one chunk, the gradient graph {@code ∇L} is built once and kept, and each product is one backward
 * pass through it (as PyHessian does for a full batch); its memory is within the same chunk budget.
 *
 * <p>Vectors have the layout of {@link #template()}: one tensor per parameter, in state-dict order. The parameters and
 * the data are not modified. Not thread-safe (it caches the gradient graph and counts products).
 */
public final class DatasetHessian implements LinearOperator {
    private final Model model;
    private final Parameters params;
    private final Dataset data;
    private final LossKind loss;
    private final List<int[]> chunks;
    private final ParamVector template;
    private List<Var> cachedGraph;
    private List<Var> cachedParams;
    private int products;
    private double lossValue = Double.NaN;
    private ParamVector gradient;

    /**
     * @param model the network
     * @param params its parameters (checked against the model; not copied, not modified)
     * @param data the n samples (inputs and one-hot targets), n ≥ 1
     * @param loss mse or ce
     * @param chunkSize samples per forward/backward pass, ≥ 1
     */
    public DatasetHessian(Model model, Parameters params, Dataset data, LossKind loss, int chunkSize) {
        model.checkCompatible(params);
        if (data.size() == 0) throw new IllegalArgumentException("the Hessian needs at least one sample");
        if (chunkSize < 1) throw new IllegalArgumentException("chunk size must be at least 1, got " + chunkSize);
        if (data.numClasses() != model.spec().numOutputs()) {
            throw new UserInputException("the data has " + data.numClasses() + " classes but the model "
                    + model.spec().numOutputs() + " outputs");
        }
        this.model = model;
        this.params = params;
        this.data = data;
        this.loss = loss;
        this.chunks = Batches.sequential(data.size(), chunkSize);
        this.template = ParamVector.zerosLike(ParamVector.of(params.tensors()));
    }

    /** A zero vector of the parameter layout (a fresh copy each call). */
    public ParamVector template() {
        return ParamVector.zerosLike(template);
    }

    /** θ, the parameter values, as a new vector. */
    public ParamVector theta() {
        return ParamVector.of(params.tensors()).copy();
    }

    public Model model() {
        return model;
    }

    public Parameters parameters() {
        return params;
    }

    public Dataset data() {
        return data;
    }

    public LossKind lossKind() {
        return loss;
    }

    /** Number of samples n. */
    public int numSamples() {
        return data.size();
    }

    public int numChunks() {
        return chunks.size();
    }

    /** Number of Hessian–vector products computed so far. */
    public int products() {
        return products;
    }

    /** {@code H v}; {@code v} (parameter layout) is not modified. */
    @Override
    public ParamVector apply(ParamVector v) {
        template.requireSameLayout(v, "Hessian operand");
        products++;
        if (chunks.size() == 1) return hvpCached(v);
        ParamVector acc = ParamVector.zerosLike(template);
        for (int[] chunk : chunks) {
            ChunkGraph g = chunkGraph(chunk);
            List<Tensor> hv = Autodiff.hvp(g.loss, g.params, v.parts());
            acc.axpyInPlace((double) chunk.length / data.size(), ParamVector.of(hv));
        }
        return acc;
    }

    /** {@code L(θ)}, computed once (with the gradient) and remembered. */
    public double loss() {
        if (gradient == null) computeLossAndGradient();
        return lossValue;
    }

    /** {@code ∇L(θ)} as a new vector, computed once and remembered. */
    public ParamVector gradient() {
        if (gradient == null) computeLossAndGradient();
        return gradient.copy();
    }

    /**
     * {@code L(θ')} at other parameter values, by forward passes only (no graph).
     *
     * @param theta parameter layout; not modified
     */
    public double lossAt(ParamVector theta) {
        template.requireSameLayout(theta, "parameters");
        Parameters p = params.with(theta.parts());
        double total = 0;
        for (int[] chunk : chunks) {
            Batch b = data.batch(chunk);
            Var out = model.forward(p.vars(false), Var.constant(b.x()), null);
            total += (double) chunk.length / data.size() * Losses.of(loss, out, b.targets()).value().item();
        }
        return total;
    }

    private ParamVector hvpCached(ParamVector v) {
        if (cachedGraph == null) {
            ChunkGraph g = chunkGraph(chunks.get(0));
            cachedGraph = Autodiff.grad(g.loss, g.params, GradMode.CREATE_GRAPH);
            cachedParams = g.params;
        }
        return ParamVector.of(Autodiff.vjpOfGradient(cachedGraph, cachedParams, v.parts()));
    }

    private void computeLossAndGradient() {
        ParamVector acc = ParamVector.zerosLike(template);
        double total = 0;
        for (int[] chunk : chunks) {
            ChunkGraph g = chunkGraph(chunk);
            double w = (double) chunk.length / data.size();
            acc.axpyInPlace(w, ParamVector.of(Autodiff.gradValues(g.loss, g.params)));
            total += w * g.loss.value().item();
        }
        lossValue = total;
        gradient = acc;
    }

    /** The chunk's mean loss as a graph over fresh parameter leaves. */
    private ChunkGraph chunkGraph(int[] chunk) {
        Batch b = data.batch(chunk);
        Map<String, Var> vars = params.vars(true);
        Var out = model.forward(vars, Var.constant(b.x()), null);
        return new ChunkGraph(Losses.of(loss, out, b.targets()), new ArrayList<>(vars.values()));
    }

    private record ChunkGraph(Var loss, List<Var> params) {}
}
