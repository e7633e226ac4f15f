package org.flatlens.cli;

import java.nio.file.Path;
import java.util.Arrays;
import org.flatlens.data.DataDirs;
import org.flatlens.data.Dataset;
import org.flatlens.data.DatasetLoader;
import org.flatlens.data.DatasetName;
import org.flatlens.data.Split;
import picocli.CommandLine.Option;

/** The options that choose data: dataset, folder and class subset (a picocli mixin shared by the commands). */
final class DataSelection {
    @Option(names = "--dataset", required = true, paramLabel = "NAME",
            description = "mnist, fashion-mnist or cifar10.")
    String dataset;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Folder with the dataset's files (default: the cache that `flatlens data fetch` fills).")
    Path dataDir;

    @Option(names = "--classes", split = ",", paramLabel = "C",
            description = "Class subset in output order, e.g. 0,1 (default: all classes).")
    int[] classes = new int[0];

    DatasetName name() {
        return DatasetName.parse(dataset);
    }

    /** The split, restricted to the class subset. */
    Dataset load(Split split) {
        DatasetName n = name();
        Path dir = DataDirs.forDataset(n, dataDir);
        Dataset d = DatasetLoader.load(n, split, dir);
        return classes.length == 0 ? d : d.classSubset(classes);
    }

    int[] classes() {
        return Arrays.copyOf(classes, classes.length);
    }
}
