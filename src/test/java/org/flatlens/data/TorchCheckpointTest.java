package org.flatlens.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.flatlens.tensor.Tensor;
import org.flatlens.testutil.FixtureReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading {@code torch.save} files: the paper code's {@code [state_dict, optimizer_state]} checkpoint and strided views
 * written by PyTorch 1.13 ({@code scripts/fixtures/make_checkpoint_fixtures.py}), and every refusal: a foreign global
 * (GLOBAL and STACK_GLOBAL opcodes, never run), instances, no state_dict, the legacy format, a non-float dtype, a
 * truncated archive, a storage too short for its tensor.
 */
class TorchCheckpointTest {
    private static final String DIR = "fixtures/checkpoints/";

    @TempDir
    Path tmp;

    @Test
    void readsThePaperCodesListOfStateDictAndOptimizerState() {
        TorchCheckpoint.StateDict sd = TorchCheckpoint.read(fixture("paper_mlp.pt"));
        assertEquals("item 0 of the saved list", sd.where());
        assertEquals(List.of("net.1.weight", "net.1.bias", "net.4.weight", "net.4.bias", "net.7.weight", "net.7.bias",
                "net.10.weight", "net.10.bias"), List.copyOf(sd.tensors().keySet()));
        assertArrayEquals(new int[] {16, 784}, sd.tensors().get("net.1.weight").shape().dims());
        assertArrayEquals(new int[] {10}, sd.tensors().get("net.10.bias").shape().dims());
        for (Tensor t : sd.tensors().values()) {
            for (double v : t.data()) assertEquals(v, (double) (float) v, 0.0, "float32 values widen exactly");
        }
    }

    @Test
    void stridedAndOffsetViewsReadAsPyTorchSeesThem() {
        Map<String, Tensor> got = TorchCheckpoint.read(fixture("strided.pt")).tensors();
        Map<String, Tensor> want = FixtureReader.resource(DIR + "strided.safetensors");
        assertEquals(4, got.size());
        for (var e : got.entrySet()) {
            Tensor w = want.get("__strided." + e.getKey());
            assertArrayEquals(w.shape().dims(), e.getValue().shape().dims(), e.getKey());
            assertArrayEquals(w.data(), e.getValue().data(), 0.0, e.getKey());
        }
    }

    @Test
    void aForeignGlobalIsRefusedBeforeAnythingRuns() throws IOException {
        Path marker = tmp.resolve("ran");
        // protocol 0: GLOBAL os.system, then REDUCE with a command that would create the marker file
        byte[] p0 = ("cos\nsystem\n(S'touch " + marker + "'\ntR.").getBytes(StandardCharsets.ISO_8859_1);
        expectRefused(zip("evil0", p0), "'os.system'");
        // protocol 4: STACK_GLOBAL builtins.eval
        byte[] p4 = concat(new byte[] {(byte) 0x80, 4, (byte) 0x8c, 8}, "builtins".getBytes(StandardCharsets.US_ASCII),
                new byte[] {(byte) 0x8c, 4}, "eval".getBytes(StandardCharsets.US_ASCII),
                new byte[] {(byte) 0x93, (byte) 0x8c, 1, '1', (byte) 0x85, 'R', '.'});
        expectRefused(zip("evil4", p4), "'builtins.eval'");
        // a pickled model object: its class is a global like any other
        byte[] model = ("c__main__\nPaperMlp\n)R.").getBytes(StandardCharsets.ISO_8859_1);
        expectRefused(zip("model", model), "'__main__.PaperMlp'");
        // INST names a class inline
        byte[] inst = ("(ios\nsystem\nS'x'\n.").getBytes(StandardCharsets.ISO_8859_1);
        expectRefused(zip("inst", inst), "INST/OBJ");
        assertFalse(Files.exists(marker));
    }

    @Test
    void aCheckpointWithoutAStateDictSaysWhatItHolds() {
        Path f = fixture("no_state_dict.pt");
        DataFormatException e = assertThrows(DataFormatException.class, () -> TorchCheckpoint.read(f));
        assertTrue(e.getMessage().startsWith(f + ": holds no state_dict"), e.getMessage());
        assertTrue(e.getMessage().contains("[epoch, lr, note]"), e.getMessage());
    }

    @Test
    void otherFormatsAndDtypesAreRefusedByName() throws IOException {
        expectRefused(fixture("legacy.pt"), "legacy format");
        expectRefused(fixture("int_weights.pt"), "tensor 'w' is int64");
        expectRefused(Files.writeString(tmp.resolve("text.pt"), "hello"), "not a torch.save file");
    }

    @Test
    void aTruncatedArchiveIsADataFormatError() throws IOException {
        byte[] whole = Files.readAllBytes(fixture("paper_mlp.pt"));
        for (int keep : new int[] {whole.length / 2, whole.length - 30, 10}) {
            Path cut = tmp.resolve("cut" + keep + ".pt");
            Files.write(cut, java.util.Arrays.copyOf(whole, keep));
            DataFormatException e = assertThrows(DataFormatException.class, () -> TorchCheckpoint.read(cut));
            assertTrue(e.getMessage().startsWith(cut.toString()), e.getMessage());
            assertEquals(1, e.getMessage().lines().count());
        }
    }

    private void expectRefused(Path file, String fragment) {
        DataFormatException e = assertThrows(DataFormatException.class, () -> TorchCheckpoint.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    private Path zip(String name, byte[] pickle) throws IOException {
        return TorchZips.write(tmp, name, pickle);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    static Path fixture(String name) {
        try {
            return Path.of(TorchCheckpointTest.class.getClassLoader().getResource(DIR + name).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
