package org.flatlens.analysis.linalg;

/**
 * A trace estimate.
 *
 * @param mean the estimate
 * @param stdErr its standard error (sample standard deviation of the random part over √samples; 0 when exact)
 * @param probes the number of operator applications (matrix–vector products) spent
 * @param estimator which method produced it
 */
public record TraceEstimate(double mean, double stdErr, int probes, TraceEstimator estimator) {

    /** {@code |mean − reference| / stdErr}; infinite when stdErr is 0 and the two differ. */
    public double standardErrorsFrom(double reference) {
        double d = Math.abs(mean - reference);
        return d == 0 ? 0 : d / stdErr;
    }
}
