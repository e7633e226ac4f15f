package org.flatlens.nn.onnx;

/** A few graph nodes run as one FlatLens operation ({@link FusedGelu}, {@link TransposedMatMul}). */
interface Fused {
    /** Computes the group's output from {@code v} and stores it there. */
    void run(Values v);
}
