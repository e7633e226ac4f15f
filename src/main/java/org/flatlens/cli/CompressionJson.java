package org.flatlens.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.flatlens.analysis.bounds.BoundCheck;
import org.flatlens.analysis.bounds.BoundsReport;
import org.flatlens.analysis.compression.Aggregate;
import org.flatlens.analysis.compression.CompressionReport;
import org.flatlens.analysis.compression.NetworkMeasures;
import org.flatlens.analysis.compression.NormSummary;
import org.flatlens.analysis.compression.SiteMeasures;
import org.flatlens.experiments.measures.Measures;

/**
 * The report sections of issue 5 (THEORY.md §3–§5, conventions §7): {@code sites} in forward order, {@code network
 * {nmls, nvr, harm}} and {@code bounds [{name, site, lhs, rhs, ratio, holds, kind}]}. Measure fields are named by
 * the registry's names ({@link Measures}); the {@code _mc}, {@code _ggn} and {@code _paper} variants are fields of
 * those sections only (docs/schema.md).
 */
final class CompressionJson {
    private CompressionJson() {}

    static void sites(JsonReport r, CompressionReport c) {
        ArrayNode sites = JsonReport.JSON.createArrayNode();
        for (SiteMeasures s : c.sites()) {
            ObjectNode o = sites.addObject();
            o.put("name", s.name());
            o.put("layer", s.layer());
            o.put("kind", s.name().equals("input") ? "input" : s.kind());
            o.put("dim", s.inputSize());
            o.put("rank", s.rank());
            o.put("volume_rank", s.volumeRank());
            aggregate(o, Measures.MLS, s.mls());
            aggregate(o, Measures.LOG_VOLUME, s.logVolume());
            aggregate(o, Measures.LOCAL_DIM, s.localDim());
            aggregate(o, Measures.LOCAL_DIM + "_mc", s.localDimMc());
            aggregate(o, Measures.MLS + "_mc", s.mlsMc());
            aggregate(o, Measures.JACOBIAN_ENERGY, s.jacobianEnergy());
            aggregate(o, "rel_mls", s.relMls());
            norm(o, s.norm());
            aggregate(o, "rho", s.rho());
            JsonReport.number(o, "weight_spectral_norm", s.weightNorms().spectral());
            JsonReport.number(o, "operator_norm", s.weightNorms().operator());
            JsonReport.number(o, Measures.TRACE_GGN_LAYER, s.bounds().traceGgnLayer());
            JsonReport.number(o, Measures.RELATIVE_FLATNESS + "_ggn", s.bounds().relativeFlatness());
        }
        r.put("sites", sites);
    }

    /** @param paperCode also the paper code's own harm ({@code --conventions paper}), as {@code harm_paper_code} */
    static void network(JsonReport r, CompressionReport c, boolean paperCode) {
        NetworkMeasures n = c.network();
        ObjectNode o = r.section("network");
        aggregate(o, Measures.NMLS, n.nmls());
        JsonReport.number(o, Measures.NVR, n.nvr());
        aggregate(o, Measures.HARM, n.harm());
        aggregate(o, Measures.HARM + "_paper", n.harmPaper());
        if (paperCode) {
            aggregate(o, Measures.HARM + "_paper_code", n.harmPaperCode());
            JsonReport.number(o, "sum_spectral_sq_paper_code", n.sumSpectralSq());
        }
        o.put("weight_shared", n.weightShared());
        o.put("vacuous_sites", n.vacuousSites());
    }

    static void bounds(JsonReport r, BoundsReport b) {
        ArrayNode a = JsonReport.JSON.createArrayNode();
        for (BoundCheck c : b.checks()) {
            ObjectNode o = a.addObject();
            o.put("name", c.name());
            o.put("site", c.site());
            JsonReport.number(o, "lhs", c.lhs());
            JsonReport.number(o, "rhs", c.rhs());
            JsonReport.number(o, "ratio", c.ratio());
            o.put("holds", c.holds());
            o.put("kind", c.kind().key());
        }
        r.put("bounds", a);
    }

    private static void aggregate(ObjectNode parent, String key, Aggregate a) {
        if (a == null) {
            parent.putNull(key);
            return;
        }
        ObjectNode o = parent.putObject(key);
        JsonReport.number(o, "am", a.am());
        JsonReport.number(o, "gm", a.gm());
        JsonReport.number(o, "stderr", a.stderr());
        o.put("n", a.n());
    }

    private static void norm(ObjectNode parent, NormSummary s) {
        ObjectNode o = parent.putObject("norm");
        JsonReport.number(o, "am", s.am());
        JsonReport.number(o, "gm", s.gm());
        JsonReport.number(o, "inv_sq_mean", s.invSqMean());
        JsonReport.number(o, "min", s.min());
        JsonReport.number(o, "stderr", s.stderr());
        o.put("n", s.n());
    }
}
