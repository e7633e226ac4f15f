package org.flatlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flatlens.nn.Parameters;
import org.flatlens.nn.onnx.GraphModel;
import org.flatlens.nn.onnx.OnnxFixtures;
import org.flatlens.tensor.Tensor;
import org.flatlens.testutil.SyntheticMnist;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The ResNet with BatchNorm (a network FlatLens does not define) through {@code train --model resnet.onnx} and
 * {@code measure --run}: training starts from the file's weights, checkpoints hold the parameters only (the running
 * statistics stay the file's), and the report notes BatchNorm and the skip connections.
 */
class OnnxTrainTest {
    @TempDir
    Path tmp;

    @Test
    void trainsFromTheFilesWeightsAndMeasuresTheRun() throws IOException {
        Path onnx = OnnxFixtures.load("resnet").onnx();
        Path data = SyntheticMnist.write(tmp.resolve("mnist"), 24, 8, 2), run = tmp.resolve("run");
        StringWriter err = new StringWriter();
        assertEquals(0, run(err, "train", "--model", onnx.toString(), "--dataset", "mnist", "--data-dir",
                data.toString(), "--classes", "0,1,2", "--lr", "0.05", "--batch", "6", "--steps", "3",
                "--checkpoint-every", "3", "--eval-every", "3", "--out", run.toString()), err.toString());

        GraphModel m = GraphModel.read(onnx);
        Parameters start = m.bundledWeights().orElseThrow();
        Parameters trained = ModelWeights.fromRun(run).params();
        assertEquals(start.names(), trained.names(), "the checkpoint holds exactly the parameters");
        double moved = 0;
        for (String n : start.names()) moved += trained.get(n).sub(start.get(n)).norm();
        assertTrue(moved > 0 && moved < 1, "small steps away from the file's weights: " + moved);
        Tensor w = trained.get("layer1.bn1.weight");
        assertNotEquals(start.get("layer1.bn1.weight").data()[0], w.data()[0], "BatchNorm scales are trained");

        Path json = tmp.resolve("m.json");
        assertEquals(0, run(err, "measure", "--run", run.toString(), "--dataset", "mnist", "--data-dir",
                data.toString(), "--classes", "0,1,2", "--samples", "4", "--probes", "6", "--top-k", "1",
                "--lanczos-steps", "4", "--json", json.toString()), err.toString());
        JsonNode model = new ObjectMapper().readTree(json.toFile()).get("model");
        assertEquals("onnx", model.get("arch").asText());
        assertEquals(onnx.toAbsolutePath().normalize().toString(), model.get("file").asText());
        assertEquals("batch_norm", model.get("structure").get(0).get("key").asText());
        assertEquals("skip_connections", model.get("structure").get(1).get("key").asText());
    }

    /** model.json refers to the graph relative to the run folder, so the folder and its graph can move together. */
    @Test
    void aRunFolderMovedTogetherWithItsGraphStillMeasures() throws IOException {
        Path project = tmp.resolve("project"), data = SyntheticMnist.write(tmp.resolve("mnist"), 12, 8, 2);
        Files.createDirectories(project.resolve("runs"));
        Files.copy(OnnxFixtures.load("resnet").onnx(), project.resolve("net.onnx"));
        StringWriter err = new StringWriter();
        Path run = project.resolve("runs").resolve("r1");
        assertEquals(0, run(err, "train", "--model", project.resolve("net.onnx").toString(), "--dataset", "mnist",
                "--data-dir", data.toString(), "--classes", "0,1,2", "--lr", "0.05", "--batch", "6", "--steps", "1", "--out",
                run.toString()), err.toString());
        JsonNode spec = new ObjectMapper().readTree(run.resolve("model.json").toFile());
        assertEquals(Path.of("..", "..", "net.onnx").toString(), spec.get("options").get("file").asText());

        Path moved = Files.move(project, tmp.resolve("elsewhere"));
        Path json = tmp.resolve("m.json");
        assertEquals(0, run(err, "measure", "--run", moved.resolve("runs").resolve("r1").toString(), "--dataset",
                "mnist", "--data-dir", data.toString(), "--classes", "0,1,2", "--samples", "4", "--probes", "6",
                "--top-k", "1", "--lanczos-steps", "4", "--json", json.toString()), err.toString());
        assertEquals(moved.resolve("net.onnx").toAbsolutePath().normalize().toString(),
                new ObjectMapper().readTree(json.toFile()).get("model").get("file").asText());
    }

    private static int run(StringWriter err, String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }
}
