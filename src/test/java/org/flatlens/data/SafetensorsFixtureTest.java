package org.flatlens.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flatlens.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Interoperability with an independent implementation of the format, scripts/fixtures/safetensors_fixture.py
 * (see src/test/resources/fixtures/README.md).
 *
 * <p>Python → Java: {@code python_written.safetensors} must decode to the values the script wrote.
 * Java → Python: {@code java_f64.safetensors} and {@code java_f32.safetensors} were written by this class and
 * verified by {@code safetensors_fixture.py check}; the test asserts that Java still writes exactly those bytes. Run with
 * {@code -Dflatlens.writeFixtures=true} to rewrite them (then check them with the script again).
 */
class SafetensorsFixtureTest {
    private static final Path FIXTURES = Path.of("src/test/resources/fixtures");

    @Test
    void readsTheFileWrittenByPython() {
        Safetensors.Contents c = Safetensors.decode(resource("python_written.safetensors"), "python_written");
        // The reference implementation orders data by dtype size, then name: F64 before F32.
        assertEquals(List.of("scalar", "weight", "bias", "empty"), List.copyOf(c.tensors().keySet()));
        assertEquals(Map.of("format", "pt", "written_by", "scripts/fixtures/safetensors_fixture.py"), c.metadata());
        double[] w = new double[6];
        for (int i = 0; i < 6; i++) w[i] = (i % 2 == 0 ? 1 : -1) * (i + 1) / 3.0;
        assertArrayEquals(w, c.tensors().get("weight").data(), 0.0);
        assertArrayEquals(new int[] {2, 3}, c.tensors().get("weight").shape().dims());
        assertEquals(Math.PI, c.tensors().get("scalar").item(), 0.0);
        assertArrayEquals(new double[] {(float) 0.1, -2.5, 3.75}, c.tensors().get("bias").data(), 0.0);
        assertArrayEquals(new int[] {0, 4}, c.tensors().get("empty").shape().dims());
    }

    @Test
    void writesTheBytesThePythonCheckerVerified() throws IOException {
        for (Safetensors.Dtype dtype : Safetensors.Dtype.values()) {
            String name = "java_" + dtype.name().toLowerCase(java.util.Locale.ROOT) + ".safetensors";
            byte[] bytes = Safetensors.encode(javaTensors(dtype), javaMetadata(), dtype);
            if (Boolean.getBoolean("flatlens.writeFixtures")) {
                Files.write(FIXTURES.resolve(name), bytes);
            } else {
                assertArrayEquals(resource(name), bytes, name + " differs from the verified fixture");
            }
            Safetensors.Contents back = Safetensors.decode(bytes, name);
            assertEquals(List.copyOf(javaTensors(dtype).keySet()), List.copyOf(back.tensors().keySet()));
        }
    }

    /** The same values as {@code java_expected} in the Python script. */
    static Map<String, Tensor> javaTensors(Safetensors.Dtype dtype) {
        boolean f64 = dtype == Safetensors.Dtype.F64;
        double[] w = new double[6];
        for (int i = 0; i < 6; i++) w[i] = (i - 2.5) / 7.0;
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("layer.0.weight", Tensor.of(w, 2, 3));
        double[] bias = f64 ? new double[] {1e-300, -0.0, 1e300} : new double[] {1e-30, -0.0, 1e30};
        m.put("layer.0.bias", Tensor.of(bias, 3));
        m.put("special", Tensor.of(new double[] {-0.0, f64 ? 5e-324 : 1e-45, f64 ? 1e308 : 3e38,
                Double.POSITIVE_INFINITY, Double.NaN}, 5));
        m.put("scalar", Tensor.scalar(Math.E));
        return m;
    }

    static Map<String, String> javaMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", "pt");
        m.put("written_by", "flatlens SafetensorsFixtureTest");
        return m;
    }

    private static byte[] resource(String name) {
        try (InputStream in = SafetensorsFixtureTest.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) throw new IllegalStateException("missing test resource fixtures/" + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
