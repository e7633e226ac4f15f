package org.flatlens.data;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where datasets live. A dataset's directory is, in order of precedence: the directory given explicitly (a
 * {@code --dir} option); {@code $FLATLENS_DATA/<name>} when the environment variable {@code FLATLENS_DATA} is set;
 * {@code ~/.cache/flatlens/data/<name>} otherwise. {@code <name>} is {@link DatasetName#id()}.
 */
public final class DataDirs {
    /** The environment variable naming the root of the data cache. */
    public static final String ENV_VAR = "FLATLENS_DATA";

    private DataDirs() {}

    /** The cache root: {@code $FLATLENS_DATA} if set and non-blank, else {@code <userHome>/.cache/flatlens/data}. */
    public static Path root(Map<String, String> env, String userHome) {
        String v = env.get(ENV_VAR);
        if (v != null && !v.isBlank()) return Path.of(v);
        return Path.of(userHome, ".cache", "flatlens", "data");
    }

    /**
     * The directory of {@code name}.
     *
     * @param explicitDir a directory given by the user, used as is; may be null
     */
    public static Path forDataset(DatasetName name, Path explicitDir, Map<String, String> env, String userHome) {
        return explicitDir != null ? explicitDir : root(env, userHome).resolve(name.id());
    }

    /** {@link #forDataset} with this process's environment and home directory. */
    public static Path forDataset(DatasetName name, Path explicitDir) {
        return forDataset(name, explicitDir, System.getenv(), System.getProperty("user.home"));
    }
}
