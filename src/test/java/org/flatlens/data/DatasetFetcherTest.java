package org.flatlens.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verify-and-install step of fetching, on local files (the network part is exercised by hand, see README). */
class DatasetFetcherTest {
    @TempDir
    Path tmp;

    private final List<String> lines = new ArrayList<>();
    private final DatasetFetcher fetcher = new DatasetFetcher(lines::add);

    private KnownFiles.ExpectedFile expected(String name, byte[] content) throws IOException {
        Path p = TestFiles.write(tmp.resolve("hash"), name, content);
        return new KnownFiles.ExpectedFile(name, content.length, DatasetFetcher.sha256Hex(p));
    }

    @Test
    void installsVerifiedFilesDecompressingGzip() throws IOException {
        byte[] img = TestFiles.idxImages(3, 2, 2);
        byte[] lab = TestFiles.idxLabels(1, 2, 3);
        List<KnownFiles.ExpectedFile> want = List.of(expected("imgs", img), expected("labs", lab));
        Path src = tmp.resolve("pkg");
        TestFiles.write(src, "imgs.gz", TestFiles.gzip(img));
        TestFiles.write(src, "labs", lab);
        Path dir = tmp.resolve("cache/mnist");
        fetcher.install(src, want, dir);
        assertArrayEquals(img, Files.readAllBytes(dir.resolve("imgs")));
        assertArrayEquals(lab, Files.readAllBytes(dir.resolve("labs")));
        assertTrue(fetcher.allPresent(want, dir));
        fetcher.install(src, want, dir);
        assertTrue(lines.get(lines.size() - 1).contains("already present"), lines.toString());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(2, s.count(), "no partial files left");
        }
    }

    @Test
    void refusesFilesWithTheWrongChecksum() throws IOException {
        byte[] lab = TestFiles.idxLabels(1, 2, 3);
        KnownFiles.ExpectedFile want = expected("labs", lab);
        lab[9] = 7;
        Path src = TestFiles.write(tmp.resolve("pkg"), "labs", lab).getParent();
        Path dir = tmp.resolve("cache");
        FetchException e = assertThrows(FetchException.class, () -> fetcher.install(src, List.of(want), dir));
        assertTrue(e.getMessage().startsWith("labs: got 11 bytes with SHA-256 ") && e.getMessage().endsWith(
                "; not installed"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("labs")));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(0, s.count(), "no partial files left");
        }
        FetchException missing = assertThrows(FetchException.class,
                () -> fetcher.install(tmp.resolve("nothing"), List.of(want), dir));
        assertTrue(missing.getMessage().contains("the package has no labs(.gz)"), missing.getMessage());
    }

    @Test
    void cifarCannotBeFetchedAndSaysWhereFilesGo() {
        FetchException e = assertThrows(FetchException.class, () -> fetcher.fetch(DatasetName.CIFAR10, tmp));
        assertTrue(e.getMessage().startsWith("CIFAR-10 cannot be downloaded here"), e.getMessage());
        assertTrue(e.getMessage().contains("data_batch_1.bin") && e.getMessage().contains(tmp.toString()));
    }

    @Test
    void errorLinePicksTheReason() {
        String npm = "npm error code ECONNREFUSED\nnpm error FetchError: request to http://127.0.0.1:9/x failed, "
                + "reason: connect ECONNREFUSED\nnpm error A complete log of this run can be found in: /x.log\n";
        assertTrue(new Subprocess.Result(1, "", npm).errorLine().startsWith("npm error FetchError"));
        String apt = "W: some warning\nE: Unable to locate package dataset-fashion-mnist\n";
        assertEquals("E: Unable to locate package dataset-fashion-mnist",
                new Subprocess.Result(100, "", apt).errorLine());
        assertEquals("last words", new Subprocess.Result(2, "", "first\nlast words\n").errorLine());
        assertEquals("(no output)", new Subprocess.Result(2, "", "").errorLine());
    }

    @Test
    void missingProgramIsAFetchException() {
        FetchException e = assertThrows(FetchException.class, () -> Subprocess.run(
                List.of("flatlens-no-such-program-xyz"), tmp, java.time.Duration.ofSeconds(10), "install it"));
        assertEquals("flatlens-no-such-program-xyz is not installed or not on PATH; install it", e.getMessage());
    }

    @Test
    void knownChecksumsAreWellFormed() {
        for (DatasetName n : List.of(DatasetName.MNIST, DatasetName.FASHION_MNIST)) {
            List<String> names = KnownFiles.of(n).stream().map(KnownFiles.ExpectedFile::name).toList();
            List<String> loaderNames = new ArrayList<>(DatasetLoader.fileNames(n, Split.TRAIN));
            loaderNames.addAll(DatasetLoader.fileNames(n, Split.TEST));
            assertEquals(loaderNames, names);
            for (KnownFiles.ExpectedFile f : KnownFiles.of(n)) assertTrue(f.sha256().matches("[0-9a-f]{64}"));
        }
    }
}
