package org.flatlens.tensor;

import java.util.Locale;

/**
 * Fails cleanly, before allocating, when a computation's estimated memory does not fit in what the Java heap can still
 * give, instead of an {@link OutOfMemoryError} half-way. The message gives the estimate, the heap and how to raise it.
 */
public final class HeapCheck {
    private HeapCheck() {}

    /**
     * @param bytes estimated bytes the work needs (a lower bound is fine: the check then only catches hopeless cases)
     * @param what  the work and its size, e.g. "training mlp (1,568,000,000 parameters)"
     * @throws UserInputException if {@code bytes} exceed the free heap
     */
    public static void require(long bytes, String what) {
        Runtime rt = Runtime.getRuntime();
        long used = rt.totalMemory() - rt.freeMemory();
        long available = rt.maxMemory() - used;
        if (bytes <= available) return;
        long suggestGb = (long) Math.ceil((bytes + used) * 1.25 / (1L << 30));
        throw new UserInputException(what + " needs about " + size(bytes) + " of memory, more than the "
                + size(Math.max(0, available)) + " the Java heap (maximum " + size(rt.maxMemory()) + ") can still "
                + "give; raise it with FLATLENS_JAVA_OPTS=-Xmx" + suggestGb + "g if the machine has that much, or "
                + "choose a smaller model or fewer samples");
    }

    /** Bytes of {@code count} doubles, saturating instead of overflowing. */
    public static long doubles(long count) {
        return count > Long.MAX_VALUE / 8 ? Long.MAX_VALUE : count * 8;
    }

    static String size(long bytes) {
        if (bytes >= 1L << 30) return String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30));
        return String.format(Locale.ROOT, "%.0f MB", Math.ceil(bytes / (double) (1L << 20)));
    }
}
