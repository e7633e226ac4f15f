package org.flatlens.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.flatlens.analysis.linalg.SpectralDensity;
import org.flatlens.analysis.linalg.TraceEstimate;
import org.flatlens.analysis.sharpness.AverageSharpness;
import org.flatlens.analysis.sharpness.GgnTraces;
import org.flatlens.analysis.sharpness.SharpnessResult;
import org.flatlens.data.Dataset;
import org.flatlens.nn.LossKind;
import org.flatlens.nn.Model;
import org.flatlens.nn.OutputSubset;
import org.flatlens.nn.Parameters;

/**
 * The report sections of {@code flatlens measure}: {@code model {arch, parameters}}, {@code data {dataset, split,
 * classes, n, indices}} (indices: positions in the original split file, THEORY.md §7), {@code loss {kind, value}} and
 * {@code sharpness {...}} with the keys of THEORY.md §2.
 */
final class SharpnessJson {
    private SharpnessJson() {}

    static void model(JsonReport r, Model model, Parameters params) {
        ObjectNode m = r.section("model");
        m.put("arch", model.spec().arch());
        m.put("parameters", params.count());
        if (model.spec().options().containsKey("file")) m.put("file", String.valueOf(model.spec().options().get("file")));
        if (model instanceof OutputSubset sub) {
            // the restricted network f_S: which of the whole model's outputs it keeps, in order
            m.put("model_outputs", sub.inner().spec().numOutputs());
            m.set("outputs", JsonReport.ints(sub.outputs()));
        }
        if (model.structure().isEmpty()) return;
        com.fasterxml.jackson.databind.node.ArrayNode notes = m.putArray("structure");
        for (org.flatlens.nn.Structure s : model.structure()) notes.addObject().put("key", s.key()).put("note", s.note());
    }

    /**
     * @param datasetId e.g. {@code fashion-mnist}
     * @param data the samples measured; {@code classes} lists, per output, the class it has in the file
     */
    static void data(JsonReport r, String datasetId, String split, Dataset data) {
        ObjectNode d = r.section("data");
        d.put("dataset", datasetId);
        d.put("split", split);
        d.set("classes", JsonReport.ints(data.classIds()));
        d.put("n", data.size());
        d.set("indices", JsonReport.ints(data.originalIndices()));
    }

    static void loss(JsonReport r, LossKind kind, double value) {
        ObjectNode l = r.section("loss");
        l.put("kind", kind.key());
        JsonReport.number(l, "value", value);
    }

    static void sharpness(JsonReport r, SharpnessResult s) {
        ObjectNode o = r.section("sharpness");
        TraceEstimate t = s.traceHessian();
        ObjectNode th = o.putObject("trace_hessian");
        JsonReport.number(th, "mean", t.mean());
        JsonReport.number(th, "stderr", t.stdErr());
        th.put("probes", t.probes());
        th.put("estimator", t.estimator());
        GgnTraces g = s.ggn();
        JsonReport.number(o, "trace_ggn", g.traceGgn());
        JsonReport.number(o, "sharpness", g.sharpness());
        ObjectNode layers = o.putObject("trace_ggn_layers");
        g.traceGgnLayers().forEach((name, v) -> JsonReport.number(layers, name, v));
        JsonReport.number(o, "lambda_max", s.lambdaMax());
        o.set("top_eigenvalues", JsonReport.numbers(s.eigen().eigenvalues()));
        ObjectNode rf = o.putObject("relative_flatness");
        for (Map.Entry<String, TraceEstimate> e : s.relativeFlatness().entrySet()) {
            ObjectNode layer = rf.putObject(e.getKey());
            JsonReport.number(layer, "ggn", g.relativeFlatness().getOrDefault(e.getKey(), Double.NaN));
            meanStdErr(layer.putObject("hessian"), e.getValue());
        }
        meanStdErr(o.putObject("adaptive_trace"), s.adaptiveTrace());
        AverageSharpness a = s.avgSharpness();
        ObjectNode avg = o.putObject("avg_sharpness");
        JsonReport.number(avg, "mean", a.mean());
        JsonReport.number(avg, "stderr", a.stdErr());
        JsonReport.number(avg, "rho", a.rho());
        avg.put("adaptive", a.adaptive());
        if (s.density() != null) density(o.putObject("spectral_density"), s.density());
    }

    private static void meanStdErr(ObjectNode o, TraceEstimate t) {
        JsonReport.number(o, "mean", t.mean());
        JsonReport.number(o, "stderr", t.stdErr());
    }

    /** Only with {@code --density}: per SLQ start, the quadrature nodes and weights. */
    private static void density(ObjectNode o, SpectralDensity d) {
        ArrayNode nodes = o.putArray("nodes"), weights = o.putArray("weights");
        for (int s = 0; s < d.numStarts(); s++) {
            nodes.add(JsonReport.numbers(d.nodes()[s]));
            weights.add(JsonReport.numbers(d.weights()[s]));
        }
        o.put("dimension", d.dimension());
    }
}
