package org.flatlens.analysis.compression;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.flatlens.nn.LossKind;
import org.flatlens.nn.Model;
import org.flatlens.nn.ModelSpecJson;
import org.flatlens.nn.Models;
import org.flatlens.nn.Parameters;
import org.flatlens.tensor.Tensor;
import org.flatlens.testutil.FixtureReader;
import org.junit.jupiter.api.Test;

/**
 * The compression measures of the mlp fixture against PyTorch (scripts/fixtures/make_compression_fixtures.py: site
 * Jacobians by torch.autograd.functional.jacobian one sample at a time, singular values by torch.linalg.svdvals,
 * Tr G by one backward pass per sample and output), to 1e-9 relative as issue 5 asks.
 */
class TorchCompressionFixtureTest {
    private static final double TOL = 1e-9;

    @Test
    void mlpMeasuresMatchPyTorch() {
        Map<String, Tensor> f = FixtureReader.resource("fixtures/models/mlp.safetensors");
        Map<String, Tensor> ref = FixtureReader.resource("fixtures/models/mlp_compression.safetensors");
        Model model = Models.build(ModelSpecJson.parse(FixtureReader.text("fixtures/models/mlp.json")));
        Map<String, Tensor> weights = new LinkedHashMap<>();
        f.forEach((k, v) -> {
            if (!k.startsWith("__")) weights.put(k, v);
        });
        Parameters p = new Parameters(weights);
        CompressionReport r = CompressionAnalysis.run(model, p, f.get("__input"), LossKind.MSE,
                CompressionOptions.defaults(), new SplittableRandom(1));
        List<SiteMeasures> sites = r.sites();
        assertEquals(List.of("input", "2", "4"), sites.stream().map(SiteMeasures::name).toList());
        for (int l = 0; l < 3; l++) {
            SiteMeasures s = sites.get(l);
            close(ref.get("mls").data()[l], s.mls().am(), "mls " + s.name());
            close(ref.get("log_volume").data()[l], s.logVolume().am(), "log_volume " + s.name());
            close(ref.get("local_dim").data()[l], s.localDim().am(), "local_dim " + s.name());
            close(ref.get("jacobian_energy").data()[l], s.jacobianEnergy().am(), "jacobian_energy " + s.name());
            close(ref.get("spectral_norm").data()[l], s.weightNorms().spectral(), "||W||_2 " + s.name());
        }
        close(ref.get("nmls").item(), r.network().nmls().am(), "nmls");
        close(ref.get("trace_ggn").item(), r.traceGgn(), "trace_ggn");
    }

    private static void close(double expected, double actual, String what) {
        assertEquals(expected, actual, TOL * Math.abs(expected), what);
    }
}
