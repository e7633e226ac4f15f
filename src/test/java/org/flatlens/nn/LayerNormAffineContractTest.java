package org.flatlens.nn;

import org.flatlens.tensor.Shape;

class LayerNormAffineContractTest extends AbstractLayerContractTest {
    @Override
    Layer layer() {
        return new LayerNorm("norm", 6, 1e-6, true);
    }

    @Override
    Shape inputShape() {
        return Shape.of(2, 3, 6);
    }

    @Override
    Shape outputShape() {
        return Shape.of(2, 3, 6);
    }
}
