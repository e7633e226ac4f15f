package org.flatlens.experiments.measures;

/**
 * The names of the standard measures ({@link MeasureRegistry#standard()}), for code that must refer to one measure:
 * the JSON sections of {@code measure}, the report's default figures. Descriptions, units and labels are in the
 * registry ({@code MeasureRegistry.standard().get(Measures.MLS).description()}).
 */
public final class Measures {
    public static final String LOSS = "loss";
    public static final String TRACE_HESSIAN = "trace_hessian";
    public static final String TRACE_GGN = "trace_ggn";
    public static final String TRACE_GGN_LAYER = "trace_ggn_layer";
    public static final String SHARPNESS = "sharpness";
    public static final String LAMBDA_MAX = "lambda_max";
    public static final String TOP_EIGENVALUES = "top_eigenvalues";
    public static final String RELATIVE_FLATNESS_HESSIAN = "relative_flatness_hessian";
    public static final String ADAPTIVE_TRACE = "adaptive_trace";
    public static final String AVG_SHARPNESS = "avg_sharpness";
    public static final String SPECTRAL_DENSITY = "spectral_density";
    public static final String MLS = "mls";
    public static final String LOG_VOLUME = "log_volume";
    public static final String LOCAL_DIM = "local_dim";
    public static final String JACOBIAN_ENERGY = "jacobian_energy";
    public static final String NMLS = "nmls";
    public static final String NVR = "nvr";
    public static final String HARM = "harm";
    public static final String RELATIVE_FLATNESS = "relative_flatness";
    public static final String BOUND_D = "bound_d";
    public static final String BOUND_NMLS = "bound_nmls";

    private Measures() {}
}
