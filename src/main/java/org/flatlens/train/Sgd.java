package org.flatlens.train;

import java.util.ArrayList;
import java.util.List;
import org.flatlens.tensor.kernels.Parallel;
import org.flatlens.tensor.Tensor;
import org.flatlens.tensor.UserInputException;

/**
 * Stochastic gradient descent as {@code torch.optim.SGD} (dampening 0, no Nesterov): {@code d = g + λθ};
 * with momentum μ > 0, {@code b ← μ b + d} (b = d on the first step) and {@code θ ← θ − η b}; otherwise {@code θ ← θ − η d}.
 * The momentum buffers are the optimizer's state, saved with checkpoints so that training resumes exactly.
 */
public final class Sgd {
    /** Elements per parallel chunk of the update. */
    private static final int GRAIN = 1 << 15;

    private final double learningRate, momentum, weightDecay;
    private List<Tensor> buffers;

    public Sgd(double learningRate, double momentum, double weightDecay) {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new UserInputException("learning rate must be positive, got " + learningRate);
        }
        if (!(momentum >= 0 && momentum < 1)) throw new UserInputException("momentum must be in [0, 1)");
        if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
            throw new UserInputException("weight decay must be ≥ 0");
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
        for (int i = 0; i < params.size(); i++) {
            if (!params.get(i).shape().equals(grads.get(i).shape())) {
                throw new IllegalArgumentException("parameter " + i + " has shape " + params.get(i).shape()
                        + " but its gradient " + grads.get(i).shape());
            }
        }
        boolean first = momentum > 0 && buffers == null;
        if (first) {
            buffers = new ArrayList<>();
            for (Tensor p : params) buffers.add(Tensor.zeros(p.shape()));
        }
        for (int i = 0; i < params.size(); i++) {
            double[] p = params.get(i).data(), g = grads.get(i).data();
            double[] b = momentum > 0 ? buffers.get(i).data() : null;
            Parallel.forRange(p.length, GRAIN, (lo, hi) -> update(p, g, b, first, lo, hi));
        }
    }

    /**
     * Elements [lo, hi) of one parameter, in one pass. The arithmetic is that of the textbook sequence (d = g + λθ,
     * b = μb + d, θ = θ − ηb) element by element, so the result does not depend on how the range is split.
     */
    private void update(double[] p, double[] g, double[] b, boolean first, int lo, int hi) {
        double lr = -learningRate, wd = weightDecay, mu = momentum;
        // Plain SGD gets a loop without branches, which the JIT vectorises.
        if (b == null && wd == 0) {
            for (int j = lo; j < hi; j++) p[j] += lr * g[j];
            return;
        }
        for (int j = lo; j < hi; j++) {
            double d = wd != 0 ? g[j] + p[j] * wd : g[j];
            if (b != null) {
                b[j] = first ? d : b[j] * mu + d;
                d = b[j];
            }
            p[j] += lr * d;
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
