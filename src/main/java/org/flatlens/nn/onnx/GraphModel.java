package org.flatlens.nn.onnx;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.flatlens.autodiff.Var;
import org.flatlens.nn.Layer;
import org.flatlens.nn.Model;
import org.flatlens.nn.ModelSpec;
import org.flatlens.nn.Parameters;
import org.flatlens.nn.SiteRecorder;
import org.flatlens.nn.Structure;
import org.flatlens.tensor.Shape;
import org.flatlens.tensor.Tensor;
import org.flatlens.tensor.UserInputException;

/**
 * A network imported from an ONNX graph, as a {@link Model} like the built-in architectures: the analyses, training
 * and reports see no difference. Its forward pass runs the graph's nodes in order on FlatLens's differentiable
 * primitives; Gemm, MatMul and Conv nodes with a weight initializer run as the built-in {@link org.flatlens.nn.Dense}
 * and {@link org.flatlens.nn.Conv2d} layers (see {@link GraphPlan}), so they are the representation sites and a graph
 * exported from a built-in architecture computes what the built-in model computes.
 *
 * <p>Parameters are the floating-point initializers the network learns (layer weights and biases, normalisation
 * scales and shifts, named initializers such as a class token), under their initializer names, which
 * {@code torch.onnx.export} takes from the state dict. BatchNorm running statistics and constants are buffers: fixed.
 * Input {@code [N, C, H, W]} with C, H, W from the graph (its batch axis may be dynamic or fixed), or from the data when
 * the graph takes flattened samples {@code [N, C·H·W]}; output {@code [N, k]}.
 */
public final class GraphModel extends Model {
    private static final int PROBE_BATCH = 2;

    private final GraphPlan plan;
    private final OnnxGraph graph;
    private final Parameters fileWeights;

    private GraphModel(ModelSpec spec, GraphPlan plan, OnnxGraph graph, Parameters fileWeights) {
        super(spec, plan.layers());
        this.plan = plan;
        this.graph = graph;
        this.fileWeights = fileWeights;
    }

    /** {@link #read(Path, int[])} without knowing the data: a flat-input graph then takes {@code [1, 1, features]}. */
    public static GraphModel read(Path file) {
        return read(file, null);
    }

    /**
     * Reads and checks {@code file}: every node's operator must be supported, and one forward pass on two zero samples
     * must give {@code [2, k]}.
     *
     * @param sampleShape the data's {@code [C, H, W]}, or null: a graph whose input is {@code [N, features]} (images
     *                    flattened outside the network) takes samples of this shape, flattened; for an image graph
     *                    its own {@code [C, H, W]} is the model's either way
     * @throws UserInputException naming the file, for any problem
     */
    public static GraphModel read(Path file, int[] sampleShape) {
        OnnxGraph g = OnnxReader.read(file);
        GraphPlan plan;
        try {
            plan = GraphPlan.of(g);
        } catch (UserInputException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new UserInputException(file + ": the graph is malformed: " + GraphPlan.reason(e), e);
        }
        int[] chw = sampleShape(file, g, sampleShape);
        Parameters weights = new Parameters(plan.weights());
        // Two samples: a graph exported for a fixed batch size that hard-codes it (a Reshape or Expand to a constant
        // shape) fails here, rather than in the middle of an analysis.
        Tensor probe = Tensor.zeros(PROBE_BATCH, chw[0], chw[1], chw[2]);
        Tensor out;
        try {
            out = run(plan, g, weights.vars(false), Var.constant(probe), null).value();
        } catch (IllegalArgumentException e) {
            if (g.inputDims()[0] < 0) throw e;
            throw new UserInputException(e.getMessage() + " (the graph was exported for batch size "
                    + g.inputDims()[0] + " and seems to hard-code it; export with dynamic_axes={'" + g.input()
                    + "': {0: 'batch'}})", e);
        }
        if (out.rank() != 2 || out.dim(0) != PROBE_BATCH) {
            throw new UserInputException(file + ": output '" + g.output() + "' has shape " + out.shape()
                    + " for " + PROBE_BATCH + " samples; expected [N, k] logits");
        }
        // Absolute, so that a spec read back from a run folder's model.json (resolved there) equals this one.
        ModelSpec spec = new ModelSpec("onnx", Map.of("file", file.toAbsolutePath().normalize().toString()), chw,
                out.dim(1));
        return new GraphModel(spec, plan, g, weights);
    }

    /** The model's {@code [C, H, W]}: the graph's for an image input, the data's (or [1, 1, d]) for a flat one. */
    private static int[] sampleShape(Path file, OnnxGraph g, int[] data) {
        int[] d = g.inputDims();
        if (d.length == 4) return new int[] {d[1], d[2], d[3]};
        if (d.length != 2) {
            throw new UserInputException(file + ": input '" + g.input() + "' has shape " + Arrays.toString(d)
                    + "; FlatLens feeds images [N, C, H, W] or flattened images [N, C·H·W]");
        }
        if (data == null) return new int[] {1, 1, d[1]};
        if (data[0] * data[1] * data[2] != d[1]) {
            throw new UserInputException(file + ": input '" + g.input() + "' takes " + d[1] + " features per "
                    + "sample, but the data's samples " + Arrays.toString(data) + " have " + data[0] * data[1] * data[2]);
        }
        return data.clone();
    }

    /** The graph on images {@code [N, C, H, W]}, flattened first when the graph's input is {@code [N, features]}. */
    private static Var run(GraphPlan plan, OnnxGraph g, Map<String, Var> params, Var x, SiteRecorder sites) {
        if (g.inputDims().length == 2) {
            if (x.shape().rank() < 2 || x.shape().sizeOf(1, x.shape().rank()) != g.inputDims()[1]) {
                throw new UserInputException(g.source() + ": input " + x.shape() + " does not have "
                        + g.inputDims()[1] + " features per sample");
            }
            x = x.reshape(x.shape().dim(0), -1);
        }
        return plan.forward(params, x, sites);
    }

    @Override
    public Map<String, Shape> parameterShapes() {
        Map<String, Shape> m = new LinkedHashMap<>();
        fileWeights.asMap().forEach((k, v) -> m.put(k, v.shape()));
        return m;
    }

    /** The weights stored in the file. */
    @Override
    public Optional<Parameters> bundledWeights() {
        return Optional.of(fileWeights.copy());
    }

    /**
     * Fresh parameters: linear layers by PyTorch's default scheme (as the built-in layers), BatchNorm and LayerNorm
     * scales 1 and shifts 0, and the file's values for any other parameter (e.g. a class token).
     */
    @Override
    public Parameters init(RandomGenerator rng) {
        Map<String, Tensor> fresh = new LinkedHashMap<>();
        for (Layer l : plan.layers()) l.init(fresh, rng);
        Map<String, Tensor> m = new LinkedHashMap<>();
        fileWeights.asMap().forEach((name, t) -> {
            Tensor v = fresh.get(name);
            if (v == null && plan.normScales().contains(name)) v = Tensor.full(t.shape(), 1.0);
            if (v == null && plan.normShifts().contains(name)) v = Tensor.zeros(t.shape());
            m.put(name, v != null ? v : t.copy());
        });
        return new Parameters(m);
    }

    @Override
    public Var forward(Map<String, Var> params, Var x, SiteRecorder sites) {
        if (graph.inputDims().length == 4) checkInput(x);
        return run(plan, graph, params, x, sites);
    }

    @Override
    public Set<Structure> structure() {
        EnumSet<Structure> s = EnumSet.noneOf(Structure.class);
        if (plan.hasBatchNorm()) s.add(Structure.BATCH_NORM);
        if (plan.hasSkipConnections()) s.add(Structure.SKIP_CONNECTIONS);
        return s;
    }

    /** The element types of the file's weights, e.g. {@code [float32]}. */
    public List<String> weightTypes() {
        return new ArrayList<>(plan.weightTypes());
    }
}
