package org.flatlens.analysis.sharpness;

import java.util.List;
import java.util.Map;
import org.flatlens.analysis.linalg.LanczosResult;
import org.flatlens.analysis.linalg.SpectralDensity;
import org.flatlens.analysis.linalg.TraceEstimate;

/**
 * Every sharpness measure of THEORY.md §2 for one model on one set of samples.
 *
 * @param loss {@code L(θ)}
 * @param traceHessian {@code Tr(H)}
 * @param ggn {@code Tr(G)}, {@code S_l} and {@code κ^G_l}
 * @param eigen the top eigenvalues of H with residual norms ({@code lambda_max = eigen.lambdaMax()})
 * @param relativeFlatness {@code κ_l} (Hessian form) by layer name, in forward order
 * @param adaptiveTrace {@code Tr(D H D)}
 * @param avgSharpness {@code E_δ[L(θ + δ)] − L(θ)}
 * @param density the SLQ spectral density, or null when not requested
 * @param layers the linear layers, in forward order
 * @param hessianProducts Hessian–vector products spent in total
 */
public record SharpnessResult(double loss, TraceEstimate traceHessian, GgnTraces ggn, LanczosResult eigen,
        Map<String, TraceEstimate> relativeFlatness, TraceEstimate adaptiveTrace, AverageSharpness avgSharpness,
        SpectralDensity density, List<LinearLayer> layers, int hessianProducts) {

    public double lambdaMax() {
        return eigen.lambdaMax();
    }
}
