package org.flatlens.nn;

import org.flatlens.tensor.Shape;

class ClassTokenEmbeddingContractTest extends AbstractLayerContractTest {
    @Override
    Layer layer() {
        return new ClassTokenEmbedding(4, 6);
    }

    @Override
    Shape inputShape() {
        return Shape.of(2, 4, 6);
    }

    @Override
    Shape outputShape() {
        return Shape.of(2, 5, 6);
    }
}
