package org.flatlens.experiments;

import org.flatlens.data.Dataset;

/**
 * Where a sweep's runs get their data: the real files ({@link FileDataProvider}) or, in tests, synthetic data.
 * Serializable so that a distributed executor can send it to its workers with the {@link RunTask}.
 */
public interface DataProvider extends java.io.Serializable {
    /** A dataset's training and test splits (test may be empty, never null). */
    record Splits(Dataset train, Dataset test) {}

    /**
     * The splits of {@code dataset} restricted to {@code classes} (class {@code classes[j]} becomes label j; empty:
     * all classes). Must be safe to call from several threads.
     */
    Splits load(String dataset, int[] classes);
}
