package org.flatlens.train;

import org.flatlens.data.Batch;
import org.flatlens.data.Batches;
import org.flatlens.data.Dataset;
import org.flatlens.nn.LossKind;
import org.flatlens.nn.Losses;
import org.flatlens.nn.Model;
import org.flatlens.nn.Parameters;
import org.flatlens.autodiff.Var;
import org.flatlens.tensor.Tensor;

/** Loss and accuracy of a model on a whole dataset, in chunks, without graph. */
public final class Evaluation {
    /** Mean loss, fraction classified correctly (argmax of the outputs), and the sample count. */
    public record Result(double loss, double accuracy, int n) {}

    private static final int CHUNK = 1000;

    private Evaluation() {}

    public static Result evaluate(Model model, Parameters params, Dataset data, LossKind loss) {
        double lossSum = 0;
        int correct = 0;
        for (int[] idx : Batches.sequential(data.size(), CHUNK)) {
            Batch b = data.batch(idx);
            Tensor out = model.predict(params, b.x());
            lossSum += Losses.of(loss, Var.constant(out), b.targets()).value().item() * idx.length;
            correct += countCorrect(out, b.labels());
        }
        int n = data.size();
        return new Result(n == 0 ? Double.NaN : lossSum / n, n == 0 ? Double.NaN : (double) correct / n, n);
    }

    /** Rows of {@code outputs [B, k]} whose largest entry is at the label. */
    public static int countCorrect(Tensor outputs, int[] labels) {
        int[] best = outputs.argmaxIndices(1);
        int k = outputs.dim(1), c = 0;
        for (int i = 0; i < labels.length; i++) if (best[i] - i * k == labels[i]) c++;
        return c;
    }
}
