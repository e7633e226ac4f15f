package org.flatlens.data;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes hand-made torch.save zip files (a pickle and the format version) for tests of the checkpoint reader. */
public final class TorchZips {
    private TorchZips() {}

    /** {@code dir/name.pt} holding {@code name/data.pkl} = pickle and {@code name/version} = 3, as torch.save lays it out. */
    public static Path write(Path dir, String name, byte[] pickle) throws IOException {
        Path p = dir.resolve(name + ".pt");
        try (OutputStream out = Files.newOutputStream(p); ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry(name + "/data.pkl"));
            z.write(pickle);
            z.closeEntry();
            z.putNextEntry(new ZipEntry(name + "/version"));
            z.write("3\n".getBytes(StandardCharsets.US_ASCII));
            z.closeEntry();
        }
        return p;
    }
}
