package org.flatlens.analysis.jacobians;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Streams chunks into a {@link GgnReport}: per-parameter and per-output sums, in sample order. */
public final class GgnAccumulator {
    private final List<SiteInfo> sites;
    private final int k;
    private final RunningStats total = new RunningStats();
    private final double[] byOutput;
    private final Map<String, Double> params = new LinkedHashMap<>();
    private final double[] kappa;

    /** For the chunks of {@code engine}; per-parameter results come in the parameters' (state-dict) order. */
    public GgnAccumulator(JacobianEngine engine) {
        this.sites = engine.sites();
        this.k = engine.outputs();
        this.byOutput = new double[k];
        this.kappa = new double[sites.size()];
        for (String name : engine.parameters().names()) params.put(name, 0.0);
    }

    /**
     * @param params {@link ChunkJacobians#params()} of a chunk
     * @param terms  {@link PerSampleGradients#compute} of the same chunk
     */
    public void add(List<ParamBlock> params, List<SampleTerms[]> terms) {
        for (int i = 0; i < terms.get(0).length; i++) {
            double sample = 0;
            for (int l = 0; l < sites.size(); l++) {
                SiteInfo s = sites.get(l);
                SampleTerms t = terms.get(l)[i];
                for (int c = 0; c < k; c++) {
                    byOutput[c] += t.weightSq()[c] + (s.bias() != null ? t.biasSq()[c] : 0);
                }
                sample += addTo(s.weight(), t.weightSqSum());
                if (s.bias() != null) sample += addTo(s.bias(), t.biasSqSum());
                kappa[l] += t.kappa();
            }
            for (ParamBlock p : params) {
                double s = 0;
                for (int c = 0; c < k; c++) {
                    s += p.gradSq()[i][c];
                    byOutput[c] += p.gradSq()[i][c];
                }
                sample += addTo(p.name(), s);
            }
            total.add(sample);
        }
    }

    public GgnReport report() {
        int n = total.count();
        if (n == 0) throw new IllegalStateException("no samples were added");
        double[] out = byOutput.clone();
        for (int c = 0; c < k; c++) out[c] /= n;
        Map<String, Double> perParam = new LinkedHashMap<>(), layers = new LinkedHashMap<>(), rel = new LinkedHashMap<>();
        params.forEach((name, s) -> perParam.put(name, s / n));
        for (int l = 0; l < sites.size(); l++) {
            layers.put(sites.get(l).weight(), params.get(sites.get(l).weight()) / n);
            rel.put(sites.get(l).weight(), kappa[l] / n);
        }
        return new GgnReport(n, k, total.mean(), total.stdErr(), out, perParam, layers, rel);
    }

    private double addTo(String name, double v) {
        Double before = params.get(name);
        if (before == null) throw new IllegalArgumentException("'" + name + "' is not a parameter of the model");
        params.put(name, before + v);
        return v;
    }
}
