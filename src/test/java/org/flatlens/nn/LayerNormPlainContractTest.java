package org.flatlens.nn;

import org.flatlens.tensor.Shape;

/** Without affine parameters (the paper's MLP option): the contract reduces to shapes and the input gradient. */
class LayerNormPlainContractTest extends AbstractLayerContractTest {
    @Override
    Layer layer() {
        return new LayerNorm("0", 6, 1e-5, false);
    }

    @Override
    Shape inputShape() {
        return Shape.of(4, 6);
    }

    @Override
    Shape outputShape() {
        return Shape.of(4, 6);
    }
}
