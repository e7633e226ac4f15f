package org.flatlens.nn;

import org.flatlens.tensor.Shape;

/** Stride 2 and padding 1, so both enter the output size (7 + 2 − 3)/2 + 1 = 4. */
class Conv2dContractTest extends AbstractLayerContractTest {
    @Override
    Layer layer() {
        return new Conv2d("conv", 3, 4, 3, 2, 1, true);
    }

    @Override
    Shape inputShape() {
        return Shape.of(2, 3, 7, 7);
    }

    @Override
    Shape outputShape() {
        return Shape.of(2, 4, 4, 4);
    }
}
