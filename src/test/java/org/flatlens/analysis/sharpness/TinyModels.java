package org.flatlens.analysis.sharpness;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.flatlens.analysis.linalg.ExactTrace;
import org.flatlens.analysis.linalg.ParamVector;
import org.flatlens.autodiff.Var;
import org.flatlens.data.Dataset;
import org.flatlens.nn.Conv2d;
import org.flatlens.nn.Dense;
import org.flatlens.nn.LossKind;
import org.flatlens.nn.Model;
import org.flatlens.nn.ModelSpec;
import org.flatlens.nn.Models;
import org.flatlens.nn.Parameters;
import org.flatlens.nn.SiteRecorder;
import org.flatlens.tensor.Tensor;

/**
 * Small models with at most a few hundred parameters, so that the full Hessian can be assembled, and random data for
 * them; plus the brute-force oracles the sharpness tests compare against.
 */
final class TinyModels {
    static final int K = 3;

    private TinyModels() {}

    /** A model, its (seeded, non-trivial) parameters and data. */
    record Case(String name, Model model, Parameters params, Dataset data) {
        DatasetHessian hessian(LossKind loss, int chunk) {
            return new DatasetHessian(model, params, data, loss, chunk);
        }

        Case withParams(Parameters p) {
            return new Case(name, model, p, data);
        }
    }

    /** mlp 6-5-4-3, tanh (74 parameters). */
    static Case mlp(String activation, long seed) {
        return mlp(activation, seed, 7);
    }

    /** The same on {@code n} samples. */
    static Case mlp(String activation, long seed, int n) {
        ModelSpec spec = new ModelSpec("mlp", Map.of("widths", List.of(5, 4), "activation", activation),
                new int[] {1, 2, 3}, K);
        return build("mlp-" + activation, Models.build(spec), seed, n, 1.0);
    }

    /** conv(1→3, 3×3) → tanh → 2×2 max-pool → dense 12→3 on 1×6×6 inputs (69 parameters). */
    static Case cnn(long seed) {
        return build("cnn", TinyCnn.create(), seed, 6, 1.0);
    }

    /** A ViT with 2×2 patches of 1×4×4 inputs, dim 4, one block of 2 heads, MLP ratio 1 (203 parameters). */
    static Case vit(long seed) {
        ModelSpec spec = new ModelSpec("vit", Map.of("patch", 2, "dim", 4, "depth", 1, "heads", 2, "mlp_ratio", 1.0),
                new int[] {1, 4, 4}, K);
        return build("vit", Models.build(spec), seed, 5, 0.5);
    }

    static List<Case> all() {
        return List.of(mlp("tanh", 1), cnn(2), vit(3));
    }

    /** Initialised parameters plus Gaussian noise of scale {@code noise}, so no parameter is trivial. */
    private static Case build(String name, Model model, long seed, int n, double noise) {
        SplittableRandom rng = new SplittableRandom(seed);
        Parameters init = model.init(rng);
        List<Tensor> values = new ArrayList<>();
        for (Tensor t : init.tensors()) values.add(t.add(Tensor.randn(rng, t.shape().dims()).mul(noise)));
        int[] in = model.spec().inputShape();
        Tensor x = Tensor.uniform(rng, 0, 1, n, in[0], in[1], in[2]);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = rng.nextInt(K);
        return new Case(name, model, init.with(values), Dataset.fromTensor(name, x, labels, K));
    }

    /** The Hessian assembled from P exact Hessian–vector products with the unit vectors. */
    static double[][] hessian(DatasetHessian h) {
        return ExactTrace.materialize(h, h.template());
    }

    /**
     * The Hessian from central differences of gradients: column j is {@code (∇L(θ + εe_j) − ∇L(θ − εe_j)) / 2ε},
     * {@code ε = 1e-5·max(1, |θ_j|)}; gradients by plain reverse mode, independent of the HVP code.
     */
    static double[][] finiteDifferenceHessian(Case c, LossKind loss) {
        double[] theta = ParamVector.of(c.params().tensors()).toArray();
        ParamVector template = ParamVector.of(c.params().tensors());
        int p = theta.length;
        double[][] h = new double[p][p];
        for (int j = 0; j < p; j++) {
            double eps = 1e-5 * Math.max(1, Math.abs(theta[j]));
            double[] plus = gradientAt(c, loss, theta, j, eps, template);
            double[] minus = gradientAt(c, loss, theta, j, -eps, template);
            for (int i = 0; i < p; i++) h[i][j] = (plus[i] - minus[i]) / (2 * eps);
        }
        return h;
    }

    private static double[] gradientAt(Case c, LossKind loss, double[] theta, int j, double step,
            ParamVector template) {
        double[] t = theta.clone();
        t[j] += step;
        Parameters p = c.params().with(ParamVector.fromArray(t, template).parts());
        return new DatasetHessian(c.model(), p, c.data(), loss, c.data().size()).gradient().toArray();
    }

    static double trace(double[][] a) {
        double t = 0;
        for (int i = 0; i < a.length; i++) t += a[i][i];
        return t;
    }

    /** The layer's weight entries' flat positions in the parameter vector. */
    static int weightOffset(Parameters params, String weight) {
        int off = 0;
        for (String n : params.names()) {
            if (n.equals(weight)) return off;
            off += params.get(n).size();
        }
        throw new IllegalArgumentException(weight);
    }

    /** Petzka's {@code Σ_{s,s'} ⟨w_s, w_s'⟩ Tr(M_{s,s'})} from a dense matrix M over all parameters. */
    static double petzka(double[][] m, Parameters params, LinearLayer layer) {
        int off = weightOffset(params, layer.weight()), out = layer.outDim(), fanIn = layer.fanIn();
        double[] w = layer.matrix(params).data();
        double kappa = 0;
        for (int s = 0; s < out; s++) {
            for (int t = 0; t < out; t++) {
                double ww = 0, tr = 0;
                for (int j = 0; j < fanIn; j++) {
                    ww += w[s * fanIn + j] * w[t * fanIn + j];
                    tr += m[off + s * fanIn + j][off + t * fanIn + j];
                }
                kappa += ww * tr;
            }
        }
        return kappa;
    }

    /** The test CNN (see {@link #cnn}). */
    static final class TinyCnn extends Model {
        private final Conv2d conv;
        private final Dense fc;

        private TinyCnn(Conv2d conv, Dense fc) {
            super(new ModelSpec("tinycnn", Map.of(), new int[] {1, 6, 6}, K), List.of(conv, fc));
            this.conv = conv;
            this.fc = fc;
        }

        static TinyCnn create() {
            return new TinyCnn(new Conv2d("conv", 1, 3, 3, 1, 0, true), new Dense("fc", 12, K));
        }

        @Override
        public Var forward(Map<String, Var> params, Var x, SiteRecorder sites) {
            checkInput(x);
            Var h = conv.forward(params, x, sites).tanh().maxPool2d(2, 2);
            return fc.forward(params, h.reshape(h.shape().dim(0), -1), sites);
        }
    }
}
