package org.flatlens.autodiff;

/**
 * The primitive operations. Every other operation is a composition of these, so needs no gradient rule of its own.
 * Each primitive's rule lives in {@link GradRules}; its forward kernel in the {@code tensor} package.
 */
public enum Op {
    // unary
    NEG, EXP, LOG, POW, TANH, SIGMOID, RELU, ERF, GELU, SCALE, ADD_SCALAR,
    // along the last axis
    SOFTMAX, LAYER_NORM,
    // binary, broadcasting
    ADD, SUB, MUL, DIV,
    // reduce
    SUM,
    // movement
    RESHAPE, PERMUTE, SLICE, PAD, CONCAT, EXPAND, GATHER, SCATTER_ADD,
    // linear algebra
    MATMUL, CONV2D, CONV2D_TRANSPOSE, CONV2D_WEIGHT_GRAD
}
