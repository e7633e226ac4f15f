package org.flatlens.experiments;

/**
 * The measure suite that {@code flatlens train --track-every}, {@code sweep} and {@code demo} use: the one place to
 * wire the analysis packages' measures in.
 */
public final class MeasureSuites {
    private MeasureSuites() {}

    /**
     * For now {@link BasicMeasureSuite} (input-site MLS, log volume, local dimensionality, Tr G, sharpness).
     * TODO(#6): combine with the sharpness, compression and bounds suites once they exist.
     */
    public static MeasureSuite standard() {
        return new BasicMeasureSuite(true);
    }
}
