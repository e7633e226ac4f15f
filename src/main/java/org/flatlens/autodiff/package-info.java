/**
 * Reverse-mode automatic differentiation whose gradients are graphs themselves: Var, the primitive Op set,
 * the gradient-rule table (GradRules), the functions of one tensor with their kernels and rules (UnaryOps),
 * Autodiff.grad and Hessian-vector products.
 *
 * <p>May import: tensor.
 */
package org.flatlens.autodiff;
