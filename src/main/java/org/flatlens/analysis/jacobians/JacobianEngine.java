package org.flatlens.analysis.jacobians;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.flatlens.autodiff.Autodiff;
import org.flatlens.autodiff.GradMode;
import org.flatlens.autodiff.Var;
import org.flatlens.nn.LossKind;
import org.flatlens.nn.Model;
import org.flatlens.nn.ParamSite;
import org.flatlens.nn.Parameters;
import org.flatlens.nn.Site;
import org.flatlens.nn.SiteRecorder;
import org.flatlens.tensor.kernels.Parallel;
import org.flatlens.tensor.Shape;
import org.flatlens.tensor.Tensor;

/**
 * Per-sample Jacobians of the effective output {@code g_i = R_i f(x_i)} (THEORY.md §1, §3) for a chunk of samples, from
 * one forward pass and k backward passes.
 *
 * <p>Design. The chunk {@code x [n, ...]} is run forward once, recording its sites, with the parameters as constants (so
 * no weight gradient is ever formed; per-sample weight-gradient norms come from h and δ afterwards,
 * {@link PerSampleGradients}). Then, for each output c, one {@link Autodiff#grad} call on that graph with respect to
 * every site input tap h, every site output z and every {@link ParamSite} use, with cotangent row i equal to
 * {@code R_i[c, :]} (R from the logits, held fixed). Why this is exact: no layer mixes batch rows, so row i of every
 * node depends on sample i only, and the vector–Jacobian product with a cotangent supported on row i of the output is
 * supported on row i of every node. Summing over rows therefore never mixes samples: row i of pass c is exactly
 * {@code ∂g_{i,c}/∂h}, {@code ∂g_{i,c}/∂z} and the per-row parameter gradients. The results are stored interleaved,
 * row {@code i·k + c}.
 *
 * <p>Cost: one forward and k backward passes over n rows, all samples of the chunk in each GEMM. (The alternative of
 * one backward over the chunk repeated k times, {@code n·k} rows, gives identical numbers but repeats the forward k
 * times: it measured about twice as slow on the paper's MLP.) Memory grows with n, never with the number of samples
 * overall: {@link #forEachChunk} processes any number of samples chunk by chunk, {@value #IN_FLIGHT} at a time.
 *
 * <p>Every model parameter must be the weight or bias of exactly one site or have a {@link ParamSite}; otherwise the
 * constructor fails, naming the parameter, since its per-sample gradient could not be computed.
 */
public final class JacobianEngine {
    /** Site-tensor copies per sample besides the k kept Jacobian rows: forward graph and one backward's temporaries. */
    static final int MEMORY_FACTOR = 4;
    /** Chunks computed at once by {@link #forEachChunk}, each on one thread. */
    public static final int IN_FLIGHT = 2;
    /**
     * The estimate ({@link #chunkSize(long)}) that fixes the {@linkplain #blockSize() block}: 256 MiB for
     * {@value #IN_FLIGHT} blocks. A constant, not a share of the heap: per-sample results depend, in the last bits, on
     * how many rows share a GEMM, so the rows per pass must not depend on the heap.
     */
    public static final long BLOCK_BUDGET = 256L << 20;

    private final Model model;
    private final Parameters params;
    private final LossKind loss;
    private final int k;
    private final List<SiteInfo> sites;
    private final List<String> paramNames;
    private final long doublesPerRow;

    /** @throws IllegalArgumentException when a parameter has no per-sample gradient rule or is claimed twice */
    public JacobianEngine(Model model, Parameters params, LossKind loss) {
        model.checkCompatible(params);
        this.model = model;
        this.params = params;
        this.loss = loss;
        this.k = model.spec().numOutputs();
        if (loss == LossKind.CE && k < 2) throw new IllegalArgumentException("cross-entropy needs at least 2 outputs");
        int[] in = model.spec().inputShape();
        SiteRecorder rec = new SiteRecorder();
        model.forward(params.vars(false), Var.constant(Tensor.zeros(1, in[0], in[1], in[2])), rec);
        this.sites = siteInfos(rec.sites(), params);
        this.paramNames = distinctNames(rec.paramSites());
        Coverage.check(params, sites, paramNames);
        long row = model.spec().inputSize() + k;
        for (SiteInfo s : sites) row += s.inputSize() + s.outputSize();
        for (ParamSite p : rec.paramSites()) row += p.use().shape().size();
        this.doublesPerRow = row;
    }

    public List<SiteInfo> sites() {
        return sites;
    }

    /** The parameters handled by {@link ParamSite}s, in order of first use. */
    public List<String> paramSiteNames() {
        return paramNames;
    }

    public int outputs() {
        return k;
    }

    public LossKind loss() {
        return loss;
    }

    public Parameters parameters() {
        return params;
    }

    /**
     * The largest chunk such that {@value #IN_FLIGHT} chunks in flight ({@link #forEachChunk}) fit {@code budgetBytes};
     * at least 1. The estimate per sample is {@code (k + }{@value #MEMORY_FACTOR}{@code )} copies of its site tensors
     * (h and z of every site, the parameter uses, input and output), in doubles: k kept Jacobian and δ rows, the
     * forward graph and one backward pass.
     */
    public int chunkSize(long budgetBytes) {
        if (budgetBytes <= 0) throw new IllegalArgumentException("memory budget must be positive, got " + budgetBytes);
        long perSample = 8L * (MEMORY_FACTOR + k) * doublesPerRow * IN_FLIGHT;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, budgetBytes / perSample));
    }

    /**
     * Samples per chunk whatever the memory: {@link #chunkSize(long)} of {@link #BLOCK_BUDGET}, a function of the model
     * only, so that results do not depend on the heap.
     */
    public int blockSize() {
        return chunkSize(BLOCK_BUDGET);
    }

    /**
     * Chunks of {@code chunkSize} samples to compute side by side within {@code budgetBytes}: {@value #IN_FLIGHT} when
     * they fit, else 1. It changes the memory and the speed, never a result (each chunk is computed alone and the
     * results are consumed in chunk order).
     */
    public int chunksInFlight(int chunkSize, long budgetBytes) {
        long perChunk = 8L * (MEMORY_FACTOR + k) * doublesPerRow * chunkSize;
        return budgetBytes / IN_FLIGHT >= perChunk ? IN_FLIGHT : 1;
    }

    /** The work on one chunk: from its inputs {@code [n, C, H, W]} and Jacobians to what the caller keeps of them. */
    @FunctionalInterface
    public interface ChunkWork<R> {
        R apply(Tensor x, ChunkJacobians chunk);
    }

    /**
     * Splits the samples into chunks of at most {@code chunkSize}, of equal size up to one sample and an even number of
     * them when there are at least two, computes each chunk's Jacobians and {@code work} {@value #IN_FLIGHT} chunks at a
     * time, each chunk on one thread, and hands the results to {@code consumer} in chunk order, on the calling thread.
     *
     * <p>Why whole chunks in parallel rather than each kernel across the cores: a chunk's k backward passes are hundreds
     * of small kernels, and splitting each one costs a synchronisation per kernel; two chunks side by side measured
     * 1.5× (LeNet) and 1.7× (ViT) faster. The number in flight is a constant, not the thread count, so the chunks, and
     * with them every result, do not depend on the thread count. A chunk left without a partner runs its kernels on
     * all cores.
     */
    public <R> void forEachChunk(Inputs x, int chunkSize, ChunkWork<R> work, BiConsumer<Tensor, R> consumer) {
        forEachChunk(x, chunkSize, IN_FLIGHT, work, consumer);
    }

    /** As {@link #forEachChunk(Inputs, int, ChunkWork, BiConsumer)}, with {@code inFlight} chunks at a time (≥ 1). */
    public <R> void forEachChunk(Inputs x, int chunkSize, int inFlight, ChunkWork<R> work,
            BiConsumer<Tensor, R> consumer) {
        if (chunkSize < 1) throw new IllegalArgumentException("chunk size must be at least 1, got " + chunkSize);
        if (inFlight < 1) throw new IllegalArgumentException("chunks in flight must be at least 1, got " + inFlight);
        int n = x.size();
        int[] bounds = chunkBounds(n, chunkSize);
        int chunks = bounds.length - 1;
        for (int first = 0; first < chunks; first += inFlight) {
            int m = Math.min(inFlight, chunks - first);
            Tensor[] rows = new Tensor[m];
            for (int j = 0; j < m; j++) rows[j] = x.rows(bounds[first + j], bounds[first + j + 1]);
            List<R> results = new ArrayList<>(Collections.nCopies(m, null));
            // A lone chunk runs on the calling thread outside any task, so its kernels still use every core.
            Parallel.forRange(m, 1, (lo, hi) -> {
                for (int j = lo; j < hi; j++) results.set(j, work.apply(rows[j], compute(rows[j])));
            });
            for (int j = 0; j < m; j++) consumer.accept(rows[j], results.get(j));
        }
    }

    /**
     * Chunk boundaries {@code 0 = b_0 < … < b_c = n}: {@code c = ⌈n / chunkSize⌉} rounded up to a multiple of
     * {@value #IN_FLIGHT} (unless that needs more chunks than samples), sizes differing by at most one.
     */
    static int[] chunkBounds(int n, int chunkSize) {
        int c = (n + chunkSize - 1) / chunkSize;
        int rounded = (c + IN_FLIGHT - 1) / IN_FLIGHT * IN_FLIGHT;
        if (rounded <= n) c = rounded;
        int[] b = new int[c + 1];
        for (int j = 1; j <= c; j++) b[j] = (int) ((long) n * j / c);
        return b;
    }

    /**
     * The Jacobians of one chunk.
     *
     * @param x inputs {@code [n, C, H, W]}, not modified
     */
    public ChunkJacobians compute(Tensor x) {
        int n = x.dim(0);
        SiteRecorder rec = new SiteRecorder();
        Var f = model.forward(params.vars(false), Var.constant(x), rec);
        if (!f.shape().equals(Shape.of(n, k))) {
            throw new IllegalStateException("model output " + f.shape() + ", expected [" + n + ", " + k + "]");
        }
        Tensor logits = f.value();
        double[][][] factors = new double[n][][];
        for (int i = 0; i < n; i++) factors[i] = OutputFactor.of(loss, Arrays.copyOfRange(logits.data(), i * k, i * k + k));
        List<Site> recorded = rec.sites();
        List<ParamSite> uses = rec.paramSites();
        List<Var> inputs = new ArrayList<>();
        for (Site s : recorded) inputs.add(s.input());
        for (Site s : recorded) inputs.add(s.output());
        for (ParamSite p : uses) inputs.add(p.use());
        double[][][] out = backward(f, inputs, factors);
        List<SiteBlock> blocks = new ArrayList<>();
        int m = recorded.size();
        for (int l = 0; l < m; l++) {
            blocks.add(new SiteBlock(sites.get(l), recorded.get(l).input().value(), out[l], out[m + l]));
        }
        List<double[][]> useGrads = new ArrayList<>();
        for (int u = 0; u < uses.size(); u++) useGrads.add(out[2 * m + u]);
        return new ChunkJacobians(logits, factors, blocks, ParamGradients.blocks(uses, useGrads, params, n, k));
    }

    /**
     * k vector–Jacobian products of the shared forward graph, pass c with cotangent rows {@code R_i[c, :]}; returns,
     * per input node {@code [n, ...]} and pass c, the gradient's values ({@code out[j][c]}, row i is sample i), kept as
     * the pass produced them: only read from then on.
     */
    private double[][][] backward(Var f, List<Var> inputs, double[][][] factors) {
        int n = factors.length;
        double[][][] out = new double[inputs.size()][k][];
        for (int c = 0; c < k; c++) {
            double[] cot = new double[n * k];
            for (int i = 0; i < n; i++) System.arraycopy(factors[i][c], 0, cot, i * k, k);
            List<Var> grads = Autodiff.grad(List.of(f), inputs, List.of(Var.constant(new Tensor(f.shape(), cot))),
                    GradMode.NO_GRAPH);
            for (int j = 0; j < out.length; j++) {
                Tensor g = grads.get(j).value();
                if (g.size() != inputs.get(j).shape().size()) {
                    throw new IllegalStateException("gradient of " + inputs.get(j).shape() + " has " + g.size()
                            + " values");
                }
                out[j][c] = g.data();
            }
        }
        return out;
    }

    private static List<SiteInfo> siteInfos(List<Site> recorded, Parameters params) {
        if (recorded.isEmpty()) throw new IllegalArgumentException("the model records no representation sites");
        List<SiteInfo> out = new ArrayList<>();
        for (int l = 0; l < recorded.size(); l++) {
            Site s = recorded.get(l);
            String bias = params.asMap().containsKey(s.layer() + ".bias") ? s.layer() + ".bias" : null;
            out.add(new SiteInfo(l == 0 ? "input" : s.name(), s.layer(), s.kind(), s.weight(), bias, s.conv(),
                    dropBatch(s.input().shape()), dropBatch(s.output().shape())));
        }
        return List.copyOf(out);
    }

    private static Shape dropBatch(Shape s) {
        return Shape.of(Arrays.copyOfRange(s.dims(), 1, s.rank()));
    }

    private static List<String> distinctNames(List<ParamSite> uses) {
        Map<String, Boolean> m = new LinkedHashMap<>();
        for (ParamSite p : uses) m.put(p.name(), true);
        return List.copyOf(m.keySet());
    }
}
