package org.flatlens.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads a split of a {@link DatasetName} from a directory.
 *
 * <p>Expected files: IDX datasets {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
 * {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}, each optionally with {@code .gz}; CIFAR-10
 * {@code data_batch_1.bin} .. {@code data_batch_5.bin} (train, concatenated in that order, so original indices run
 * 0..49,999 across them) and {@code test_batch.bin}, directly in the directory or in its {@code cifar-10-batches-bin}
 * subdirectory (as the archive unpacks). Missing files raise {@link DataNotFoundException}, malformed ones
 * {@link DataFormatException}.
 */
public final class DatasetLoader {
    /** The subdirectory the CIFAR-10 binary archive unpacks into. */
    public static final String CIFAR_SUBDIR = "cifar-10-batches-bin";

    private DatasetLoader() {}

    /** Loads {@code split} of {@code name} from {@code dir}; the dataset is named {@code <name>/<split>}. */
    public static Dataset load(DatasetName name, Split split, Path dir) {
        List<Path> files = files(name, split, dir);
        LabeledImages images = name.isIdx()
                ? IdxReader.read(files.get(0), files.get(1), name.numClasses())
                : Cifar10Reader.readBatches(files);
        if (images.height() != name.side() || images.width() != name.side()) {
            throw new DataFormatException(files.get(0), "expected " + name.side() + "x" + name.side() + " images for "
                    + name + ", found " + images.height() + "x" + images.width());
        }
        return Dataset.of(name + "/" + split.id(), images, name.numClasses());
    }

    /** The base file names of a split (IDX: images then labels, without {@code .gz}; CIFAR-10: the batches). */
    public static List<String> fileNames(DatasetName name, Split split) {
        if (name.isIdx()) {
            String p = split == Split.TRAIN ? "train" : "t10k";
            return List.of(p + "-images-idx3-ubyte", p + "-labels-idx1-ubyte");
        }
        if (split == Split.TEST) return List.of("test_batch.bin");
        List<String> r = new ArrayList<>();
        for (int i = 1; i <= 5; i++) r.add("data_batch_" + i + ".bin");
        return r;
    }

    /**
     * The existing files of a split, in {@link #fileNames} order.
     *
     * @throws DataNotFoundException naming the first missing file and how to obtain it
     */
    public static List<Path> files(DatasetName name, Split split, Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new DataNotFoundException(name + " " + split.id() + ": data directory " + dir + " is a file, not a "
                    + "directory; give the folder that holds the data files");
        }
        if (!Files.isDirectory(dir)) {
            throw new DataNotFoundException(name + " " + split.id() + ": data directory " + dir + " does not exist; "
                    + howToGet(name, dir));
        }
        Path base = !name.isIdx() && !Files.exists(dir.resolve("test_batch.bin"))
                && Files.isDirectory(dir.resolve(CIFAR_SUBDIR)) ? dir.resolve(CIFAR_SUBDIR) : dir;
        List<Path> found = new ArrayList<>();
        for (String f : fileNames(name, split)) {
            Path plain = base.resolve(f);
            Path gz = base.resolve(f + ".gz");
            if (Files.isRegularFile(plain)) {
                found.add(plain);
            } else if (name.isIdx() && Files.isRegularFile(gz)) {
                found.add(gz);
            } else if (Files.isDirectory(plain)) {
                throw new DataNotFoundException(name + " " + split.id() + ": " + plain + " is a directory, not a data "
                        + "file; " + howToGet(name, dir));
            } else {
                throw new DataNotFoundException(name + " " + split.id() + ": " + f + (name.isIdx() ? "(.gz)" : "")
                        + " not found in " + base + "; " + howToGet(name, dir));
            }
        }
        return found;
    }

    /** One line saying how to put the files of {@code name} into {@code dir}. */
    public static String howToGet(DatasetName name, Path dir) {
        if (name.isIdx()) return "run 'flatlens data fetch " + name + " --dir " + dir + "' or copy the IDX files there";
        return "download the CIFAR-10 binary version (cifar-10-binary.tar.gz), extract it and put data_batch_1.bin .. "
                + "data_batch_5.bin and test_batch.bin in " + dir + " (or its " + CIFAR_SUBDIR + " subdirectory)";
    }
}
