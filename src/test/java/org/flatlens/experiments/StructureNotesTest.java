package org.flatlens.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flatlens.data.AtomicFiles;
import org.flatlens.nn.onnx.OnnxFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's structural features come from its model.json (an imported graph's relative to the run folder). */
class StructureNotesTest {
    @TempDir
    Path tmp;

    @Test
    void featuresOfBuiltInAndImportedModels() throws IOException {
        Path vit = tmp.resolve("vit"), mlp = tmp.resolve("mlp"), resnet = tmp.resolve("runs").resolve("resnet");
        AtomicFiles.writeString(vit.resolve("model.json"), "{\"arch\": \"vit\", \"input_shape\": [1, 28, 28], "
                + "\"num_outputs\": 2, \"options\": {\"dim\": 8, \"depth\": 1, \"heads\": 2}}");
        AtomicFiles.writeString(mlp.resolve("model.json"), "{\"arch\": \"mlp\", \"input_shape\": [1, 28, 28], "
                + "\"num_outputs\": 2, \"options\": {}}");
        Files.copy(OnnxFixtures.load("resnet").onnx(), tmp.resolve("net.onnx"));
        AtomicFiles.writeString(resnet.resolve("model.json"), "{\"arch\": \"onnx\", \"input_shape\": [1, 28, 28], "
                + "\"num_outputs\": 3, \"options\": {\"file\": \"../../net.onnx\"}}");
        assertEquals("skip_connections", StructureNotes.keysOfRun(vit));
        assertEquals("", StructureNotes.keysOfRun(mlp));
        assertEquals("batch_norm,skip_connections", StructureNotes.keysOfRun(resnet));
        Files.delete(tmp.resolve("net.onnx"));
        assertEquals("", StructureNotes.keysOfRun(resnet), "a graph that moved away: no notes, no failure");
        assertEquals(6, StructureNotes.ofKeys("batch_norm").get(0).bounds().size());
    }
}
