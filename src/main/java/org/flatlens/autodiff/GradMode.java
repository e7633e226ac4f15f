package org.flatlens.autodiff;

/** Whether {@link Autodiff#grad} records the graph of the gradient computation, so it can be differentiated again. */
public enum GradMode {
    /** Gradients are plain values (constants): cheapest, first order only. */
    NO_GRAPH,
    /** Gradients are graph nodes that depend on the inputs: needed for second derivatives. */
    CREATE_GRAPH
}
