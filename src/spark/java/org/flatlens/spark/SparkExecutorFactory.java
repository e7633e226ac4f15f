package org.flatlens.spark;

import org.flatlens.experiments.RunExecutor;
import org.flatlens.experiments.RunExecutorFactory;

/** {@code --executor spark} (registered in META-INF/services). {@code --parallel} does not apply: Spark's slots do. */
public final class SparkExecutorFactory implements RunExecutorFactory {
    @Override
    public String name() {
        return "spark";
    }

    @Override
    public RunExecutor create(String master, int parallel) {
        return new SparkExecutor(master);
    }
}
