package org.flatlens.experiments;

/**
 * Makes a {@link RunExecutor} that lives outside the core jar (the Spark one): found with {@link java.util.ServiceLoader}
 * by {@link #name()}, so that the core neither depends on nor loads it.
 */
public interface RunExecutorFactory {
    /** What {@code --executor} names it by, e.g. {@code spark}. */
    String name();

    /**
     * @param master where to run (e.g. a cluster manager's URL), or null for the executor's default
     * @param parallel the {@code --parallel} option: runs at a time where the executor decides that itself
     */
    RunExecutor create(String master, int parallel);
}
