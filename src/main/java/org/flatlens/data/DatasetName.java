package org.flatlens.data;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.flatlens.tensor.UserInputException;

/** The datasets FlatLens can load, with their fixed image shape and number of classes. */
public enum DatasetName {
    MNIST("mnist", 1, 28),
    FASHION_MNIST("fashion-mnist", 1, 28),
    CIFAR10("cifar10", 3, 32);

    private final String id;
    private final int channels;
    private final int side;

    DatasetName(String id, int channels, int side) {
        this.id = id;
        this.channels = channels;
        this.side = side;
    }

    /** The command-line name: {@code mnist}, {@code fashion-mnist}, {@code cifar10}. */
    public String id() {
        return id;
    }

    public int channels() {
        return channels;
    }

    /** Image height = width. */
    public int side() {
        return side;
    }

    public int numClasses() {
        return 10;
    }

    /** Whether the files are in IDX format (else CIFAR-10 binary). */
    public boolean isIdx() {
        return this != CIFAR10;
    }

    /**
     * Parses a name, case-insensitively, ignoring '-' and '_' ({@code fashion-mnist}, {@code FashionMNIST},
     * {@code cifar-10} all work).
     */
    public static DatasetName parse(String s) {
        String key = normalise(s);
        for (DatasetName v : values()) if (normalise(v.id).equals(key)) return v;
        throw new UserInputException("unknown dataset '" + s + "' (expected one of "
                + Arrays.stream(values()).map(DatasetName::id).collect(Collectors.joining(", ")) + ")");
    }

    private static String normalise(String s) {
        return s.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    }

    @Override
    public String toString() {
        return id;
    }
}
