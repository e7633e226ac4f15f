package org.flatlens.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flatlens.autodiff.Var;
import org.flatlens.tensor.UserInputException;

/**
 * The small "VGG-11" of the paper's code (configuration A: {@code 16, M, 16, M, 32, M, 64, M, 64, M}), as a PyTorch
 * module with two {@code nn.Sequential}s:
 * <pre>
 * features    (Conv2d(c_in, c, 3, padding 2), ReLU, MaxPool2d(2)) × 5   → keys features.0, features.3, ..., features.12
 * classifier  Linear(flat, 128), ReLU, Linear(128, k)                   → keys classifier.0, classifier.2
 * </pre>
 * Input {@code [N, C, H, W]}; {@code flat = c_last · h · w} is computed from the input shape: a 3×3 convolution with
 * padding 2 grows each side by 2 and each pool halves it (floor), so 28×28 and 32×32 both end at 2×2 and
 * {@code flat = 64 · 2 · 2 = 256}, as the paper's code hard-codes.
 *
 * <p>Option {@code width} (default 1.0) multiplies every convolution's channel count: {@code max(1, round(c · width))},
 * rounding halves up. The classifier's hidden width stays 128.
 */
public final class Vgg extends Model {
    /** Channels of the five convolutions; each is followed by ReLU and a 2×2 max pool. */
    static final int[] CHANNELS = {16, 16, 32, 64, 64};
    private static final ConvGeometry CONV = new ConvGeometry(3, 1, 2);
    private static final ConvGeometry POOL = new ConvGeometry(2, 2, 0);

    private final List<Conv2d> convs;
    private final Dense hidden, out;
    private final int flatSize;

    private Vgg(ModelSpec spec, List<Conv2d> convs, int flatSize, Dense hidden, Dense out) {
        super(spec, layers(convs, hidden, out));
        this.convs = List.copyOf(convs);
        this.flatSize = flatSize;
        this.hidden = hidden;
        this.out = out;
    }

    private static List<Layer> layers(List<Conv2d> convs, Dense hidden, Dense out) {
        List<Layer> l = new ArrayList<>(convs);
        l.add(hidden);
        l.add(out);
        return l;
    }

    /** @throws UserInputException on an unknown option, a width ≤ 0, or an input too small for five pools */
    public static Vgg of(ModelSpec spec) {
        Options o = new Options("vgg", spec.options());
        double width = o.number("width", 1.0);
        o.rejectUnknown();
        if (!(width > 0) || Double.isInfinite(width)) {
            throw new UserInputException("vgg: option 'width' must be a positive number, got " + width);
        }
        int[] in = spec.inputShape();
        int channels = in[0], h = in[1], w = in[2];
        List<Conv2d> convs = new ArrayList<>();
        for (int i = 0; i < CHANNELS.length; i++) {
            int c = Math.max(1, (int) Math.round(CHANNELS[i] * width));
            // Sequential indices: conv, relu, pool per stage.
            convs.add(new Conv2d("features." + 3 * i, channels, c, 3, 1, 2, true));
            channels = c;
            try {
                h = POOL.outputSize(CONV.outputSize(h));
                w = POOL.outputSize(CONV.outputSize(w));
            } catch (IllegalArgumentException e) {
                throw new UserInputException("vgg: input [" + in[0] + ", " + in[1] + ", " + in[2]
                        + "] is too small for five 2x2 pools");
            }
        }
        int flat = channels * h * w;
        return new Vgg(spec, convs, flat, new Dense("classifier.0", flat, 128),
                new Dense("classifier.2", 128, spec.numOutputs()));
    }

    /** The length of the flattened feature vector entering the classifier. */
    public int flatSize() {
        return flatSize;
    }

    @Override
    public Var forward(Map<String, Var> params, Var x, SiteRecorder sites) {
        checkInput(x);
        Var h = x;
        for (Conv2d c : convs) h = c.forward(params, h, sites).relu().maxPool2d(2, 2);
        h = h.reshape(h.shape().dim(0), -1);
        return out.forward(params, hidden.forward(params, h, sites).relu(), sites);
    }
}
