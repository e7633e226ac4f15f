package org.flatlens.nn;

import org.flatlens.tensor.Shape;

/** A dense layer applied to every token of {@code [N, T, d]}, without bias. */
class DenseTokenContractTest extends AbstractLayerContractTest {
    @Override
    Layer layer() {
        return new Dense("blocks.0.mlp.fc1", 5, 4, false);
    }

    @Override
    Shape inputShape() {
        return Shape.of(2, 3, 5);
    }

    @Override
    Shape outputShape() {
        return Shape.of(2, 3, 4);
    }
}
