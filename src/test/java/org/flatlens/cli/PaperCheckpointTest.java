package org.flatlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.flatlens.analysis.bounds.BoundCheck;
import org.flatlens.analysis.bounds.Bounds;
import org.flatlens.analysis.bounds.PaperCodeBounds;
import org.flatlens.analysis.compression.CompressionAnalysis;
import org.flatlens.analysis.compression.CompressionOptions;
import org.flatlens.analysis.compression.CompressionReport;
import org.flatlens.autodiff.Var;
import org.flatlens.data.Dataset;
import org.flatlens.data.Safetensors;
import org.flatlens.nn.KeyMap;
import org.flatlens.nn.LossKind;
import org.flatlens.nn.Losses;
import org.flatlens.nn.Model;
import org.flatlens.nn.ModelSpec;
import org.flatlens.nn.Models;
import org.flatlens.nn.OutputSubset;
import org.flatlens.nn.Parameters;
import org.flatlens.tensor.Tensor;
import org.flatlens.testutil.FixtureReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The paper code's checkpoint ({@code torch.save([state_dict, optimizer_state])}, keys {@code net.1, net.4, ...}, 10
 * outputs, float32) loaded into the built-in mlp with {@code --key-map sharpdim}, against PyTorch's float64 values
 * ({@code scripts/fixtures/make_checkpoint_fixtures.py}): logits to 1e-12, losses, Tr G and MLS for all 10 outputs and
 * for outputs 0, 1 only, and the paper code's harm and bound D; the same weights through safetensors give the same
 * numbers bit for bit; the key layouts that fit two architectures are reported or explained.
 */
class PaperCheckpointTest {
    private static final Path CHECKPOINT = fixture("paper_mlp.pt");
    private static final Map<String, Tensor> REF = FixtureReader.resource("fixtures/checkpoints/paper_mlp.safetensors");
    private static final double REL = 1e-10;

    @TempDir
    Path tmp;

    @Test
    void forwardOutputsAndLossesEqualPyTorchs() {
        List<String> notes = new ArrayList<>();
        Model model = mlp(false);
        Parameters p = ModelWeights.load(model, CHECKPOINT, KeyMap.parse(List.of("sharpdim")), notes);
        assertTrue(notes.get(0).contains("item 0 of the saved list"), notes.toString());
        assertTrue(notes.get(1).contains("net.1.* → 0.*, net.4.* → 2.*, net.7.* → 4.*, net.10.* → 6.*"),
                notes.toString());
        Tensor x = REF.get("__input");
        Tensor logits = model.predict(p, x), want = REF.get("__logits");
        for (int i = 0; i < want.size(); i++) assertEquals(want.data()[i], logits.data()[i], 1e-12, "logit " + i);

        int[] labels = labels();
        assertRel(REF.get("__loss_mse10").item(), Losses.mse(Var.constant(logits), Dataset.oneHot(labels, 10))
                .value().item());
        OutputSubset two = OutputSubset.of(model, new int[] {0, 1});
        Var restricted = two.forward(p.vars(false), Var.constant(x), null);
        assertRel(REF.get("__loss_mse2").item(), Losses.mse(restricted, Dataset.oneHot(labels, 2)).value().item());
        assertRel(REF.get("__loss_ce2").item(), Losses.crossEntropy(restricted, Dataset.oneHot(labels, 2)).value()
                .item());
    }

    @Test
    void measuresOnAllOutputsAndOnASubsetEqualPyTorchs() {
        Model model = mlp(false);
        Parameters p = ModelWeights.load(model, CHECKPOINT, KeyMap.parse(List.of("sharpdim")), new ArrayList<>());
        CompressionReport all = analyse(model, p);
        assertRel(REF.get("__trace_ggn10").item(), all.traceGgn());
        assertRel(REF.get("__mls10").item(), all.site("input").mls().am());

        CompressionReport two = analyse(OutputSubset.of(model, new int[] {0, 1}), p);
        assertEquals(2, two.outputs());
        assertRel(REF.get("__trace_ggn2").item(), two.traceGgn());
        assertRel(REF.get("__mls2").item(), two.site("input").mls().am());
        assertRel(REF.get("__harm_code2").item(), two.network().harmPaperCode().am());
        List<BoundCheck> code = PaperCodeBounds.evaluate(two);
        assertEquals("paper_code.bound_d", code.get(0).name());
        assertRel(REF.get("__bound_d_code2").item(), code.get(0).rhs());
        BoundCheck d = Bounds.evaluate(two).checks().stream()
                .filter(b -> b.name().equals("theorem1.trace") && b.site().equals("input")).findFirst().orElseThrow();
        assertRel(REF.get("__bound_d2").item(), d.rhs());
        assertTrue(code.get(0).rhs() > d.rhs() && code.get(0).holds(), "the sum of all layers' norms is looser");
        for (BoundCheck b : Bounds.evaluate(two).checks()) assertTrue(b.holds(), b.toString());
    }

    @Test
    void theSameWeightsThroughSafetensorsGiveTheSameBits() {
        Model model = mlp(false);
        Parameters p = ModelWeights.load(model, CHECKPOINT, KeyMap.parse(List.of("sharpdim")), new ArrayList<>());
        Path st = tmp.resolve("w.safetensors");
        Safetensors.write(st, p.asMap(), Map.of());
        Parameters q = ModelWeights.load(model, st, KeyMap.identity(), new ArrayList<>());
        Model two = OutputSubset.of(model, new int[] {0, 1});
        assertEquals(analyse(two, p).traceGgn(), analyse(two, q).traceGgn(), 0.0);
        assertEquals(analyse(two, p).site("input").mls().am(), analyse(two, q).site("input").mls().am(), 0.0);
    }

    @Test
    void keysThatFitTwoLayoutsAreExplained() {
        // Without the net. prefix the keys are 1.*, 4.*, 7.*, 10.*: the layer_norm layout, and the paper's plain MLP.
        KeyMap strip = KeyMap.parse(List.of("^net\\.="));
        List<String> notes = new ArrayList<>();
        ModelWeights.load(mlp(true), CHECKPOINT, strip, notes);
        assertTrue(notes.stream().anyMatch(n -> n.contains("were loaded as the mlp with layer_norm: true")
                && n.contains("--key-map sharpdim")), notes.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelWeights.load(mlp(false), CHECKPOINT, strip, new ArrayList<>()));
        assertTrue(e.getMessage().startsWith(CHECKPOINT.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("add --key-map sharpdim"), e.getMessage());
        // sharpdim onto the layer_norm mlp keeps 1, 4, 7, 10 (its Linear layers) and still says what it assumed
        List<String> ln = new ArrayList<>();
        ModelWeights.load(mlp(true), CHECKPOINT, KeyMap.parse(List.of("sharpdim")), ln);
        assertTrue(ln.stream().anyMatch(n -> n.contains("layer_norm: true")), ln.toString());
        IllegalArgumentException prefixed = assertThrows(IllegalArgumentException.class,
                () -> ModelWeights.load(mlp(false), CHECKPOINT, KeyMap.identity(), new ArrayList<>()));
        assertTrue(prefixed.getMessage().contains("every key starts with 'net.'"), prefixed.getMessage());
    }

    private static CompressionReport analyse(Model model, Parameters p) {
        return CompressionAnalysis.run(model, p, REF.get("__input"), LossKind.MSE,
                CompressionOptions.defaults().withChunkSize(2), new SplittableRandom(0));
    }

    private static Model mlp(boolean layerNorm) {
        return Models.build(new ModelSpec("mlp", Map.of("widths", List.of(16, 16, 16), "layer_norm", layerNorm),
                new int[] {1, 28, 28}, 10));
    }

    private static int[] labels() {
        double[] d = REF.get("__labels").data();
        int[] l = new int[d.length];
        for (int i = 0; i < d.length; i++) l[i] = (int) d[i];
        return l;
    }

    private static void assertRel(double want, double got) {
        assertEquals(want, got, REL * Math.max(1e-300, Math.abs(want)), "PyTorch " + want + ", FlatLens " + got);
    }

    static Path fixture(String name) {
        try {
            return Path.of(PaperCheckpointTest.class.getClassLoader().getResource("fixtures/checkpoints/" + name)
                    .toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
