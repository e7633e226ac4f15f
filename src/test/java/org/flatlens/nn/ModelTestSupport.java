package org.flatlens.nn;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.flatlens.autodiff.Var;
import org.flatlens.tensor.Tensor;

/** Helpers shared by the per-model tests. */
final class ModelTestSupport {
    private ModelTestSupport() {}

    static ModelSpec spec(String arch, Map<String, Object> options, int c, int h, int w, int k) {
        return new ModelSpec(arch, options, new int[] {c, h, w}, k);
    }

    /** The parameter prefixes of the sites recorded by one forward pass, in order. */
    static List<String> siteLayers(Model m, int batch) {
        return sites(m, batch).stream().map(Site::layer).toList();
    }

    static List<Site> sites(Model m, int batch) {
        Parameters p = m.init(new SplittableRandom(1));
        int[] s = m.spec().inputShape();
        Tensor x = Tensor.uniform(new SplittableRandom(2), 0, 1, batch, s[0], s[1], s[2]);
        SiteRecorder rec = new SiteRecorder();
        m.forward(p.vars(false), Var.constant(x), rec);
        return rec.sites();
    }

    /** The sum of every parameter's element count. */
    static int count(Model m) {
        return m.parameterShapes().values().stream().mapToInt(org.flatlens.tensor.Shape::size).sum();
    }
}
