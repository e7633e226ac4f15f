package org.flatlens.testutil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flatlens.tensor.Shape;
import org.flatlens.tensor.Tensor;

/**
 * A minimal, test-only reader of the safetensors files under {@code src/test/resources/fixtures} (F64 tensors only):
 * an 8-byte little-endian header length n, n bytes of JSON ({@code name → {dtype, shape, data_offsets}} plus an optional
 * {@code __metadata__}), then the raw little-endian data. Tensors are returned in header order.
 */
public final class FixtureReader {
    private FixtureReader() {}

    /** Reads a class-path resource, e.g. {@code fixtures/ops.safetensors}. */
    public static Map<String, Tensor> resource(String name) {
        try (InputStream in = FixtureReader.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) throw new IllegalArgumentException("no test resource '" + name + "'");
            return parse(in.readAllBytes(), name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text of a class-path resource. */
    public static String text(String name) {
        try (InputStream in = FixtureReader.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) throw new IllegalArgumentException("no test resource '" + name + "'");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Tensor> parse(byte[] bytes, String source) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = buf.getLong(0);
        if (n < 2 || n > bytes.length - 8) throw new IllegalArgumentException(source + ": bad header length " + n);
        JsonNode header = new ObjectMapper().readTree(new String(bytes, 8, (int) n, StandardCharsets.UTF_8));
        int dataStart = 8 + (int) n;
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("__metadata__")) continue;
            out.put(e.getKey(), tensor(buf, dataStart, e.getKey(), e.getValue(), source));
        }
        return out;
    }

    private static Tensor tensor(ByteBuffer buf, int dataStart, String name, JsonNode info, String source) {
        if (!"F64".equals(info.path("dtype").asText())) {
            throw new IllegalArgumentException(source + ": tensor '" + name + "' has dtype " + info.path("dtype")
                    + ", only F64 is supported");
        }
        JsonNode shapeNode = info.path("shape");
        int[] dims = new int[shapeNode.size()];
        for (int i = 0; i < dims.length; i++) dims[i] = shapeNode.get(i).intValue();
        Shape shape = Shape.of(dims);
        long begin = info.path("data_offsets").get(0).longValue(), end = info.path("data_offsets").get(1).longValue();
        if (end - begin != 8L * shape.size() || dataStart + end > buf.capacity()) {
            throw new IllegalArgumentException(source + ": tensor '" + name + "' has bad data offsets");
        }
        double[] d = new double[shape.size()];
        for (int i = 0; i < d.length; i++) d[i] = buf.getDouble(dataStart + (int) begin + 8 * i);
        return new Tensor(shape, d);
    }
}
