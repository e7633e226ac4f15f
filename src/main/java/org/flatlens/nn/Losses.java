package org.flatlens.nn;

import org.flatlens.autodiff.Functions;
import org.flatlens.autodiff.Var;
import org.flatlens.tensor.Tensor;

/**
 * The losses of THEORY.md §1, averaged over the batch. MSE is {@code ½ Σ_c (f_c − y_c)²} per sample (not PyTorch's
 * {@code MSELoss}, which also averages over the k outputs and has no ½: its Hessian is 2/k times this one).
 */
public final class Losses {
    private Losses() {}

    /** {@code (1/N) Σ_i ½ ||f_i − y_i||²}; outputs and targets {@code [N, k]}. */
    public static Var mse(Var outputs, Tensor targets) {
        int n = outputs.shape().dim(0);
        return outputs.sub(Var.constant(targets)).square().sum().mul(0.5 / n);
    }

    /** {@code (1/N) Σ_i −log softmax(f_i)_{y_i}}; outputs {@code [N, k]}, one-hot targets {@code [N, k]}. */
    public static Var crossEntropy(Var outputs, Tensor oneHotTargets) {
        int n = outputs.shape().dim(0);
        return Functions.logSoftmax(outputs, 1).mul(Var.constant(oneHotTargets)).sum().mul(-1.0 / n);
    }

    /** The loss by name: {@code mse} or {@code ce}. */
    public static Var of(LossKind kind, Var outputs, Tensor oneHotTargets) {
        return kind == LossKind.MSE ? mse(outputs, oneHotTargets) : crossEntropy(outputs, oneHotTargets);
    }
}
