package org.flatlens.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flatlens.autodiff.Autodiff;
import org.flatlens.autodiff.Var;
import org.flatlens.tensor.Tensor;
import org.flatlens.testutil.FixtureReader;
import org.flatlens.testutil.GradCheck;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each architecture against PyTorch (fixtures made by {@code scripts/fixtures/make_model_fixtures.py}, see
 * {@code src/test/resources/fixtures/README.md}): the model.json sidecar builds the model, the state dict loads under
 * its PyTorch names, and logits, both losses, the MSE gradient with respect to every parameter and to the input, and
 * (for the smooth models) a Hessian–vector product agree with torch's float64 values to a norm-wise relative error of
 * 1e-10.
 */
class TorchModelFixtureTest {
    private static final double TOL = 1e-10;

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "lenet", "vgg", "vit"})
    void matchesPyTorch(String arch) {
        Map<String, Tensor> f = FixtureReader.resource("fixtures/models/" + arch + ".safetensors");
        Model model = Models.build(ModelSpecJson.parse(FixtureReader.text("fixtures/models/" + arch + ".json")));
        Map<String, Tensor> state = new LinkedHashMap<>();
        f.forEach((k, v) -> {
            if (!k.startsWith("__")) state.put(k, v);
        });
        assertEquals(List.copyOf(model.parameterShapes().keySet()), List.copyOf(state.keySet()), "state-dict order");
        Parameters params = new Parameters(state);
        model.checkCompatible(params);
        Tensor onehot = f.get("__onehot");

        Map<String, Var> vars = params.vars(true);
        Var x = Var.param(f.get("__input"));
        Var logits = model.forward(vars, x, null);
        double worst = check(arch + " logits", f.get("__logits"), logits.value());
        worst = Math.max(worst, check(arch + " mse", f.get("__loss_mse"), Losses.mse(logits, onehot).value()));
        worst = Math.max(worst, check(arch + " ce", f.get("__loss_ce"), Losses.crossEntropy(logits, onehot).value()));

        List<Var> wrt = new ArrayList<>(vars.values());
        wrt.add(x);
        List<Tensor> grads = Autodiff.gradValues(Losses.mse(logits, onehot), wrt);
        List<String> names = params.names();
        for (int i = 0; i < names.size(); i++) {
            worst = Math.max(worst, check(arch + " grad " + names.get(i), f.get("__grad_mse." + names.get(i)),
                    grads.get(i)));
        }
        worst = Math.max(worst, check(arch + " input grad", f.get("__grad_input_mse"), grads.get(names.size())));
        String hvp = f.containsKey("__v." + names.get(0)) ? ", hvp " + checkHvp(arch, model, params, f) : "";
        System.out.printf("%s vs PyTorch: worst relative error %.2e over logits, losses, %d gradients%s%n", arch, worst,
                names.size() + 1, hvp);
    }

    private static String checkHvp(String arch, Model model, Parameters params, Map<String, Tensor> f) {
        Map<String, Var> vars = params.vars(true);
        Var loss = Losses.mse(model.forward(vars, Var.constant(f.get("__input")), null), f.get("__onehot"));
        List<Tensor> v = new ArrayList<>();
        for (String n : params.names()) v.add(f.get("__v." + n));
        List<Tensor> hv = Autodiff.hvp(loss, new ArrayList<>(vars.values()), v);
        double worst = 0;
        for (int i = 0; i < hv.size(); i++) {
            String n = params.names().get(i);
            worst = Math.max(worst, check(arch + " hvp " + n, f.get("__hvp_mse." + n), hv.get(i)));
        }
        return String.format("%.2e", worst);
    }

    private static double check(String what, Tensor expected, Tensor actual) {
        assertEquals(expected.shape(), actual.shape(), what);
        double err = GradCheck.relDiff(actual, expected);
        assertTrue(err <= TOL, what + ": relative error " + err);
        return err;
    }
}
