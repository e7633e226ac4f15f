package org.flatlens.nn;

import org.flatlens.tensor.Shape;

class DenseContractTest extends AbstractLayerContractTest {
    @Override
    Layer layer() {
        return new Dense("fc", 5, 3);
    }

    @Override
    Shape inputShape() {
        return Shape.of(4, 5);
    }

    @Override
    Shape outputShape() {
        return Shape.of(4, 3);
    }
}
