package org.flatlens.experiments;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.flatlens.data.DataDirs;
import org.flatlens.data.DatasetLoader;
import org.flatlens.data.DatasetName;
import org.flatlens.data.Split;

/**
 * Loads datasets from their directories ({@link DataDirs}: {@code $FLATLENS_DATA/<name>} or the user cache, or
 * {@code root/<name>} when a root is given), reading each split file once per process.
 */
public final class FileDataProvider implements DataProvider {
    private static final long serialVersionUID = 1L;

    /** Sent to a worker as a string (paths are not serializable); the worker resolves it on its own file system. */
    private final String rootName;
    private final transient Path root;
    private final transient Map<DatasetName, Splits> cache = new ConcurrentHashMap<>();

    /** @param root folder holding {@code <name>/} dataset folders, or null for the default locations */
    public FileDataProvider(Path root) {
        this.rootName = root == null ? null : root.toString();
        this.root = root;
    }

    /** A deserialized provider starts with an empty cache (the datasets are read again where it runs). */
    private Object readResolve() {
        return new FileDataProvider(rootName == null ? null : Path.of(rootName));
    }

    @Override
    public Splits load(String dataset, int[] classes) {
        DatasetName name = DatasetName.parse(dataset);
        Splits all = cache.computeIfAbsent(name, n -> {
            Path dir = DataDirs.forDataset(n, root == null ? null : root.resolve(n.id()));
            return new Splits(DatasetLoader.load(n, Split.TRAIN, dir), DatasetLoader.load(n, Split.TEST, dir));
        });
        if (classes.length == 0) return all;
        return new Splits(all.train().classSubset(classes), all.test().classSubset(classes));
    }

    /** The dataset folder the provider reads {@code name} from. */
    public Path directory(DatasetName name) {
        return DataDirs.forDataset(name, root == null ? null : root.resolve(name.id()));
    }

}
