package org.flatlens.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.flatlens.data.Dataset;
import org.flatlens.experiments.measures.Estimate;
import org.flatlens.experiments.measures.MeasureResults;
import org.flatlens.experiments.measures.Measures;
import org.flatlens.experiments.measures.OutputKeys;
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

    /**
     * The {@code sharpness} section, from the registry's estimates: keys and shapes as before the registry, plus the
     * Lanczos residuals and convergence flags of {@code top_eigenvalues}.
     */
    static void sharpness(JsonReport r, MeasureResults s) {
        ObjectNode o = r.section("sharpness");
        Estimate t = s.get(Measures.TRACE_HESSIAN);
        ObjectNode th = o.putObject(Measures.TRACE_HESSIAN);
        JsonReport.number(th, "mean", t.value());
        JsonReport.number(th, "stderr", t.stdErr());
        th.put("probes", t.n());
        th.put("estimator", (String) t.diagnostics().get(Estimate.ESTIMATOR));
        JsonReport.number(o, Measures.TRACE_GGN, s.get(Measures.TRACE_GGN).value());
        JsonReport.number(o, Measures.SHARPNESS, s.get(Measures.SHARPNESS).value());
        ObjectNode layers = o.putObject(Measures.TRACE_GGN_LAYER + "s");
        s.sites(Measures.TRACE_GGN_LAYER).forEach((name, v) -> JsonReport.number(layers, name, v.value()));
        JsonReport.number(o, Measures.LAMBDA_MAX, s.get(Measures.LAMBDA_MAX).value());
        Map<String, Estimate> top = s.sites(Measures.TOP_EIGENVALUES);
        o.set(Measures.TOP_EIGENVALUES, JsonReport.numbers(top.values().stream().mapToDouble(Estimate::value)
                .toArray()));
        o.set(OutputKeys.field(Measures.TOP_EIGENVALUES, "residuals"), JsonReport.numbers(top.values().stream()
                .mapToDouble(e -> ((Number) e.diagnostics().get(OutputKeys.RESIDUAL)).doubleValue()).toArray()));
        ArrayNode converged = o.putArray(OutputKeys.field(Measures.TOP_EIGENVALUES, OutputKeys.CONVERGED));
        top.values().forEach(e -> converged.add(e.converged()));
        Map<String, Estimate> ggnKappa = s.sites(Measures.RELATIVE_FLATNESS);
        ObjectNode rf = o.putObject(Measures.RELATIVE_FLATNESS);
        for (Map.Entry<String, Estimate> e : s.sites(Measures.RELATIVE_FLATNESS_HESSIAN).entrySet()) {
            ObjectNode layer = rf.putObject(e.getKey());
            Estimate g = ggnKappa.get(e.getKey());
            JsonReport.number(layer, "ggn", g == null ? Double.NaN : g.value());
            meanStdErr(layer.putObject("hessian"), e.getValue());
        }
        meanStdErr(o.putObject(Measures.ADAPTIVE_TRACE), s.get(Measures.ADAPTIVE_TRACE));
        Estimate a = s.get(Measures.AVG_SHARPNESS);
        ObjectNode avg = o.putObject(Measures.AVG_SHARPNESS);
        meanStdErr(avg, a);
        JsonReport.number(avg, "rho", ((Number) a.diagnostics().get("rho")).doubleValue());
        avg.put("adaptive", (Boolean) a.diagnostics().get("adaptive"));
        if (s.has(Measures.SPECTRAL_DENSITY)) {
            density(o.putObject(Measures.SPECTRAL_DENSITY), s.get(Measures.SPECTRAL_DENSITY));
        }
    }

    private static void meanStdErr(ObjectNode o, Estimate t) {
        JsonReport.number(o, "mean", t.value());
        JsonReport.number(o, "stderr", t.stdErr());
    }

    /** Only with {@code --density}: per SLQ start, the quadrature nodes and weights. */
    private static void density(ObjectNode o, Estimate d) {
        ArrayNode nodes = o.putArray("nodes"), weights = o.putArray("weights");
        double[][] n = (double[][]) d.diagnostics().get("nodes"), w = (double[][]) d.diagnostics().get("weights");
        for (int i = 0; i < n.length; i++) {
            nodes.add(JsonReport.numbers(n[i]));
            weights.add(JsonReport.numbers(w[i]));
        }
        o.put("dimension", ((Number) d.diagnostics().get("dimension")).intValue());
    }
}
