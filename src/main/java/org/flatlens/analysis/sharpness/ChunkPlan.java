package org.flatlens.analysis.sharpness;

import org.flatlens.autodiff.Var;
import org.flatlens.nn.Model;
import org.flatlens.nn.Parameters;
import org.flatlens.nn.Site;
import org.flatlens.nn.SiteKind;
import org.flatlens.nn.SiteRecorder;
import org.flatlens.tensor.Tensor;
import org.flatlens.tensor.UserInputException;

/**
 * How many samples one Hessian–vector product may process at once within a memory budget.
 *
 * <p>A double-backward pass keeps, per sample, a bounded multiple of the activations of one forward pass. The
 * activations are counted from a one-sample forward pass: the input, and for every linear layer (its {@link Site})
 * its input and output, plus for a convolution its im2col matrix ({@code fan_in × output positions}). The estimate is
 * {@code bytesPerSample = 8 · GRAPH_FACTOR · activations}. {@code GRAPH_FACTOR = 16} is about three times what was
 * measured on the MLP 784-500-500-500-10 (a 1,000-sample product, gradient graph kept, runs in a 200 MB heap, about
 * 5 doubles per activation and sample); for LeNet and the VGG, chunks planned for a 400 MB budget ran in a 192 MB heap.
 * So the plan errs on the safe side; it is an estimate, not a guarantee.
 *
 * <p>The budget decides only how much is kept, never the numbers: the samples are summed in {@linkplain #blockSize()
 * blocks} whose size depends on the model alone (see {@link DatasetHessian}), and the budget says how many samples'
 * graphs may be held at once, so a small heap costs time, not bits.
 *
 * @param chunkSize samples whose graphs fit the budget (held at once), ≥ 1
 * @param bytesPerSample the estimated bytes of graph per sample
 * @param budgetBytes the budget it was planned for
 */
public record ChunkPlan(int chunkSize, long bytesPerSample, long budgetBytes) {
    /** Doubles kept per activation and sample by a Hessian–vector product (a safe over-estimate, see above). */
    public static final int GRAPH_FACTOR = 16;
    /**
     * Estimated graph of one block of samples: 128 MiB, about 40 MiB in fact (see the class comment), so a block fits
     * a 256 MB heap. A constant, not a share of the heap, so that results do not depend on the heap.
     */
    public static final long BLOCK_BYTES = 128L << 20;

    public ChunkPlan {
        if (chunkSize < 1) throw new IllegalArgumentException("chunk size must be at least 1, got " + chunkSize);
    }

    /**
     * The largest chunk (at most {@code numSamples}) whose estimated graph fits in {@code budgetBytes}, and at least 1.
     *
     * @param params the model's parameters (values are used for one forward pass of a zero input)
     */
    public static ChunkPlan forBudget(Model model, Parameters params, int numSamples, long budgetBytes) {
        if (budgetBytes <= 0) throw new UserInputException("memory budget must be positive, got " + budgetBytes);
        if (numSamples < 1) throw new IllegalArgumentException("need at least one sample, got " + numSamples);
        long perSample = bytesPerSample(model, params);
        long fit = Math.max(1, budgetBytes / perSample);
        return new ChunkPlan((int) Math.min(numSamples, fit), perSample, budgetBytes);
    }

    /** Samples per block of the summation: those whose graph is estimated within {@link #BLOCK_BYTES}; at least 1. */
    public int blockSize() {
        return blockSize(bytesPerSample);
    }

    /** As {@link #blockSize()}, for {@code bytesPerSample} estimated bytes of graph per sample. */
    public static int blockSize(long bytesPerSample) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, BLOCK_BYTES / bytesPerSample));
    }

    /** The estimated bytes of graph per sample of {@code model}: {@code 8 · GRAPH_FACTOR · activations}. */
    public static long bytesPerSample(Model model, Parameters params) {
        return 8L * GRAPH_FACTOR * activationsPerSample(model, params);
    }

    /**
     * Three quarters of the JVM's maximum heap, on the scale of the estimate. The estimate is about three times the
     * graphs' real size (measured on the MLP, LeNet and VGG, see above, and on the ViT: 28 blocks of 18 samples,
     * 3.6 GB estimated, held 1.25 GB live), so about a quarter of the heap is really used, and room is left for probe
     * and Lanczos vectors and the data. A quarter of the heap on the estimate's scale kept 9 of those 28 blocks and
     * rebuilt the rest for every product, which made a ViT product over 500 samples 1.8 times slower (BENCHMARKS.md,
     * "Cold start").
     */
    public static long defaultBudgetBytes() {
        return Runtime.getRuntime().maxMemory() / 4 * 3;
    }

    /** The number of activations one sample produces (see the class comment). */
    public static long activationsPerSample(Model model, Parameters params) {
        int[] in = model.spec().inputShape();
        Tensor x = Tensor.zeros(1, in[0], in[1], in[2]);
        SiteRecorder rec = new SiteRecorder();
        model.forward(params.vars(false), Var.constant(x), rec);
        long total = x.size();
        for (Site s : rec.sites()) {
            total += s.input().shape().size() + s.output().shape().size();
            if (s.kind() == SiteKind.CONV) total += im2colSize(s);
        }
        return total;
    }

    /** {@code fan_in × output positions} of a convolution site (input [1, C, H, W], output [1, O, Ho, Wo]). */
    private static long im2colSize(Site s) {
        int channels = s.input().shape().dim(1), k = s.conv().kernel();
        long positions = (long) s.output().shape().dim(2) * s.output().shape().dim(3);
        return (long) channels * k * k * positions;
    }
}
