package org.flatlens.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.flatlens.data.TorchUnpickler.StorageRef;
import org.flatlens.data.TorchUnpickler.TensorRef;
import org.flatlens.tensor.Shape;
import org.flatlens.tensor.Tensor;
import org.flatlens.tensor.UserInputException;

/**
 * Reads the model's state_dict from a {@code torch.save} file without Python.
 *
 * <p>Format (PyTorch ≥ 1.6, the default since): a zip archive with one top folder {@code <prefix>/} holding
 * {@code data.pkl} (the pickled object; tensors are {@code _rebuild_tensor_v2} calls on storages named by persistent
 * ids), {@code data/<key>} (each storage's raw elements, little-endian unless {@code byteorder} says {@code big}) and
 * {@code version}. The pickle is read by {@link TorchUnpickler}, which refuses any global a state_dict does not need.
 * The legacy format ({@code _use_new_zipfile_serialization=False}, PyTorch &lt; 1.6) is recognised and refused.
 *
 * <p>Which object is the model's state_dict: the saved object itself if it is a state_dict (a dict whose values are
 * all tensors); else, in a list, tuple or dict, the first item (in saved order) that is one, so that
 * {@code torch.save([model.state_dict(), optimizer.state_dict()])} and {@code {"model": ..., "epoch": 3}} both work.
 * Its tensors must be float32 or float64 (widened to double, exactly); views with offsets and strides are read element
 * by element. Every problem is a {@link DataFormatException} naming the file.
 */
public final class TorchCheckpoint {
    /**
     * The model's state_dict from a checkpoint.
     *
     * @param tensors name → tensor in saved order
     * @param where   which object of the file it is, e.g. {@code "item 0 of the saved list"} (for messages)
     */
    public record StateDict(Map<String, Tensor> tensors, String where) {}

    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
    /** torch.save's legacy format starts with the pickled magic number 0x1950a86a20f9469cfc6c (protocol 2). */
    private static final int PICKLE_PROTO = 0x80;

    private TorchCheckpoint() {}

    /** Whether {@code file} starts like a {@code torch.save} file (a zip archive, or the legacy pickle format). */
    public static boolean looksLike(Path file) {
        byte[] head = head(file, 4);
        return startsWith(head, ZIP_MAGIC) || (head.length > 0 && (head[0] & 0xFF) == PICKLE_PROTO);
    }

    public static StateDict read(Path file) {
        byte[] head = head(file, 4);
        if (!startsWith(head, ZIP_MAGIC)) {
            if (head.length > 0 && (head[0] & 0xFF) == PICKLE_PROTO) {
                throw new DataFormatException(file, "a torch.save file in the legacy format (before PyTorch 1.6, or "
                        + "_use_new_zipfile_serialization=False), which FlatLens does not read; save it again with "
                        + "torch.save(obj, path) from PyTorch 1.6 or later");
            }
            throw new DataFormatException(file, "not a torch.save file (no zip archive)");
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            String prefix = prefix(file, zip);
            Object saved;
            byte[] pickle;
            try (InputStream in = zip.getInputStream(zip.getEntry(prefix + "data.pkl"))) {
                pickle = in.readAllBytes();
            }
            try {
                saved = new TorchUnpickler(file.toString()).load(new ByteArrayInputStream(pickle));
            } catch (UserInputException e) {
                throw e;
            } catch (RuntimeException e) {
                // Pyrolite interprets arbitrary bytes: any failure of it on a damaged pickle (a cast, an index, an
                // array size) is the file's problem, not a bug of ours.
                throw new DataFormatException(file, "malformed pickle in " + prefix + "data.pkl ("
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
            }
            ByteOrder order = byteOrder(file, zip, prefix);
            Found found = find(saved);
            if (found == null) {
                throw new DataFormatException(file, "holds no state_dict (a dict of tensors), neither as the saved "
                        + "object nor as an item of a saved list, tuple or dict; saved: " + describe(saved));
            }
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : found.dict().entrySet()) {
                String name = String.valueOf(e.getKey());
                tensors.put(name, materialize(file, zip, prefix, order, name, (TensorRef) e.getValue()));
            }
            return new StateDict(tensors, found.where());
        } catch (NoSuchFileException e) {
            throw new DataNotFoundException(file + ": no such file");
        } catch (ZipException e) {
            throw new DataFormatException(file, "damaged or truncated zip archive (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new DataFormatException(file, "cannot read: " + e.getMessage());
        }
    }

    private record Found(Map<?, ?> dict, String where) {}

    /** The saved object if it is a state_dict, else the first item of a list, tuple or dict that is. */
    private static Found find(Object saved) {
        if (isStateDict(saved)) return new Found((Map<?, ?>) saved, "the saved object");
        List<Object> items = TorchUnpickler.sequence(saved);
        if (items != null) {
            for (int i = 0; i < items.size(); i++) {
                if (isStateDict(items.get(i))) return new Found((Map<?, ?>) items.get(i), "item " + i + " of the saved "
                        + (saved instanceof List ? "list" : "tuple"));
            }
        } else if (saved instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (isStateDict(e.getValue())) return new Found((Map<?, ?>) e.getValue(), "entry '" + e.getKey()
                        + "' of the saved dict");
            }
        }
        return null;
    }

    private static boolean isStateDict(Object o) {
        if (!(o instanceof Map<?, ?> m) || m.isEmpty()) return false;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getKey() instanceof String) || !(e.getValue() instanceof TensorRef)) return false;
        }
        return true;
    }

    private static Tensor materialize(Path file, ZipFile zip, String prefix, ByteOrder order, String name,
            TensorRef t) throws IOException {
        StorageRef s = t.storage();
        String dtype = s.type().dtype();
        if (!dtype.equals("float32") && !dtype.equals("float64")) {
            throw new DataFormatException(file, "tensor '" + name + "' is " + dtype + "; FlatLens reads float32 and "
                    + "float64 weights only (convert with .double() before saving)");
        }
        int[] dims = new int[t.size().length];
        long count = 1, last = t.offset();
        for (int d = 0; d < dims.length; d++) {
            if (t.size()[d] < 0 || t.size()[d] > Integer.MAX_VALUE || t.stride()[d] < 0) {
                throw new DataFormatException(file, "tensor '" + name + "' has a bad size or stride");
            }
            dims[d] = (int) t.size()[d];
            count *= dims[d];
            last += (dims[d] - 1) * t.stride()[d];
        }
        if (count > Integer.MAX_VALUE - 16) throw new DataFormatException(file, "tensor '" + name + "' is too large");
        if (count > 0 && (t.offset() < 0 || last >= s.numel())) {
            throw new DataFormatException(file, "tensor '" + name + "' reaches past the end of its storage");
        }
        ByteBuffer data = storage(file, zip, prefix, s).order(order);
        double[] out = new double[(int) count];
        int[] index = new int[dims.length];
        for (int i = 0; i < out.length; i++) {
            long at = t.offset();
            for (int d = 0; d < dims.length; d++) at += index[d] * t.stride()[d];
            out[i] = s.type().bytes() == 8 ? data.getDouble((int) at * 8) : data.getFloat((int) at * 4);
            for (int d = dims.length - 1; d >= 0 && ++index[d] == dims[d]; d--) index[d] = 0;
        }
        return new Tensor(Shape.of(dims), out);
    }

    private static ByteBuffer storage(Path file, ZipFile zip, String prefix, StorageRef s) throws IOException {
        String entryName = prefix + "data/" + s.key();
        ZipEntry e = zip.getEntry(entryName);
        if (e == null) throw new DataFormatException(file, "storage " + entryName + " is missing");
        long want = s.numel() * s.type().bytes();
        if (want > Integer.MAX_VALUE - 16) throw new DataFormatException(file, "storage " + entryName + " too large");
        byte[] bytes;
        try (InputStream in = zip.getInputStream(e)) {
            bytes = in.readNBytes((int) want + 1);
        }
        if (bytes.length != want) {
            throw new DataFormatException(file, "storage " + entryName + " has " + bytes.length + " bytes, expected "
                    + want + " (" + s.numel() + " × " + s.type().dtype() + ")");
        }
        return ByteBuffer.wrap(bytes);
    }

    /** The one top folder holding {@code data.pkl}, with its slash. */
    private static String prefix(Path file, ZipFile zip) {
        List<String> found = new ArrayList<>();
        zip.stream().map(ZipEntry::getName).filter(n -> n.endsWith("data.pkl") && n.indexOf('/') == n.length() - 9)
                .forEach(found::add);
        if (found.size() != 1) {
            throw new DataFormatException(file, "a zip archive but not a torch.save file (" + found.size()
                    + " data.pkl entries in a top folder, expected 1)");
        }
        return found.get(0).substring(0, found.get(0).length() - "data.pkl".length());
    }

    private static ByteOrder byteOrder(Path file, ZipFile zip, String prefix) throws IOException {
        ZipEntry e = zip.getEntry(prefix + "byteorder");
        if (e == null) return ByteOrder.LITTLE_ENDIAN;
        try (InputStream in = zip.getInputStream(e)) {
            String s = new String(in.readNBytes(16), java.nio.charset.StandardCharsets.US_ASCII).trim();
            return switch (s) {
                case "little" -> ByteOrder.LITTLE_ENDIAN;
                case "big" -> ByteOrder.BIG_ENDIAN;
                default -> throw new DataFormatException(file, "unknown byteorder '" + s + "'");
            };
        }
    }

    private static String describe(Object o) {
        if (o == null) return "None";
        if (o instanceof Map<?, ?> m) return "a dict with keys " + abbreviate(new ArrayList<>(m.keySet()));
        List<Object> items = TorchUnpickler.sequence(o);
        if (items != null) return "a sequence of " + items.size() + " items";
        if (o instanceof TensorRef) return "a single tensor";
        return "a " + o.getClass().getSimpleName();
    }

    private static String abbreviate(List<Object> keys) {
        List<Object> shown = keys.subList(0, Math.min(5, keys.size()));
        return shown + (keys.size() > 5 ? " and " + (keys.size() - 5) + " more" : "");
    }

    private static byte[] head(Path file, int n) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(n);
        } catch (NoSuchFileException e) {
            throw new DataNotFoundException(file + ": no such file");
        } catch (IOException e) {
            throw new DataFormatException(file, "cannot read: " + e.getMessage());
        }
    }

    private static boolean startsWith(byte[] head, byte[] magic) {
        if (head.length < magic.length) return false;
        for (int i = 0; i < magic.length; i++) if (head[i] != magic[i]) return false;
        return true;
    }
}
