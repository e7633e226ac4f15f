package org.flatlens.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.flatlens.data.Cifar10Reader;
import org.flatlens.data.IdxReader;
import org.flatlens.data.Safetensors;
import org.flatlens.data.TorchCheckpoint;
import org.flatlens.experiments.SweepYaml;
import org.flatlens.nn.ModelSpec;
import org.flatlens.nn.ModelSpecJson;
import org.flatlens.nn.Models;
import org.flatlens.nn.onnx.GraphModel;
import org.flatlens.tensor.Tensor;
import org.flatlens.tensor.UserInputException;

/**
 * Fuzzing of every reader of outside files: mutated valid files (byte flips, truncation, insertion, overwritten
 * header words) must be read or rejected with the readers' clean error ({@link IllegalArgumentException} and its
 * subclasses), never any other exception. Budgets are fixed (tries per property) so CI time is bounded.
 */
class ReaderFuzzTest {
    private static Path dir;

    @BeforeContainer
    static void makeDir() throws IOException {
        dir = Files.createTempDirectory("flatlens-fuzz");
    }

    @AfterContainer
    static void removeDir() throws IOException {
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /** A mutation of a byte array: kind, position and value, drawn by jqwik. */
    record Mutation(int kind, int position, int value, int length) {
        byte[] apply(byte[] in) {
            if (in.length == 0) return in;
            int p = Math.floorMod(position, in.length);
            switch (kind) {
                case 0: { byte[] b = in.clone(); b[p] = (byte) value; return b; }
                case 1: return java.util.Arrays.copyOf(in, p);
                case 2: {
                    byte[] b = new byte[in.length + length];
                    System.arraycopy(in, 0, b, 0, p);
                    for (int i = 0; i < length; i++) b[p + i] = (byte) (value + i);
                    System.arraycopy(in, p, b, p + length, in.length - p);
                    return b;
                }
                default: {
                    // Overwrite a 4-byte big-endian word in the header region with an extreme value.
                    byte[] b = in.clone();
                    int q = Math.floorMod(position, Math.max(1, Math.min(in.length - 3, 16)));
                    int v = switch (Math.floorMod(value, 5)) {
                        case 0 -> Integer.MAX_VALUE; case 1 -> -1; case 2 -> 0; case 3 -> 1 << 20; default -> value;
                    };
                    if (q + 4 <= b.length) ByteBuffer.wrap(b, q, 4).putInt(v);
                    return b;
                }
            }
        }
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Mutation> m = net.jqwik.api.Combinators.combine(Arbitraries.integers().between(0, 3),
                Arbitraries.integers(), Arbitraries.integers().between(-128, 255), Arbitraries.integers().between(1, 64))
                .as(Mutation::new);
        return m.list().ofMinSize(1).ofMaxSize(4);
    }

    private static byte[] mutate(byte[] valid, List<Mutation> ms) {
        byte[] b = valid;
        for (Mutation m : ms) b = m.apply(b);
        return b;
    }

    private static Path file(String name, byte[] bytes) {
        try {
            return Files.write(dir.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void cleanOrRejected(Runnable r) {
        try {
            r.run();
        } catch (IllegalArgumentException expected) {
            // the readers' clean error
        }
    }

    static byte[] idxImages() {
        ByteBuffer b = ByteBuffer.allocate(16 + 3 * 4 * 5).putInt(0x803).putInt(3).putInt(4).putInt(5);
        for (int i = 0; i < 60; i++) b.put((byte) i);
        return b.array();
    }

    static byte[] idxLabels() {
        return ByteBuffer.allocate(11).putInt(0x801).putInt(3).put((byte) 1).put((byte) 0).put((byte) 9).array();
    }

    @Property(tries = 1000, seed = "20261125")
    void idxReaderFailsCleanly(@ForAll("mutations") List<Mutation> ms) {
        Path img = file("img", mutate(idxImages(), ms)), lab = file("lab", mutate(idxLabels(), ms));
        cleanOrRejected(() -> IdxReader.read(img, lab, 10));
    }

    @Property(tries = 500, seed = "20261125")
    void cifarReaderFailsCleanly(@ForAll("mutations") List<Mutation> ms) {
        byte[] valid = new byte[2 * 3073];
        valid[3073] = 7;
        cleanOrRejected(() -> Cifar10Reader.readBatch(file("cifar.bin", mutate(valid, ms))));
    }

    @Property(tries = 1000, seed = "20261125")
    void safetensorsReaderFailsCleanly(@ForAll("mutations") List<Mutation> ms) {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("0.weight", Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3));
        t.put("0.bias", Tensor.of(new double[] {0.5, -0.5}, 2));
        byte[] valid = Safetensors.encode(t, Map.of("step", "3"), Safetensors.Dtype.F64);
        cleanOrRejected(() -> Safetensors.decode(mutate(valid, ms), "fuzz.safetensors"));
    }

    @Property(tries = 1000, seed = "20261125")
    void modelJsonParserFailsCleanly(@ForAll("mutations") List<Mutation> ms) {
        String valid = "{\"arch\": \"mlp\", \"input_shape\": [1, 4, 4], \"num_outputs\": 3, "
                + "\"options\": {\"widths\": [5, 4], \"activation\": \"relu\"}}";
        String text = new String(mutate(valid.getBytes(java.nio.charset.StandardCharsets.UTF_8), ms),
                java.nio.charset.StandardCharsets.UTF_8);
        cleanOrRejected(() -> {
            ModelSpec spec = ModelSpecJson.parse(text);
            // Building the model from what parsed must also fail cleanly; cap sizes so the fuzzer cannot ask for a
            // model larger than memory (that is a resource limit, reported by the JVM, not a parser bug).
            if (spec.inputSize() <= 4096 && spec.numOutputs() <= 4096) Models.build(spec);
        });
    }

    /**
     * ONNX files: mutated exports of the ViT (its graph has the most structure: shape arithmetic, attention, fusions)
     * must load or be rejected as the user's input ({@link UserInputException}), never fail as a bug.
     */
    @Property(tries = 300, seed = "20261205")
    void onnxReaderFailsCleanly(@ForAll("mutations") List<Mutation> ms) throws Exception {
        byte[] valid = Files.readAllBytes(Path.of(ReaderFuzzTest.class.getResource("/fixtures/onnx/vit.onnx").toURI()));
        Path f = file("fuzz.onnx", mutate(valid, ms));
        try {
            GraphModel.read(f);
        } catch (UserInputException expected) {
            // the importer's clean error
        }
    }

    /**
     * torch.save files: a mutated checkpoint (zip directory, local headers, pickle and storages alike), and a valid zip
     * around a mutated pickle (so the unpickler itself sees most mutations), must be read or rejected as the user's
     * input, never fail as a bug.
     */
    @Property(tries = 500, seed = "20261206")
    void torchCheckpointReaderFailsCleanly(@ForAll("mutations") List<Mutation> ms) throws Exception {
        byte[] valid = Files.readAllBytes(checkpoint());
        Path f = file("fuzz.pt", mutate(valid, ms));
        try {
            TorchCheckpoint.read(f);
        } catch (UserInputException expected) {
            // the reader's clean error
        }
    }

    @Property(tries = 500, seed = "20261206")
    void torchUnpicklerFailsCleanly(@ForAll("mutations") List<Mutation> ms) throws Exception {
        Path f = dir.resolve("fuzz-pickle.pt");
        try (java.util.zip.ZipFile in = new java.util.zip.ZipFile(checkpoint().toFile());
                java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(f))) {
            for (var e : java.util.Collections.list(in.entries())) {
                byte[] bytes = in.getInputStream(e).readAllBytes();
                out.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                out.write(e.getName().endsWith("data.pkl") ? mutate(bytes, ms) : bytes);
                out.closeEntry();
            }
        }
        try {
            TorchCheckpoint.read(f);
        } catch (UserInputException expected) {
            // the reader's clean error
        }
    }

    /** Strided and offset views of one storage, and a second tensor: the richest small fixture. */
    private static Path checkpoint() throws java.net.URISyntaxException {
        return Path.of(ReaderFuzzTest.class.getResource("/fixtures/checkpoints/strided.pt").toURI());
    }

    @Property(tries = 1000, seed = "20261125")
    void sweepYamlParserFailsCleanly(@ForAll("mutations") List<Mutation> ms) {
        String valid = """
                search: grid
                model: {arch: mlp, options: {widths: [8, 8]}}
                dataset: fashion-mnist
                classes: [0, 1]
                loss: mse
                lr: [0.01, 0.1]
                batch_size: [8, 32]
                steps: 100
                seed: [0, 1]
                track: {every: 10, samples: 20}
                """;
        String text = new String(mutate(valid.getBytes(java.nio.charset.StandardCharsets.UTF_8), ms),
                java.nio.charset.StandardCharsets.UTF_8);
        cleanOrRejected(() -> SweepYaml.parse(text, "fuzz.yaml").runSpecs());
    }
}
