package org.flatlens.train;

/**
 * One evaluation during training: loss and accuracy on the whole training subset and the test subset, and the
 * generalization gap (train accuracy − test accuracy, as the paper defines it).
 */
public record EvalRecord(int step, double trainLoss, double trainAccuracy, double testLoss, double testAccuracy,
        boolean interpolating) {
    public double generalizationGap() {
        return trainAccuracy - testAccuracy;
    }
}
