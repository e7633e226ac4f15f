package org.flatlens.analysis.jacobians;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.flatlens.autodiff.Var;
import org.flatlens.nn.Dense;
import org.flatlens.nn.Layer;
import org.flatlens.nn.LossKind;
import org.flatlens.nn.Model;
import org.flatlens.nn.ModelSpec;
import org.flatlens.nn.SiteRecorder;
import org.flatlens.tensor.Shape;
import org.flatlens.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** A parameter without a per-sample gradient rule must stop the analysis, not silently drop out of Tr(G). */
class CoverageTest {
    /** A dense layer followed by a learned output scale that records nothing. */
    static final class ScaledDense extends Model {
        private final Dense dense = new Dense("0", 4, 2);

        ScaledDense() {
            super(new ModelSpec("mlp", Map.of(), new int[] {1, 2, 2}, 2), List.of(new Dense("0", 4, 2), new Layer() {
                @Override
                public void declare(Map<String, Shape> shapes) {
                    shapes.put("scale", Shape.of(2));
                }

                @Override
                public void init(Map<String, Tensor> values, RandomGenerator rng) {
                    values.put("scale", Tensor.ones(2));
                }

                @Override
                public Var forward(Map<String, Var> params, Var x, SiteRecorder sites) {
                    return x.mul(params.get("scale"));
                }
            }));
        }

        @Override
        public Var forward(Map<String, Var> params, Var x, SiteRecorder sites) {
            return dense.forward(params, x.reshape(x.shape().dim(0), -1), sites).mul(params.get("scale"));
        }
    }

    @Test
    void unrecordedParameterIsRejectedByName() {
        Model m = new ScaledDense();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new JacobianEngine(m, m.init(new SplittableRandom(1)), LossKind.MSE));
        assertTrue(e.getMessage().contains("'scale'"), e.getMessage());
    }
}
