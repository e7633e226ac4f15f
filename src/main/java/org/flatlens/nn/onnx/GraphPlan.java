package org.flatlens.nn.onnx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.flatlens.autodiff.Var;
import org.flatlens.nn.Conv2d;
import org.flatlens.nn.ConvGeometry;
import org.flatlens.nn.Dense;
import org.flatlens.nn.Layer;
import org.flatlens.nn.SiteRecorder;
import org.flatlens.tensor.Tensor;
import org.flatlens.tensor.UserInputException;

/**
 * What a {@link GraphModel} runs, worked out once from the graph: the steps in order (a {@link LinearStep} for each
 * Gemm, MatMul or Conv with a weight initializer, the node itself otherwise), which initializers are parameters, and
 * which are buffers.
 *
 * <p>A linear layer's module name is its weight's name without {@code .weight} (PyTorch's state-dict names). A MatMul
 * multiplies by {@code Wᵀ}: when the exporter left the {@code Transpose} of a Linear weight in the graph, the weight is
 * that Transpose's input; when it folded it into a new initializer ({@code [in, out]}, a generated {@code onnx::} name),
 * the parameter is stored as {@code [out, in]}, PyTorch's layout, and named after the module's bias
 * ({@code blocks.0.attn.qkv.weight} beside {@code blocks.0.attn.qkv.bias}). A following Add of an {@code [out]}
 * initializer named {@code <module>.bias} becomes the layer's bias. Exported GELUs and attention's transposed products run
 * as one operation each ({@link Fused}).
 */
final class GraphPlan {
    private final OnnxGraph g;
    private final Map<String, GraphNode> producer = new HashMap<>();
    private final Map<String, List<GraphNode>> consumers = new HashMap<>();
    private final Set<GraphNode> fused = new HashSet<>();
    private final Map<GraphNode, LinearStep> linear = new LinkedHashMap<>();
    private final Map<GraphNode, Fused> grouped = new HashMap<>();
    /** Initializer name → the parameter's name and value (renamed or transposed for folded MatMul weights). */
    private final Map<String, String> paramName = new LinkedHashMap<>();
    private final Map<String, Tensor> paramValue = new HashMap<>();
    private final Set<String> normScales = new HashSet<>(), normShifts = new HashSet<>();
    private final List<Object> steps = new ArrayList<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private boolean batchNorm, skip;
    /** Static values by batch size (chunks of an analysis run at a few sizes; training at one). */
    private final Map<Integer, Map<String, Var>> staticsByBatch = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_FOLDED_BATCH_SIZES = 16;

    private GraphPlan(OnnxGraph g) {
        this.g = g;
    }

    static GraphPlan of(OnnxGraph g) {
        GraphPlan p = new GraphPlan(g);
        p.index();
        p.findLinearLayers();
        p.grouped.putAll(new Fusions(g, p.producer, p.consumers, p.fused, p.linear).find());
        p.findOtherParameters();
        p.orderSteps();
        return p;
    }

    private void index() {
        for (GraphNode n : g.nodes()) {
            if (!NodeOps.SUPPORTED.contains(n.opType())) {
                throw new UserInputException(g.source() + ": unsupported operator " + n.opType() + " (node '"
                        + n.name() + "'); supported: " + String.join(", ", new TreeSet<>(NodeOps.SUPPORTED)));
            }
            for (String out : n.outputs()) producer.put(out, n);
            for (String in : n.inputs()) if (!in.isEmpty()) consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
        }
    }

    private boolean isFloatInit(String name) {
        return name != null && g.floatTypes().containsKey(name);
    }

    private UserInputException fail(GraphNode n, String what) {
        return new UserInputException(g.source() + ": " + n.describe() + " " + what);
    }

    private void findLinearLayers() {
        for (GraphNode n : g.nodes()) {
            switch (n.opType()) {
                case "Gemm" -> gemm(n);
                case "MatMul" -> matmul(n);
                case "Conv" -> conv(n);
                default -> { }
            }
        }
    }

    private void gemm(GraphNode n) {
        String w = n.input(1);
        if (!isFloatInit(w) || n.integer("transA", 0) != 0 || n.number("alpha", 1) != 1 || n.number("beta", 1) != 1) {
            return;
        }
        Tensor t = g.initializers().get(w);
        if (t.rank() != 2) return;
        boolean stored = n.integer("transB", 0) == 1;
        Tensor weight = stored ? t : t.transpose(0, 1);
        String bias = biasOf(n.input(2), weight.dim(0));
        if (n.input(2) != null && bias == null) return;
        addDense(n, w, weight, bias, n.outputs().get(0));
    }

    private void matmul(GraphNode n) {
        String b = n.input(1);
        String w;
        Tensor weight;
        GraphNode transpose = producer.get(b);
        if (isFloatInit(b) && g.initializers().get(b).rank() == 2) {
            w = b;
            weight = g.initializers().get(b).transpose(0, 1);
        } else if (transpose != null && transpose.opType().equals("Transpose") && isFloatInit(transpose.input(0))
                && g.initializers().get(transpose.input(0)).rank() == 2 && consumers.get(b).size() == 1) {
            w = transpose.input(0);
            weight = g.initializers().get(w);
            fused.add(transpose);
        } else {
            return;
        }
        String output = n.outputs().get(0);
        String bias = null;
        List<GraphNode> next = consumers.getOrDefault(output, List.of());
        if (next.size() == 1 && next.get(0).opType().equals("Add")) {
            GraphNode add = next.get(0);
            String other = add.input(0).equals(output) ? add.input(1) : add.input(0);
            bias = biasOf(other, weight.dim(0));
            if (bias != null && !bias.equals(module(n, w, bias) + ".bias")) bias = null;
            if (bias != null) {
                fused.add(add);
                output = add.outputs().get(0);
            }
        }
        addDense(n, w, weight, bias, output);
    }

    /** {@code name} if it is a float initializer of shape {@code [out]}, else null. */
    private String biasOf(String name, int out) {
        if (!isFloatInit(name)) return null;
        Tensor t = g.initializers().get(name);
        return t.rank() == 1 && t.dim(0) == out ? name : null;
    }

    private void addDense(GraphNode n, String w, Tensor weight, String bias, String output) {
        String module = module(n, w, bias);
        String wName = w.contains("::") && bias != null && bias.endsWith(".bias") ? module + ".weight" : w;
        if (bias != null && !bias.equals(module + ".bias")) {
            return; // a bias that is not the module's own is added by its Add node, per batch row
        }
        param(w, wName, weight);
        if (bias != null) param(bias, bias, g.initializers().get(bias));
        Dense d = new Dense(module, wName, bias, weight.dim(1), weight.dim(0));
        linear.put(n, new LinearStep(n, d, n.input(0), output, null));
    }

    private void conv(GraphNode n) {
        String w = n.input(1);
        if (!isFloatInit(w) || g.initializers().get(w).rank() != 4) {
            throw fail(n, "needs its weight as an initializer of shape [O, C, kh, kw]");
        }
        Tensor t = g.initializers().get(w);
        long[] dil = n.ints("dilations", new long[] {1, 1}), s = n.ints("strides", new long[] {1, 1});
        long[] pads = n.ints("pads", new long[4]);
        if (n.integer("group", 1) != 1) throw fail(n, "has group " + n.integer("group", 1) + "; only 1 is supported");
        if (dil.length != 2 || dil[0] != dil[1] || dil[0] < 1) {
            throw fail(n, "has dilations " + java.util.Arrays.toString(dil) + "; only equal ones along H and W are supported");
        }
        if (t.dim(2) != t.dim(3) || s[0] != s[1]) throw fail(n, "needs a square kernel and equal strides");
        String autoPad = Pooling.autoPad(n);
        if (!autoPad.equals("NOTSET") && !autoPad.equals("VALID")) throw fail(n, "uses auto_pad " + autoPad);
        boolean even = pads[0] == pads[1] && pads[1] == pads[2] && pads[2] == pads[3];
        String bias = n.input(2);
        if (bias != null && !isFloatInit(bias)) throw fail(n, "needs its bias as an initializer");
        String module = module(n, w, bias);
        if (bias != null && !bias.equals(module + ".bias")) throw fail(n, "has bias '" + bias + "' for weight '" + w + "'");
        param(w, w, t);
        if (bias != null) param(bias, bias, g.initializers().get(bias));
        ConvGeometry geo = new ConvGeometry(t.dim(2), (int) s[0], even ? (int) pads[0] : 0, (int) dil[0]);
        int[] explicit = even ? null : new int[] {(int) pads[0], (int) pads[1], (int) pads[2], (int) pads[3]};
        linear.put(n, new LinearStep(n, new Conv2d(module, w, bias, t.dim(1), t.dim(0), geo), n.input(0),
                n.outputs().get(0), explicit));
    }

    /** The module a layer belongs to: its weight's name less {@code .weight}, else its bias's less {@code .bias}. */
    private static String module(GraphNode n, String w, String bias) {
        if (w.endsWith(".weight") && !w.contains("::")) return w.substring(0, w.length() - ".weight".length());
        if (bias != null && bias.endsWith(".bias") && !bias.contains("::")) {
            return bias.substring(0, bias.length() - ".bias".length());
        }
        return w;
    }

    private void param(String init, String name, Tensor value) {
        paramName.put(init, name);
        paramValue.put(name, value);
    }

    /** Normalisation scales and shifts, and named float initializers used by elementwise ops (a class token). */
    private void findOtherParameters() {
        Set<String> statistics = new HashSet<>();
        for (GraphNode n : g.nodes()) {
            if (fused.contains(n) || linear.containsKey(n) || grouped.containsKey(n)) continue;
            switch (n.opType()) {
                case "BatchNormalization", "LayerNormalization" -> {
                    batchNorm |= n.opType().equals("BatchNormalization");
                    if (isFloatInit(n.input(1))) normScales.add(n.input(1));
                    if (isFloatInit(n.input(2))) normShifts.add(n.input(2));
                    for (int i = 1; i <= 2; i++) if (isFloatInit(n.input(i))) param(n.input(i), n.input(i), init(n, i));
                    for (int i = 3; i <= 4; i++) if (n.input(i) != null) statistics.add(n.input(i));
                }
                case "Add", "Sub", "Mul", "Div", "Concat", "Expand" -> {
                    int dynamic = 0;
                    for (String in : n.inputs()) if (!g.initializers().containsKey(in) && !isConstant(in)) dynamic++;
                    skip |= n.opType().equals("Add") && dynamic == 2;
                }
                default -> { }
            }
        }
        // Every named float initializer is learnable (the exporter's own constants are named onnx::...): a parameter.
        for (String name : g.floatTypes().keySet()) {
            if (!paramName.containsKey(name) && !statistics.contains(name) && !name.contains("::")) {
                param(name, name, g.initializers().get(name));
            }
        }
        for (String init : paramName.keySet()) checkUses(init);
        for (Map.Entry<String, Tensor> e : g.initializers().entrySet()) {
            if (!paramName.containsKey(e.getKey())) buffers.put(e.getKey(), e.getValue());
        }
    }

    /**
     * A parameter must have one use with an exact per-sample gradient rule: as a linear layer's weight or bias, a
     * normalisation's scale or shift, or an operand of an elementwise op, Concat or Expand (recorded per batch row).
     */
    private void checkUses(String init) {
        List<GraphNode> uses = consumers.getOrDefault(init, List.of());
        if (uses.size() > 1) {
            throw new UserInputException(g.source() + ": parameter '" + init + "' is used by " + uses.size()
                    + " nodes ('" + uses.get(0).name() + "', '" + uses.get(1).name() + "'); shared parameters are not "
                    + "supported");
        }
        if (uses.isEmpty()) return;
        GraphNode n = uses.get(0);
        boolean ok = linear.containsKey(n) || fused.contains(n)
                || Set.of("Add", "Sub", "Mul", "Div", "Concat", "Expand").contains(n.opType())
                || Set.of("BatchNormalization", "LayerNormalization").contains(n.opType())
                        && (init.equals(n.input(1)) || init.equals(n.input(2)));
        if (!ok) {
            throw new UserInputException(g.source() + ": parameter '" + init + "' is used by " + n.describe()
                    + ", which FlatLens cannot differentiate per sample (parameters may be linear-layer weights and "
                    + "biases, normalisation scales and shifts, or operands of Add, Sub, Mul, Div, Concat, Expand)");
        }
    }

    private Tensor init(GraphNode n, int i) {
        return g.initializers().get(n.input(i));
    }

    private boolean isConstant(String name) {
        GraphNode p = producer.get(name);
        return p != null && p.opType().equals("Constant");
    }

    private void orderSteps() {
        for (GraphNode n : g.nodes()) {
            if (fused.contains(n)) continue;
            steps.add(linear.containsKey(n) ? linear.get(n) : grouped.containsKey(n) ? grouped.get(n) : n);
        }
    }

    /** A runtime failure in words: an argument error's own message, else "malformed attributes or inputs". */
    static String reason(RuntimeException e) {
        return e instanceof IllegalArgumentException || e instanceof ArithmeticException ? e.getMessage()
                : "malformed attributes or inputs (" + e.getMessage() + ")";
    }

    /** The parameters' values from the file, in initializer order, under their parameter names. */
    Map<String, Tensor> weights() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (String init : g.initializers().keySet()) {
            String name = paramName.get(init);
            if (name != null) m.put(name, paramValue.get(name));
        }
        return m;
    }

    List<Layer> layers() {
        List<Layer> out = new ArrayList<>();
        for (LinearStep s : linear.values()) out.add(s.layer());
        return out;
    }

    Set<String> normScales() {
        return normScales;
    }

    Set<String> normShifts() {
        return normShifts;
    }

    boolean hasBatchNorm() {
        return batchNorm;
    }

    boolean hasSkipConnections() {
        return skip;
    }

    Set<String> weightTypes() {
        Set<String> s = new LinkedHashSet<>();
        for (String init : paramName.keySet()) s.add(g.floatTypes().get(init));
        return s;
    }

    /**
     * Runs the steps on {@code x} with {@code params} (by parameter name). Static values (constants and shape
     * arithmetic) depend only on the batch size, so the first pass at each batch size keeps them and later passes at
     * that size skip the nodes that compute them: constant folding, per batch size.
     */
    Var forward(Map<String, Var> params, Var x, SiteRecorder sites) {
        Values v = new Values(paramName.keySet(), sites, g.source());
        buffers.forEach((name, t) -> v.put(name, Var.constant(t), true));
        paramName.forEach((init, name) -> v.put(init, Layer.param(params, name), false));
        v.put(g.input(), x, false);
        int batch = x.shape().dim(0);
        Map<String, Var> folded = staticsByBatch.get(batch);
        if (folded != null) folded.forEach((name, value) -> v.put(name, value, true));
        Map<String, Var> found = folded == null ? new HashMap<>() : null;
        for (Object s : steps) {
            if (s instanceof LinearStep l) {
                l.run(params, v);
                continue;
            }
            if (s instanceof Fused f) {
                f.run(v);
                continue;
            }
            GraphNode n = (GraphNode) s;
            if (folded != null && folded.containsKey(n.outputs().get(0))) continue;
            try {
                NodeOps.run(n, v, g.opset());
            } catch (UserInputException e) {
                throw e;
            } catch (RuntimeException e) {
                // A node of the user's graph that cannot run as written (shapes that do not fit, attributes out of
                // range): the graph's problem, reported with the node rather than as a bug of FlatLens.
                throw new UserInputException(g.source() + ": " + n.describe() + " cannot run: " + reason(e), e);
            }
            if (found != null) {
                for (String out : n.outputs()) {
                    if (!out.isEmpty() && v.isStatic(out)) found.put(out, Var.constant(v.get(out).value()));
                }
            }
        }
        if (found != null && staticsByBatch.size() < MAX_FOLDED_BATCH_SIZES) staticsByBatch.putIfAbsent(batch, found);
        return v.get(g.output());
    }
}
