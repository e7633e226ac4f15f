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
 * Input {@code [N, C, H, W]} with C, H, W from the graph (its batch axis may be dynamic or fixed); output
 * {@code [N, k]}.
 */
public final class GraphModel extends Model {
    private final GraphPlan plan;
    private final Parameters fileWeights;

    private GraphModel(ModelSpec spec, GraphPlan plan, Parameters fileWeights) {
        super(spec, plan.layers());
        this.plan = plan;
        this.fileWeights = fileWeights;
    }

    /**
     * Reads and checks {@code file}: every node's operator must be supported, and one forward pass on a zero input
     * must give {@code [1, k]}.
     *
     * @throws UserInputException naming the file, for any problem
     */
    public static GraphModel read(Path file) {
        OnnxGraph g = OnnxReader.read(file);
        GraphPlan plan = GraphPlan.of(g);
        int[] d = g.inputDims();
        if (d.length != 4) {
            throw new UserInputException(file + ": input '" + g.input() + "' has shape " + Arrays.toString(d)
                    + "; FlatLens feeds images [N, C, H, W] (flatten inside the network)");
        }
        Parameters weights = new Parameters(plan.weights());
        Tensor probe = Tensor.zeros(1, d[1], d[2], d[3]);
        Tensor out = plan.forward(weights.vars(false), Var.constant(probe), null).value();
        if (out.rank() != 2 || out.dim(0) != 1) {
            throw new UserInputException(file + ": output '" + g.output() + "' has shape " + out.shape()
                    + " for one sample; expected [N, k] logits");
        }
        ModelSpec spec = new ModelSpec("onnx", Map.of("file", file.toString()), new int[] {d[1], d[2], d[3]},
                out.dim(1));
        return new GraphModel(spec, plan, weights);
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
        checkInput(x);
        return plan.forward(params, x, sites);
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
