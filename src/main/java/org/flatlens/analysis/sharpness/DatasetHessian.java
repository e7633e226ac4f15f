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
 * <p>Products are exact (double backward, {@link Autodiff#hvp}). The samples are summed in consecutive blocks
 * {@code b} of equal size (up to one sample), and {@code H v = Σ_b (|b|/n) H_b v}, added in block order, with
 * {@code H_b} the Hessian of the block's mean loss; the loss and the gradient are summed the same way. The block size
 * depends on the model alone ({@link ChunkPlan#blockSize(long)}: a graph of about {@link ChunkPlan#BLOCK_BYTES}), never
 * on the memory budget or the heap, so every number is the same whatever the budget: the budget ({@code chunkSize},
 * samples whose graphs may be held at once) only decides how many blocks keep their gradient graph {@code ∇L_b}
 * between products (then a product is one backward pass through it, as PyHessian does for a full batch) and how many
 * are rebuilt for each product. A kept graph and a rebuilt one give the same bits (both are
 * {@link Autodiff#vjpOfGradient} of a {@link GradMode#CREATE_GRAPH} gradient). With one block (n within a block) the
 * product is that block's, unscaled. Memory: at most {@code max(chunkSize, one block)} samples' graphs.
 *
 * <p>Vectors have the layout of {@link #template()}: one tensor per parameter, in state-dict order. The parameters and
 * the data are not modified. Not thread-safe (it caches the gradient graph and counts products).
 */
public final class DatasetHessian implements LinearOperator {
    private final Model model;
    private final Parameters params;
    private final Dataset data;
    private final LossKind loss;
    private final List<int[]> blocks;
    /** Leading blocks whose gradient graph is kept between products. */
    private final int keptBlocks;
    private final List<BlockGradient> kept = new ArrayList<>();
    private final ParamVector template;
    private int products;
    private double lossValue = Double.NaN;
    private ParamVector gradient;

    /**
     * @param model the network
     * @param params its parameters (checked against the model; not copied, not modified)
     * @param data the n samples (inputs and one-hot targets), n ≥ 1
     * @param loss mse or ce
     * @param chunkSize samples whose graphs may be held at once ({@link ChunkPlan#chunkSize()}), ≥ 1; it does not
     *                  change any result
     */
    public DatasetHessian(Model model, Parameters params, Dataset data, LossKind loss, int chunkSize) {
        this(model, params, data, loss, chunkSize, modelBlockSize(model, params));
    }

    private static int modelBlockSize(Model model, Parameters params) {
        model.checkCompatible(params); // before the forward pass that estimates the graph
        return ChunkPlan.blockSize(ChunkPlan.bytesPerSample(model, params));
    }

    /** As the public constructor, with the samples per block given (tests cut small data into several blocks). */
    DatasetHessian(Model model, Parameters params, Dataset data, LossKind loss, int chunkSize, int blockSize) {
        model.checkCompatible(params);
        if (data.size() == 0) throw new IllegalArgumentException("the Hessian needs at least one sample");
        if (chunkSize < 1) throw new IllegalArgumentException("chunk size must be at least 1, got " + chunkSize);
        if (blockSize < 1) throw new IllegalArgumentException("block size must be at least 1, got " + blockSize);
        if (data.numClasses() != model.spec().numOutputs()) {
            throw new UserInputException("the data has " + data.numClasses() + " classes but the model "
                    + model.spec().numOutputs() + " outputs");
        }
        this.model = model;
        this.params = params;
        this.data = data;
        this.loss = loss;
        this.blocks = blocks(data.size(), blockSize);
        this.keptBlocks = keptBlocks(data.size(), chunkSize, blocks);
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

    /** Number of blocks the samples are summed in (it depends on n and the model only). */
    public int numBlocks() {
        return blocks.size();
    }

    /** Number of blocks whose gradient graph is kept between products (the rest are rebuilt for each product). */
    public int keptBlocks() {
        return keptBlocks;
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
        if (blocks.size() == 1) return blockProduct(0, v);
        ParamVector acc = ParamVector.zerosLike(template);
        for (int b = 0; b < blocks.size(); b++) {
            acc.axpyInPlace((double) blocks.get(b).length / data.size(), blockProduct(b, v));
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
        for (int[] block : blocks) {
            Batch b = data.batch(block);
            Var out = model.forward(p.vars(false), Var.constant(b.x()), null);
            total += (double) block.length / data.size() * Losses.of(loss, out, b.targets()).value().item();
        }
        return total;
    }

    /** {@code H_b v}: through the kept gradient graph of block b, or one built for this product and dropped. */
    private ParamVector blockProduct(int b, ParamVector v) {
        BlockGradient g;
        if (b < keptBlocks) {
            if (kept.size() <= b) kept.add(gradientGraph(blocks.get(b))); // blocks are visited in order
            g = kept.get(b);
        } else {
            g = gradientGraph(blocks.get(b));
        }
        return ParamVector.of(Autodiff.vjpOfGradient(g.gradient, g.params, v.parts()));
    }

    private BlockGradient gradientGraph(int[] block) {
        BlockGraph g = blockGraph(block);
        return new BlockGradient(Autodiff.grad(g.loss, g.params, GradMode.CREATE_GRAPH), g.params);
    }

    private void computeLossAndGradient() {
        ParamVector acc = ParamVector.zerosLike(template);
        double total = 0;
        for (int[] block : blocks) {
            BlockGraph g = blockGraph(block);
            double w = (double) block.length / data.size();
            acc.axpyInPlace(w, ParamVector.of(Autodiff.gradValues(g.loss, g.params)));
            total += w * g.loss.value().item();
        }
        lossValue = total;
        gradient = acc;
    }

    /** The block's mean loss as a graph over fresh parameter leaves. */
    private BlockGraph blockGraph(int[] block) {
        Batch b = data.batch(block);
        Map<String, Var> vars = params.vars(true);
        Var out = model.forward(vars, Var.constant(b.x()), null);
        return new BlockGraph(Losses.of(loss, out, b.targets()), new ArrayList<>(vars.values()));
    }

    /**
     * Consecutive blocks covering {@code [0, n)}: {@code ⌈n / blockSize⌉} of them, sizes differing by at most one (a
     * function of n and the block size only).
     */
    static List<int[]> blocks(int n, int blockSize) {
        int count = (n + blockSize - 1) / blockSize;
        List<int[]> out = new ArrayList<>(count);
        for (int j = 0; j < count; j++) {
            int from = (int) ((long) n * j / count), to = (int) ((long) n * (j + 1) / count);
            out.add(java.util.stream.IntStream.range(from, to).toArray());
        }
        return out;
    }

    /**
     * How many leading blocks keep their gradient graph: all when the n samples fit {@code chunkSize}, else as many as
     * fit beside the one block rebuilt for each product.
     */
    private static int keptBlocks(int n, int chunkSize, List<int[]> blocks) {
        if (n <= chunkSize) return blocks.size();
        int largest = blocks.get(0).length;
        for (int[] b : blocks) largest = Math.max(largest, b.length);
        return Math.max(0, chunkSize / largest - 1);
    }

    private record BlockGraph(Var loss, List<Var> params) {}

    private record BlockGradient(List<Var> gradient, List<Var> params) {}
}
