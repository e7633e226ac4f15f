package org.flatlens.analysis.jacobians;

import java.util.List;
import org.flatlens.nn.LossKind;
import org.flatlens.nn.Model;
import org.flatlens.nn.Parameters;
import org.flatlens.tensor.Tensor;

/**
 * Entry point for the exact Gauss–Newton quantities ({@code trace_ggn}, {@code trace_ggn[l]},
 * {@code relative_flatness} with G) of THEORY.md §2, streaming over chunks of samples.
 */
public final class Ggn {
    private Ggn() {}

    /**
     * @param x           inputs {@code [N, C, H, W]}, not modified
     * @param chunkSize   samples per batched backward pass (memory grows with it; results do not depend on it)
     */
    public static GgnReport compute(Model model, Parameters params, Tensor x, LossKind loss, int chunkSize) {
        return compute(new JacobianEngine(model, params, loss), x, chunkSize);
    }

    public static GgnReport compute(JacobianEngine engine, Tensor x, int chunkSize) {
        return compute(engine, Inputs.of(x), chunkSize);
    }

    /**
     * @param chunkSize samples per chunk, e.g. {@link JacobianEngine#chunkSize(long)} of a memory budget
     */
    public static GgnReport compute(JacobianEngine engine, Inputs x, int chunkSize) {
        if (x.size() == 0) throw new IllegalArgumentException("no samples");
        GgnAccumulator acc = new GgnAccumulator(engine);
        engine.forEachChunk(x, chunkSize,
                (rows, chunk) -> new ChunkTerms(chunk.params(), PerSampleGradients.compute(chunk, engine.parameters())),
                (rows, t) -> acc.add(t.params(), t.terms()));
        return acc.report();
    }

    /** What a chunk leaves for the accumulator once its Jacobians are dropped. */
    private record ChunkTerms(List<ParamBlock> params, List<SampleTerms[]> terms) {}
}
