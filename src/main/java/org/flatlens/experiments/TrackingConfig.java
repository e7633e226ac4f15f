package org.flatlens.experiments;

import org.flatlens.tensor.UserInputException;

/**
 * How a run is tracked.
 *
 * @param every        steps between tracked points (the last step is always tracked)
 * @param trainSamples M, the number of training samples the measures are computed on
 * @param testSamples  the number of test samples also measured (0: none)
 * @param sampleSeed   seeds the choice of the samples; the same seed picks the same samples in every run on the
 *                     same data, so runs of a sweep are measured on one set
 */
public record TrackingConfig(int every, int trainSamples, int testSamples, long sampleSeed)
        implements java.io.Serializable {
    public TrackingConfig {
        if (every < 1) throw new UserInputException("track-every must be at least 1, got " + every);
        if (trainSamples < 1) throw new UserInputException("track-samples must be at least 1, got " + trainSamples);
        if (testSamples < 0) throw new UserInputException("track-test-samples must be ≥ 0, got " + testSamples);
    }
}
