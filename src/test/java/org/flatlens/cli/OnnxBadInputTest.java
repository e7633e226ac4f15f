package org.flatlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.flatlens.nn.onnx.OnnxFixtures;
import org.flatlens.nn.onnx.proto.OnnxProto;
import org.flatlens.testutil.SyntheticMnist;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Broken ONNX files, made from the fixtures with the generated protobuf classes: each gives exit code 2 and one line
 * naming the file and the problem, from {@code measure} and from {@code train}.
 */
class OnnxBadInputTest {
    @TempDir
    Path tmp;

    private final StringWriter err = new StringWriter();
    private Path data;

    @BeforeEach
    void data() {
        data = SyntheticMnist.write(tmp.resolve("data"), 20, 10, 3);
    }

    @Test
    void truncatedProtobuf() throws IOException {
        byte[] all = Files.readAllBytes(OnnxFixtures.load("lenet").onnx());
        Path bad = tmp.resolve("truncated.onnx");
        Files.write(bad, Arrays.copyOf(all, all.length / 2));
        assertCleanError(measure(bad), bad + ": not a valid ONNX file");
    }

    @Test
    void unknownOperatorIsNamedWithItsNode() throws IOException {
        OnnxProto.Model.Builder m = fixture("lenet");
        OnnxProto.Node.Builder relu = m.getGraphBuilder().getNodeBuilderList().stream()
                .filter(n -> n.getOpType().equals("Relu")).findFirst().orElseThrow();
        relu.setOpType("LeakyRelu");
        Path bad = write(m, "leaky.onnx");
        assertCleanError(measure(bad), bad + ": unsupported operator LeakyRelu (node '" + relu.getName() + "')");
        assertCleanError(train(bad), "unsupported operator LeakyRelu");
    }

    @Test
    void dynamicInputShape() throws IOException {
        OnnxProto.Model.Builder m = fixture("lenet");
        m.getGraphBuilder().getInputBuilder(0).getTypeBuilder().getTensorTypeBuilder().getShapeBuilder().getDimBuilder(2)
                .setDimParam("height");
        Path bad = write(m, "dynamic.onnx");
        assertCleanError(measure(bad), bad + ": dynamic input shape: dimension 2 of input 'x' is 'height'");
    }

    @Test
    void missingExternalData() throws IOException {
        OnnxProto.Model.Builder m = fixture("lenet");
        OnnxProto.Tensor.Builder t = m.getGraphBuilder().getInitializerBuilder(0);
        t.clearRawData().setDataLocation(1)
                .addExternalData(OnnxProto.KeyValue.newBuilder().setKey("location").setValue("lenet.weights"));
        Path bad = write(m, "external.onnx");
        assertCleanError(measure(bad), bad + ": external data file 'lenet.weights' of tensor '" + t.getName()
                + "' not found");
    }

    @Test
    void externalDataBesideTheModelIsRead() throws IOException {
        OnnxProto.Model.Builder m = fixture("lenet");
        OnnxProto.Tensor.Builder t = m.getGraphBuilder().getInitializerBuilder(0);
        ByteString raw = t.getRawData();
        Files.write(tmp.resolve("lenet.weights"), raw.concat(raw).toByteArray());
        t.clearRawData().setDataLocation(1)
                .addExternalData(OnnxProto.KeyValue.newBuilder().setKey("location").setValue("lenet.weights"))
                .addExternalData(OnnxProto.KeyValue.newBuilder().setKey("offset").setValue(Integer.toString(raw.size())))
                .addExternalData(OnnxProto.KeyValue.newBuilder().setKey("length").setValue(Integer.toString(raw.size())));
        Path ok = write(m, "external.onnx");
        int code = measure(ok);
        assertEquals(0, code, err.toString());
    }

    @Test
    void aHardCodedFixedBatchSizeIsRefusedWithAPointerToDynamicAxes() {
        Path fixed = OnnxFixtures.load("fixed_batch").onnx();
        assertCleanError(measure(fixed), "exported for batch size 3 and seems to hard-code it; export with "
                + "dynamic_axes={'x': {0: 'batch'}}");
    }

    @Test
    void aSharedParameterIsRefused() throws IOException {
        OnnxProto.Model.Builder m = fixture("lenet");
        OnnxProto.Node.Builder relu = m.getGraphBuilder().getNodeBuilderList().stream()
                .filter(n -> n.getOpType().equals("Relu")).reduce((a, b) -> b).orElseThrow();
        relu.setOpType("Add").addInput("fc2.bias"); // the last ReLU, on fc2's output [N, 84], now also adds fc2's bias
        Path bad = write(m, "shared.onnx");
        assertCleanError(measure(bad), bad + ": parameter 'fc2.bias' is used by 2 nodes");
    }

    @Test
    void unequalDilations() throws IOException {
        OnnxProto.Model.Builder m = fixture("lenet");
        OnnxProto.Node.Builder conv = m.getGraphBuilder().getNodeBuilderList().stream()
                .filter(n -> n.getOpType().equals("Conv")).findFirst().orElseThrow();
        for (OnnxProto.Attribute.Builder a : conv.getAttributeBuilderList()) {
            if (a.getName().equals("dilations")) a.clearInts().addInts(2).addInts(1);
        }
        Path bad = write(m, "dilated.onnx");
        assertCleanError(measure(bad), "Conv node '" + conv.getName() + "' has dilations [2, 1]; only equal ones along "
                + "H and W are supported");
    }

    private static OnnxProto.Model.Builder fixture(String name) throws IOException {
        return OnnxProto.Model.parseFrom(Files.readAllBytes(OnnxFixtures.load(name).onnx())).toBuilder();
    }

    private Path write(OnnxProto.Model.Builder m, String name) throws IOException {
        Path p = tmp.resolve(name);
        Files.write(p, m.build().toByteArray());
        return p;
    }

    private int measure(Path model) {
        return run("measure", "--model", model.toString(), "--dataset", "mnist", "--data-dir", data.toString(),
                "--classes", "0,1,2,3", "--samples", "4", "--probes", "6", "--top-k", "1", "--lanczos-steps", "3",
                "--json", tmp.resolve("m.json").toString());
    }

    private int train(Path model) {
        return run("train", "--model", model.toString(), "--dataset", "mnist", "--data-dir", data.toString(),
                "--classes", "0,1,2,3", "--lr", "0.1", "--batch", "4", "--steps", "2", "--out",
                tmp.resolve("run").toString());
    }

    private int run(String... args) {
        err.getBuffer().setLength(0);
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        return cl.execute(args);
    }

    private void assertCleanError(int code, String mentions) {
        assertEquals(2, code, err.toString());
        String e = err.toString().strip();
        assertTrue(e.startsWith("flatlens: error: "), e);
        assertFalse(e.contains("\n") || e.contains("\tat ") || e.contains("Exception"), "one line, no trace: " + e);
        assertTrue(e.contains(mentions), e);
    }
}
