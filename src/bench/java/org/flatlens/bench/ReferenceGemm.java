package org.flatlens.bench;

import java.lang.reflect.InvocationTargetException;
import java.util.Optional;

/**
 * A reference dgemm to measure FlatLens's {@code Gemm} against. The OpenBLAS implementation lives in
 * {@code src/bench/java} and is compiled only by the Maven profile {@code bench}, so the default jar carries no native
 * library; {@link #load} finds it when it is on the class path.
 */
public interface ReferenceGemm {
    /** Library, version, kernel family and thread count, e.g. {@code "OpenBLAS 0.3.31 ... Zen, 2 threads"}. */
    String describe();

    /** Copies the inputs to wherever the library needs them; the returned product is run repeatedly. */
    Prepared prepare(GemmShape shape, double[] a, double[] b);

    /** One set of operands ready to multiply. */
    interface Prepared extends AutoCloseable {
        /** {@code C = op(A)·op(B)}. */
        void run();

        /** C after the last {@link #run}, row-major m×n. */
        double[] result();

        @Override
        void close();
    }

    /** Fully qualified name of the OpenBLAS binding built by {@code -Pbench}. */
    String OPENBLAS_CLASS = "org.flatlens.bench.OpenBlasGemm";

    /**
     * The OpenBLAS binding using {@code threads} threads, or empty when it was not compiled in (default build).
     *
     * @throws IllegalStateException when the class is present but its native library fails to load
     */
    static Optional<ReferenceGemm> load(int threads) {
        try {
            Class<?> cls = Class.forName(OPENBLAS_CLASS);
            return Optional.of((ReferenceGemm) cls.getConstructor(int.class).newInstance(threads));
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("OpenBLAS failed to load: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("OpenBLAS binding is unusable: " + e, e);
        }
    }
}
