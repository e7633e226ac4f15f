package org.flatlens.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flatlens.analysis.bounds.BoundCheck;
import org.flatlens.analysis.bounds.BoundsReport;
import org.flatlens.analysis.compression.CompressionReport;
import org.flatlens.analysis.compression.NetworkMeasures;
import org.flatlens.analysis.compression.SiteMeasures;
import org.flatlens.data.Safetensors;
import org.flatlens.nn.ModelSpec;
import org.flatlens.nn.Parameters;
import org.flatlens.tensor.Tensor;

/**
 * Writes what {@code scripts/bench/compression_bench.py} needs to repeat {@link JacobianBench}'s computation in PyTorch
 * and to check that it got the same numbers: the weights under their state-dict names, the inputs {@code __x}, and
 * FlatLens's results ({@code __ref.*}):
 * <ul>
 *   <li>{@code __ref.trace_ggn} {@code [1]}; {@code __ref.param.<name>} {@code [1]}, that parameter's share of Tr G;</li>
 *   <li>{@code __ref.site.<site>} {@code [12]}: AM of mls, log_volume, local_dim, jacobian_energy, rel_mls, ||h||,
 *       ρ (NaN at dense sites); ||W||_2, ||T(W)||_2, ||W||_F; S_l; κ^G_l;</li>
 *   <li>{@code __ref.network} {@code [6]}: nmls, nvr, harm, harm (paper's form), Tr G, Σ_l S_l;</li>
 *   <li>{@code __ref.bound.<site>|<name>} {@code [2]}: every bound check's left and right side.</li>
 * </ul>
 * Metadata: {@code arch}, the sites in forward order ({@code sites}, comma-separated) and the model options.
 */
final class CompressionExport {
    private CompressionExport() {}

    static void write(Path file, ModelSpec spec, Parameters params, Tensor x, CompressionReport r, BoundsReport b) {
        Map<String, Tensor> out = new LinkedHashMap<>(params.asMap());
        out.put("__x", x);
        out.put("__ref.trace_ggn", scalars(r.traceGgn()));
        r.traceGgnParams().forEach((name, v) -> out.put("__ref.param." + name, scalars(v)));
        StringBuilder sites = new StringBuilder();
        for (SiteMeasures s : r.sites()) {
            out.put("__ref.site." + s.name(), site(s));
            sites.append(sites.length() == 0 ? "" : ",").append(s.name());
        }
        NetworkMeasures n = r.network();
        out.put("__ref.network", scalars(n.nmls().am(), n.nvr(), n.harm().am(), n.harmPaper().am(), n.traceGgn(),
                n.sumTraceGgnLayers()));
        for (BoundCheck c : b.checks()) out.put("__ref.bound." + c.site() + "|" + c.name(), scalars(c.lhs(), c.rhs()));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("bench", "JacobianBench");
        meta.put("arch", spec.arch());
        meta.put("options", spec.options().toString());
        meta.put("sites", sites.toString());
        Safetensors.write(file, out, meta);
    }

    private static Tensor site(SiteMeasures s) {
        return scalars(s.mls().am(), s.logVolume().am(), s.localDim().am(), s.jacobianEnergy().am(), s.relMls().am(),
                s.norm().am(), s.rho() == null ? Double.NaN : s.rho().am(), s.weightNorms().spectral(),
                s.weightNorms().operator(), s.weightNorms().frobenius(), s.bounds().traceGgnLayer(),
                s.bounds().relativeFlatness());
    }

    private static Tensor scalars(double... v) {
        return Tensor.of(v.clone(), v.length);
    }
}
