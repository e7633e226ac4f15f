package org.flatlens.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flatlens.tensor.Shape;
import org.flatlens.tensor.Tensor;

/**
 * Reading and writing the safetensors format (the format of Hugging Face's {@code safetensors} library).
 *
 * <p>Layout: an 8-byte little-endian unsigned header length N; N bytes of UTF-8 JSON
 * {@code {"__metadata__": {str: str}, "<name>": {"dtype": "F64", "shape": [..], "data_offsets": [begin, end]}, ..}};
 * then the data section, each tensor's elements row-major and little-endian at {@code [begin, end)} relative to the
 * start of the data section. Written files list the tensors in the map's order with increasing offsets, and pad the
 * header with spaces to a multiple of 8 bytes, as the reference implementation does.
 *
 * <p>Reading accepts F64 and F32 (widened to double); any other dtype, a malformed header, offsets that overlap,
 * leave gaps or do not match shape × dtype size raise a {@link DataFormatException} naming the file. Tensors are
 * returned in data-offset order (for files written here, the order they were written in).
 */
public final class Safetensors {
    /** Upper limit on the header length, as in the reference implementation. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    /** Element types FlatLens reads and writes. */
    public enum Dtype {
        F64(8), F32(4);

        private final int bytes;

        Dtype(int bytes) {
            this.bytes = bytes;
        }

        /** Bytes per element. */
        public int bytes() {
            return bytes;
        }

        /** The dtype with this safetensors name, or null when FlatLens does not support it. */
        static Dtype find(String name) {
            for (Dtype d : values()) if (d.name().equals(name)) return d;
            return null;
        }
    }

    /**
     * The contents of a safetensors file.
     *
     * @param tensors name → tensor, unmodifiable, in data-offset order
     * @param metadata the {@code __metadata__} entries, unmodifiable, in document order (empty when absent)
     */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
        public Contents {
            tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
            metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }
    }

    private Safetensors() {}

    /** Writes {@code tensors} as F64 (exactly), atomically; see {@link #write(Path, Map, Map, Dtype)}. */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {
        write(file, tensors, metadata, Dtype.F64);
    }

    /**
     * Writes a safetensors file atomically: the bytes go to a temporary file in the same directory, which is synced
     * and then renamed over {@code file}, so readers never see a half-written file. Creates missing parent directories.
     *
     * @param tensors in the order to write them (use a LinkedHashMap); not modified
     * @param dtype F64 keeps values exactly; F32 rounds each to the nearest float
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata, Dtype dtype) {
        AtomicFiles.write(file, encode(tensors, metadata, dtype));
    }

    /** The bytes of a safetensors file holding {@code tensors} and {@code metadata}. */
    public static byte[] encode(Map<String, Tensor> tensors, Map<String, String> metadata, Dtype dtype) {
        List<SafetensorsHeader.Entry> entries = new ArrayList<>();
        long at = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (e.getKey().equals(SafetensorsHeader.METADATA_KEY)) {
                throw new IllegalArgumentException("a tensor cannot be named " + SafetensorsHeader.METADATA_KEY);
            }
            long len = (long) e.getValue().size() * dtype.bytes();
            entries.add(new SafetensorsHeader.Entry(e.getKey(), dtype, e.getValue().shape().dims(), at, at + len));
            at += len;
        }
        byte[] header = SafetensorsHeader.toJson(entries, metadata);
        if (8L + header.length + at > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("safetensors file would exceed 2 GB (" + at + " data bytes)");
        }
        ByteBuffer buf = ByteBuffer.allocate(8 + header.length + (int) at).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(header.length).put(header);
        for (Tensor t : tensors.values()) {
            for (double v : t.data()) {
                if (dtype == Dtype.F64) buf.putDouble(v);
                else buf.putFloat((float) v);
            }
        }
        return buf.array();
    }

    /**
     * Reads a safetensors file.
     *
     * @throws DataNotFoundException if it does not exist
     * @throws DataFormatException if it is malformed or holds a dtype other than F64 / F32
     */
    public static Contents read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DataNotFoundException(file + ": file not found");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + FileErrors.reason(e), e);
        }
        return decode(bytes, file.toString());
    }

    /** Decodes the bytes of a safetensors file; {@code source} names it in error messages. */
    public static Contents decode(byte[] bytes, String source) {
        if (bytes.length < 8) {
            throw new DataFormatException(source, "too short for a safetensors header (" + bytes.length + " bytes)");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = buf.getLong(0);
        if (n <= 0 || n > MAX_HEADER_BYTES) {
            throw new DataFormatException(source, "implausible header length " + Long.toUnsignedString(n)
                    + " (limit " + MAX_HEADER_BYTES + "); not a safetensors file?");
        }
        if (n > bytes.length - 8) {
            throw new DataFormatException(source, "header length " + n + " exceeds the file size " + bytes.length
                    + "; truncated?");
        }
        int dataStart = 8 + (int) n;
        byte[] json = java.util.Arrays.copyOfRange(bytes, 8, dataStart);
        SafetensorsHeader.Parsed h = SafetensorsHeader.parse(json, bytes.length - dataStart, source);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (SafetensorsHeader.Entry e : h.entries()) {
            tensors.put(e.name(), readTensor(buf, dataStart, e));
        }
        return new Contents(tensors, h.metadata());
    }

    private static Tensor readTensor(ByteBuffer buf, int dataStart, SafetensorsHeader.Entry e) {
        ByteBuffer slice = buf.duplicate().position(dataStart + (int) e.begin()).limit(dataStart + (int) e.end())
                .slice().order(ByteOrder.LITTLE_ENDIAN);
        Shape shape = Shape.of(e.shape());
        double[] data = new double[shape.size()];
        if (e.dtype() == Dtype.F64) {
            slice.asDoubleBuffer().get(data);
        } else {
            for (int i = 0; i < data.length; i++) data[i] = slice.getFloat(4 * i);
        }
        return new Tensor(shape, data);
    }
}
