package org.flatlens.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.flatlens.autodiff.Autodiff;
import org.flatlens.autodiff.Var;
import org.flatlens.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Recording parameter uses changes no value, names every non-site parameter, and keeps gradients per row. */
class ParamSiteTest {
    private final Model vit = Models.build(new ModelSpec("vit", Map.of("patch", 4, "dim", 8, "depth", 2, "heads", 2),
            new int[] {1, 8, 8}, 3));
    private final Parameters p = vit.init(new SplittableRandom(1));
    private final Tensor x = Tensor.uniform(new SplittableRandom(2), 0, 1, 3, 1, 8, 8);

    @Test
    void recordingChangesNoValue() {
        Tensor plain = vit.forward(p.vars(false), Var.constant(x), null).value();
        Tensor recorded = vit.forward(p.vars(false), Var.constant(x), new SiteRecorder()).value();
        assertEquals(0.0, plain.maxAbsDiff(recorded));
    }

    @Test
    void everyParameterWithoutASiteIsRecorded() {
        SiteRecorder rec = new SiteRecorder();
        vit.forward(p.vars(false), Var.constant(x), rec);
        TreeSet<String> names = new TreeSet<>();
        for (ParamSite s : rec.paramSites()) names.add(s.name());
        TreeSet<String> want = new TreeSet<>(List.of("cls_token", "pos_embed", "norm.weight", "norm.bias"));
        for (int b = 0; b < 2; b++) {
            for (String n : new String[] {"norm1", "norm2"}) {
                want.add("blocks." + b + "." + n + ".weight");
                want.add("blocks." + b + "." + n + ".bias");
            }
        }
        assertEquals(want, names);
    }

    @Test
    void perRowGradientsSumToTheParameterGradient() {
        Map<String, Var> vars = p.vars(true);
        SiteRecorder rec = new SiteRecorder();
        Var loss = vit.forward(vars, Var.constant(x), rec).square().sum();
        List<Var> wrt = new ArrayList<>();
        for (ParamSite s : rec.paramSites()) wrt.add(s.use());
        for (ParamSite s : rec.paramSites()) wrt.add(vars.get(s.name()));
        List<Tensor> g = Autodiff.gradValues(loss, wrt);
        int m = rec.paramSites().size();
        for (int u = 0; u < m; u++) {
            Tensor param = p.get(rec.paramSites().get(u).name());
            Tensor summed = g.get(u).sumTo(param.shape().rank() == 3 ? param.shape()
                    : org.flatlens.tensor.Shape.of(1, 1, param.size())).reshape(param.shape());
            assertEquals(0.0, summed.maxAbsDiff(g.get(m + u)), 1e-12 * (1 + g.get(m + u).norm()),
                    rec.paramSites().get(u).name());
        }
    }
}
