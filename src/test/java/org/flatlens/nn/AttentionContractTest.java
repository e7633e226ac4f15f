package org.flatlens.nn;

import org.flatlens.tensor.Shape;

class AttentionContractTest extends AbstractLayerContractTest {
    @Override
    Layer layer() {
        return new Attention("blocks.0.attn", 8, 2);
    }

    @Override
    Shape inputShape() {
        return Shape.of(2, 5, 8);
    }

    @Override
    Shape outputShape() {
        return Shape.of(2, 5, 8);
    }
}
