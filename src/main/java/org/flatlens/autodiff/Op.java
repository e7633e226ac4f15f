package org.flatlens.autodiff;

/**
 * The primitive operations. Every other operation is a composition of these, so needs no gradient rule of its own.
 * Each primitive's rule lives in {@link GradRules}, its forward kernel in the {@code tensor} package; the functions of
 * one tensor that keep its shape (exp, tanh, GELU, softmax, ...) are one primitive, {@link #UNARY}, each defined with
 * its kernel and rule in {@link UnaryOps}.
 */
public enum Op {
    // unary, with a scalar
    NEG, POW, SCALE, ADD_SCALAR,
    // a registered function of one tensor (attribute: the UnaryOp), elementwise or along the last axis
    UNARY,
    // binary, broadcasting
    ADD, SUB, MUL, DIV,
    // reduce
    SUM,
    // movement
    RESHAPE, PERMUTE, SLICE, PAD, CONCAT, EXPAND, GATHER, SCATTER_ADD,
    // linear algebra
    MATMUL, CONV2D, CONV2D_TRANSPOSE, CONV2D_WEIGHT_GRAD
}
