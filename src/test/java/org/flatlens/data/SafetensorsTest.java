package org.flatlens.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.flatlens.tensor.Shape;
import org.flatlens.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
    @TempDir
    Path dir;

    private static Map<String, Tensor> sample() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("z.weight", Tensor.randn(new SplittableRandom(1), 3, 4));
        m.put("a.bias", Tensor.of(new double[] {-0.0, Double.MIN_VALUE, Double.MAX_VALUE, Double.NaN,
                Double.NEGATIVE_INFINITY}, 5));
        m.put("m.scalar", Tensor.scalar(Math.PI));
        m.put("empty", Tensor.zeros(0, 2));
        return m;
    }

    @Test
    void f64RoundTripIsExactAndKeepsOrderAndMetadata() {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("step", "100");
        meta.put("format", "pt");
        Path f = dir.resolve("sub/ckpt.safetensors");
        Safetensors.write(f, sample(), meta);
        Safetensors.Contents c = Safetensors.read(f);
        assertEquals(List.of("z.weight", "a.bias", "m.scalar", "empty"), List.copyOf(c.tensors().keySet()));
        assertEquals(List.of("step", "format"), List.copyOf(c.metadata().keySet()));
        assertEquals("100", c.metadata().get("step"));
        sample().forEach((name, t) -> {
            Tensor r = c.tensors().get(name);
            assertEquals(t.shape(), r.shape(), name);
            for (int i = 0; i < t.size(); i++) {
                assertEquals(Double.doubleToRawLongBits(t.data()[i]), Double.doubleToRawLongBits(r.data()[i]), name);
            }
        });
        assertEquals(0, c.tensors().get("m.scalar").rank());
    }

    @Test
    void f32RoundsToFloatAndHeaderIsPaddedTo8Bytes() {
        byte[] bytes = Safetensors.encode(sample(), Map.of(), Safetensors.Dtype.F32);
        long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8);
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{\"z.weight\":{\"dtype\":\"F32\",\"shape\":[3,4],\"data_offsets\":[0,48]}"),
                header);
        assertTrue(!header.contains("__metadata__"), "no metadata entry when there is none");
        Safetensors.Contents c = Safetensors.decode(bytes, "mem");
        double[] w = sample().get("z.weight").data();
        for (int i = 0; i < w.length; i++) assertEquals((double) (float) w[i], c.tensors().get("z.weight").data()[i]);
        assertTrue(c.metadata().isEmpty());
    }

    @Test
    void writeIsAtomicAndOverwrites() throws IOException {
        Path f = dir.resolve("w.safetensors");
        Safetensors.write(f, Map.of("a", Tensor.ones(2)), Map.of());
        Safetensors.write(f, Map.of("b", Tensor.ones(3)), Map.of("k", "v"));
        assertEquals(List.of("b"), List.copyOf(Safetensors.read(f).tensors().keySet()));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(f), s.toList(), "no temporary files left behind");
        }
        assertThrows(IllegalArgumentException.class,
                () -> Safetensors.encode(Map.of("__metadata__", Tensor.ones(1)), Map.of(), Safetensors.Dtype.F64));
    }

    /** A file with the given header JSON and data bytes. */
    private static byte[] file(String json, int dataBytes) {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).put(h)
                .array();
    }

    private static String entry(String name, String dtype, String shape, long b, long e) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + b + ","
                + e + "]}";
    }

    private static void rejects(byte[] bytes, String part) {
        DataFormatException e = assertThrows(DataFormatException.class, () -> Safetensors.decode(bytes, "f.st"));
        assertTrue(e.getMessage().startsWith("f.st: ") && e.getMessage().contains(part), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void rejectsBadHeaderLengths() {
        rejects(new byte[5], "too short");
        byte[] b = file("{}", 0);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1000);
        rejects(b, "header length 1000 exceeds the file size 10");
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1L);
        rejects(b, "implausible header length 18446744073709551615");
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 0);
        rejects(b, "implausible header length 0");
    }

    @Test
    void rejectsMalformedJson() {
        rejects(file("{\"a\":", 0), "malformed JSON header");
        rejects(file("[1, 2]", 0), "header is not a JSON object");
        rejects(file("{} {}", 0), "malformed JSON header");
        rejects(file("{" + entry("a", "F64", "[1]", 0, 8) + "," + entry("a", "F64", "[1]", 8, 16) + "}", 16),
                "malformed JSON header: Duplicate field 'a'");
        rejects(file("{\"__metadata__\":{\"k\":1}}", 0), "__metadata__ value of 'k' is not a string");
        rejects(file("{\"__metadata__\":[]}", 0), "__metadata__ is not a JSON object");
    }

    @Test
    void rejectsBadEntries() {
        rejects(file("{" + entry("w", "F16", "[2]", 0, 4) + "}", 4),
                "tensor 'w': dtype F16 is not supported (FlatLens reads F64 and F32)");
        rejects(file("{\"w\":{\"shape\":[1],\"data_offsets\":[0,8]}}", 8), "tensor 'w': missing or non-string dtype");
        rejects(file("{" + entry("w", "F64", "[-1]", 0, 8) + "}", 8), "shape entry -1 is not a non-negative int");
        rejects(file("{" + entry("w", "F64", "[1.5]", 0, 8) + "}", 8), "shape entry 1.5");
        rejects(file("{\"w\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0]}}", 8),
                "data_offsets must be an array of two non-negative integers");
        rejects(file("{" + entry("w", "F64", "[1]", 8, 0) + "}", 8), "are reversed");
        rejects(file("{" + entry("w", "F64", "[1]", 0, 16) + "}", 8), "end 16 is past the data section (8 bytes)");
        rejects(file("{" + entry("w", "F64", "[2]", 0, 8) + "}", 8),
                "data_offsets span 8 bytes but shape [2] of F64 needs 16");
    }

    @Test
    void rejectsOverlapsGapsAndTrailingData() {
        rejects(file("{" + entry("a", "F64", "[2]", 0, 16) + "," + entry("b", "F64", "[1]", 8, 16) + "}", 16),
                "tensor 'b' overlaps tensor 'a'");
        rejects(file("{" + entry("a", "F64", "[1]", 0, 8) + "," + entry("b", "F64", "[1]", 16, 24) + "}", 24),
                "gap in the data section: bytes 8..16");
        rejects(file("{" + entry("a", "F64", "[1]", 0, 8) + "}", 12),
                "data section has 12 bytes but the tensors cover 8");
    }

    @Test
    void readsTensorsInDataOffsetOrder() {
        byte[] b = file("{" + entry("second", "F32", "[1]", 8, 12) + "," + entry("first", "F64", "[1]", 0, 8) + "}",
                12);
        int start = b.length - 12;
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putDouble(start, 2.5).putFloat(start + 8, -1.25f);
        Safetensors.Contents c = Safetensors.decode(b, "mem");
        assertEquals(List.of("first", "second"), List.copyOf(c.tensors().keySet()));
        assertArrayEquals(new double[] {2.5}, c.tensors().get("first").data());
        assertArrayEquals(new double[] {-1.25}, c.tensors().get("second").data());
        assertEquals(Shape.of(1), c.tensors().get("second").shape());
    }
}
