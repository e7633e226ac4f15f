package org.flatlens.data;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Reads a whole file into memory, transparently gunzipping it when it starts with the gzip magic bytes. */
final class FileBytes {
    private static final int GZIP_MAGIC_0 = 0x1f;
    private static final int GZIP_MAGIC_1 = 0x8b;

    private FileBytes() {}

    /**
     * The (decompressed) contents of {@code file}.
     *
     * @throws DataNotFoundException if the file does not exist
     * @throws DataFormatException if it is gzip data that is corrupt or truncated, or larger than 2 GB
     */
    static byte[] read(Path file) {
        byte[] raw;
        try {
            if (Files.size(file) > Integer.MAX_VALUE - 16) throw new DataFormatException(file, "file larger than 2 GB");
            raw = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DataNotFoundException(file + ": file not found");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + FileErrors.reason(e), e);
        }
        return isGzip(raw) ? gunzip(raw, file) : raw;
    }

    static boolean isGzip(byte[] b) {
        return b.length >= 2 && (b[0] & 0xff) == GZIP_MAGIC_0 && (b[1] & 0xff) == GZIP_MAGIC_1;
    }

    private static byte[] gunzip(byte[] raw, Path file) {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(raw), 1 << 16)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length * 2);
            in.transferTo(out);
            return out.toByteArray();
        } catch (EOFException e) {
            throw new DataFormatException(file, "truncated gzip data");
        } catch (ZipException e) {
            throw new DataFormatException(file, "corrupt gzip data (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot decompress: " + e.getMessage(), e);
        }
    }
}
