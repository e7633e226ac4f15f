package org.flatlens.train;

import java.util.ArrayList;
import java.util.List;
import org.flatlens.tensor.Tensor;

/**
 * Stochastic gradient descent as {@code torch.optim.SGD} (dampening 0, no Nesterov): {@code d = g + λθ};
 * with momentum μ > 0, {@code b ← μ b + d} (b = d on the first step) and {@code θ ← θ − η b}; otherwise {@code θ ← θ − η d}.
 * The momentum buffers are the optimizer's state, saved with checkpoints so that training resumes exactly.
 */
public final class Sgd {
    private final double learningRate, momentum, weightDecay;
    private List<Tensor> buffers;

    public Sgd(double learningRate, double momentum, double weightDecay) {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
        }
        if (!(momentum >= 0 && momentum < 1)) throw new IllegalArgumentException("momentum must be in [0, 1)");
        if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay must be ≥ 0");
        }
        this.learningRate = learningRate;
        this.momentum = momentum;
        this.weightDecay = weightDecay;
    }

    /**
     * One update.
     *
     * @param params parameter tensors, modified in place
     * @param grads  gradients of the same shapes; not modified
     */
    public void step(List<Tensor> params, List<Tensor> grads) {
        if (params.size() != grads.size()) throw new IllegalArgumentException("parameter and gradient counts differ");
        boolean first = momentum > 0 && buffers == null;
        if (first) buffers = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            Tensor d = grads.get(i);
            if (weightDecay != 0) d = d.add(p.mul(weightDecay));
            if (momentum > 0) {
                if (first) {
                    buffers.add(d.copy());
                } else {
                    Tensor b = buffers.get(i);
                    b.scaleInPlace(momentum).addInPlace(d);
                }
                d = buffers.get(i);
            }
            p.axpyInPlace(-learningRate, d);
        }
    }

    /** The momentum buffers (empty before the first step or without momentum). */
    public List<Tensor> state() {
        return buffers == null ? List.of() : List.copyOf(buffers);
    }

    /** Restores the momentum buffers saved by {@link #state()}. */
    public void restore(List<Tensor> state) {
        buffers = state.isEmpty() ? null : new ArrayList<>(state);
    }
}
