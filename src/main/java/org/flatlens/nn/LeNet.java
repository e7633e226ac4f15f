package org.flatlens.nn;

import java.util.List;
import java.util.Map;
import org.flatlens.autodiff.Var;
import org.flatlens.tensor.UserInputException;

/**
 * The LeNet-style CNN of the paper's code, as a PyTorch module with attributes {@code conv1, conv2, fc1, fc2, fc3}:
 * <pre>
 * conv1  Conv2d(C, 6, 5, padding 2) → relu → max-pool 2
 * conv2  Conv2d(6, 16, 5)           → relu → max-pool 2 → flatten
 * fc1    Linear(16·h·w, 120) → relu → fc2 Linear(120, 84) → relu → fc3 Linear(84, k)
 * </pre>
 * Input {@code [N, C, H, W]} with C, H, W from the spec; the flattened size is computed from them (400 for 28×28,
 * 576 for 32×32). No options.
 */
public final class LeNet extends Model {
    private static final ConvGeometry POOL = new ConvGeometry(2, 2, 0);

    private final Conv2d conv1, conv2;
    private final Dense fc1, fc2, fc3;

    private LeNet(ModelSpec spec, Conv2d conv1, Conv2d conv2, Dense fc1, Dense fc2, Dense fc3) {
        super(spec, List.of(conv1, conv2, fc1, fc2, fc3));
        this.conv1 = conv1;
        this.conv2 = conv2;
        this.fc1 = fc1;
        this.fc2 = fc2;
        this.fc3 = fc3;
    }

    /** @throws UserInputException on any option, or an input too small for the two convolutions and pools */
    public static LeNet of(ModelSpec spec) {
        new Options("lenet", spec.options()).rejectUnknown();
        int[] in = spec.inputShape();
        Conv2d conv1 = new Conv2d("conv1", in[0], 6, 5, 1, 2, true);
        Conv2d conv2 = new Conv2d("conv2", 6, 16, 5, 1, 0, true);
        int flat;
        try {
            flat = 16 * featureSize(in[1]) * featureSize(in[2]);
        } catch (IllegalArgumentException e) {
            throw new UserInputException("lenet: input [" + in[0] + ", " + in[1] + ", " + in[2]
                    + "] is too small (" + e.getMessage() + ")");
        }
        return new LeNet(spec, conv1, conv2, new Dense("fc1", flat, 120), new Dense("fc2", 120, 84),
                new Dense("fc3", 84, spec.numOutputs()));
    }

    /** The spatial size after conv1, pool, conv2, pool. */
    private static int featureSize(int n) {
        int a = POOL.outputSize(new ConvGeometry(5, 1, 2).outputSize(n));
        return POOL.outputSize(new ConvGeometry(5, 1, 0).outputSize(a));
    }

    @Override
    public Var forward(Map<String, Var> params, Var x, SiteRecorder sites) {
        checkInput(x);
        Var h = conv1.forward(params, x, sites).relu().maxPool2d(2, 2);
        h = conv2.forward(params, h, sites).relu().maxPool2d(2, 2);
        h = h.reshape(h.shape().dim(0), -1);
        h = fc1.forward(params, h, sites).relu();
        h = fc2.forward(params, h, sites).relu();
        return fc3.forward(params, h, sites);
    }
}
