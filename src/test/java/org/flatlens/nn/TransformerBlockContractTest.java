package org.flatlens.nn;

import org.flatlens.tensor.Shape;

class TransformerBlockContractTest extends AbstractLayerContractTest {
    @Override
    Layer layer() {
        return new TransformerBlock("blocks.1", 8, 2, 12);
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
