package org.flatlens.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.flatlens.nn.LossKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SweepYamlTest {
    static final String GRID = """
            model: {arch: mlp, options: {widths: [8]}}
            dataset: blobs
            classes: [0, 1]
            lr: [0.05, 0.1]
            batch_size: [4, 8, 16]
            steps: 20
            seed: [0, 1]
            track: {every: 5, samples: 4}
            """;

    @Test
    void gridIsTheCartesianProductWithTheLastKeyFastest() {
        SweepSpec s = SweepYaml.parse(GRID, "sweep.yaml");
        List<RunSpec> runs = s.runSpecs();
        assertEquals(12, runs.size());
        assertEquals(0.05, runs.get(0).lr());
        assertEquals(4, runs.get(0).batchSize());
        assertEquals(0, runs.get(0).seed());
        assertEquals(1, runs.get(1).seed());
        assertEquals(8, runs.get(2).batchSize());
        assertEquals(0.1, runs.get(6).lr());
        assertEquals(LossKind.MSE, runs.get(0).loss());
        assertEquals(5, runs.get(0).track().every());
        assertEquals(12, runs.stream().map(RunSpec::id).distinct().count());
        assertEquals(runs.get(3).id(), SweepYaml.parse(GRID, "x").runSpecs().get(3).id(), "ids are deterministic");
        assertTrue(runs.get(0).id().startsWith("mlp-lr0.05-b4-s0-"), runs.get(0).id());
    }

    @Test
    void anOnnxGraphIsNamedRelativeToTheSweepFileAndRecordedAbsolute() {
        String y = GRID.replace("{arch: mlp, options: {widths: [8]}}", "{arch: onnx, options: {file: nets/r.onnx}}");
        java.nio.file.Path yaml = java.nio.file.Path.of("some", "dir", "sweep.yaml");
        RunSpec r = SweepYaml.parse(y, yaml.toString()).runSpecs().get(0);
        assertEquals(yaml.toAbsolutePath().getParent().resolve("nets/r.onnx").toString(), r.options().get("file"));
        assertTrue(r.id().startsWith("onnx-lr0.05-"), r.id());
    }

    @Test
    void randomSearchDrawsLogUniformLearningRatesReproducibly() {
        String y = """
                search: random
                runs: 50
                search_seed: 7
                model: {arch: mlp}
                dataset: fashion-mnist
                lr: {log_uniform: [0.001, 0.1]}
                batch_size: [8, 32]
                steps: 100
                seed: {range: [0, 1000]}
                """;
        List<RunSpec> a = SweepYaml.parse(y, "r.yaml").runSpecs(), b = SweepYaml.parse(y, "r.yaml").runSpecs();
        assertEquals(50, a.size());
        assertEquals(a.stream().map(RunSpec::id).toList(), b.stream().map(RunSpec::id).toList());
        int below = 0;
        for (RunSpec r : a) {
            assertTrue(r.lr() >= 0.001 && r.lr() <= 0.1, "lr " + r.lr());
            assertTrue(r.batchSize() == 8 || r.batchSize() == 32);
            assertTrue(r.seed() >= 0 && r.seed() < 1000);
            if (r.lr() < 0.01) below++;
        }
        // Log-uniform: about half of the draws lie below the geometric midpoint 0.01.
        assertTrue(below > 12 && below < 38, below + " of 50 below 0.01");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "colour: red|key 'colour': unknown key",
        "lr: -0.1|key 'lr': must be positive",
        "batch_size: 0|key 'batch_size': must be at least 1",
        "steps: 2.5|key 'steps': must be an integer",
        "loss: hinge|key 'loss': unknown loss",
        "track: {every: 5, sample: 3}|key 'track.sample': unknown key",
        "lr: {log_uniform: [0.1, 0.01]}|key 'lr': log_uniform needs search: random",
        "momentum: 1.5|key 'momentum': must be in [0, 1)",
        "classes: [0, 0]|key 'classes': a class is listed twice"})
    void badKeysAndValuesFailWithOneLineNamingFileAndKey(String line, String expected) {
        String base = GRID.lines().filter(l -> !l.startsWith(line.substring(0, line.indexOf(':')) + ":"))
                .reduce("", (a, b) -> a + b + "\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SweepYaml.parse(base + line + "\n", "conf/sweep.yaml"));
        assertTrue(e.getMessage().startsWith("conf/sweep.yaml: " + expected), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void missingRequiredKeysDuplicatesAndBadArchitecturesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> SweepYaml.parse("dataset: x\nlr: 0.1\n", "s.yaml"));
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class,
                () -> SweepYaml.parse(GRID + "steps: 30\n", "s.yaml"));
        assertTrue(dup.getMessage().startsWith("s.yaml: "), dup.getMessage());
        IllegalArgumentException arch = assertThrows(IllegalArgumentException.class,
                () -> SweepYaml.parse(GRID.replace("arch: mlp", "arch: resnet"), "s.yaml"));
        assertTrue(arch.getMessage().contains("key 'model.arch'"), arch.getMessage());
        IllegalArgumentException runs = assertThrows(IllegalArgumentException.class,
                () -> SweepYaml.parse(GRID.replace("lr: [0.05, 0.1]", "search: random\nlr: 0.1"), "s.yaml"));
        assertTrue(runs.getMessage().contains("key 'runs'"), runs.getMessage());
    }

    /** Issue 15, item 6: a model option no architecture knows fails at once, naming the file and the key. */
    @Test
    void badModelOptionsNameTheFileAndTheKey() {
        String two = GRID.replace("model: {arch: mlp, options: {widths: [8]}}",
                "model:\n  - {arch: mlp, options: {widths: [8]}}\n  - {arch: mlp, options: {dropout: 0.5}}")
                .replace("dataset: blobs", "dataset: fashion-mnist");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SweepYaml.parse(two, "conf/sweep.yaml"));
        assertEquals("conf/sweep.yaml: key 'model[1].options': mlp: unknown option 'dropout'", e.getMessage());

        String one = GRID.replace("options: {widths: [8]}", "options: {widths: [1000000000]}")
                .replace("dataset: blobs", "dataset: mnist");
        e = assertThrows(IllegalArgumentException.class, () -> SweepYaml.parse(one, "s.yaml"));
        assertTrue(e.getMessage().startsWith("s.yaml: key 'model.options': mlp: the options {widths=[1000000000]} "
                + "give an impossible model"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());

        String typed = GRID.replace("options: {widths: [8]}", "options: {widths: wide}")
                .replace("dataset: blobs", "dataset: [blobs, cifar10]");
        e = assertThrows(IllegalArgumentException.class, () -> SweepYaml.parse(typed, "s.yaml"));
        assertTrue(e.getMessage().startsWith("s.yaml: key 'model.options': mlp: option 'widths' must be"),
                e.getMessage());
        // A dataset that is not built in is checked when its run starts (its shape is not known here).
        assertEquals(12, SweepYaml.parse(GRID, "s.yaml").runSpecs().size());
    }
}
