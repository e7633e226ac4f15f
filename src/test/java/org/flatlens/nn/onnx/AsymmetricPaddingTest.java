package org.flatlens.nn.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.flatlens.nn.onnx.proto.OnnxProto;
import org.flatlens.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A convolution whose {@code pads} differ per side (exporters other than PyTorch 1.13 write them for
 * {@code padding='same'} with even kernels) runs as an explicit zero pad before an unpadded convolution. Checked by a
 * shift: LeNet's conv1 with pads (top, left, bottom, right) = (1, 1, 3, 3) on an image whose first row and column are
 * zero equals the original (2, 2, 2, 2) on that image moved one pixel up and left.
 */
class AsymmetricPaddingTest {
    @TempDir
    Path tmp;

    @Test
    void asymmetricPadsEqualTheSymmetricOnesOnAShiftedImage() throws IOException {
        Path original = OnnxFixtures.load("lenet").onnx();
        OnnxProto.Model.Builder m = OnnxProto.Model.parseFrom(Files.readAllBytes(original)).toBuilder();
        OnnxProto.Node.Builder conv = m.getGraphBuilder().getNodeBuilderList().stream()
                .filter(n -> n.getOpType().equals("Conv")).findFirst().orElseThrow();
        for (OnnxProto.Attribute.Builder a : conv.getAttributeBuilderList()) {
            if (a.getName().equals("pads")) a.clearInts().addInts(1).addInts(1).addInts(3).addInts(3);
        }
        Path asym = tmp.resolve("asym.onnx");
        Files.write(asym, m.build().toByteArray());

        SplittableRandom rng = new SplittableRandom(4);
        Tensor x = Tensor.zeros(2, 1, 28, 28), shifted = Tensor.zeros(2, 1, 28, 28);
        for (int n = 0; n < 2; n++) {
            for (int i = 1; i < 28; i++) {
                for (int j = 1; j < 28; j++) {
                    double v = rng.nextDouble();
                    x.set(v, n, 0, i, j);
                    shifted.set(v, n, 0, i - 1, j - 1);
                }
            }
        }
        GraphModel a = GraphModel.read(asym), s = GraphModel.read(original);
        Tensor ya = a.predict(a.bundledWeights().orElseThrow(), x);
        Tensor ys = s.predict(s.bundledWeights().orElseThrow(), shifted);
        assertEquals(0.0, ya.sub(ys).norm() / ys.norm(), 1e-15);
    }
}
