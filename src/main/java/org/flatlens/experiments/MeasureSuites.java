package org.flatlens.experiments;

/**
 * The measure suites that {@code flatlens train --track-every}, {@code sweep} and {@code demo} use: the one place
 * where the analysis packages' measures are wired in.
 */
public final class MeasureSuites {
    /** Hessian–vector products for each of {@code trace_hessian} and {@code lambda_max} at a tracked step. */
    public static final int TRACKING_HESSIAN_PRODUCTS = 20;

    private MeasureSuites() {}

    /** Every measure of {@link AnalysisMeasureSuite}, the Hessian ones included. */
    public static MeasureSuite standard() {
        return new AnalysisMeasureSuite(new AnalysisMeasureSuite.Options(TRACKING_HESSIAN_PRODUCTS, 0));
    }

    /** Without {@code trace_hessian} and {@code lambda_max}: the Gauss–Newton, compression and bound measures only. */
    public static MeasureSuite withoutHessian() {
        return new AnalysisMeasureSuite(new AnalysisMeasureSuite.Options(0, 0));
    }
}
