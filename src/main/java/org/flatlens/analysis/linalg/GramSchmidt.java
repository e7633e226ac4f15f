package org.flatlens.analysis.linalg;

import java.util.ArrayList;
import java.util.List;

/**
 * Orthogonalisation against an orthonormal basis by repeated classical Gram–Schmidt passes.
 *
 * <p>One pass loses orthogonality when it cancels most of the vector; a second pass restores it to rounding level
 * ("twice is enough": Giraud, Langou &amp; Rozložník 2005). A pass is repeated, up to {@value #MAX_PASSES} times, while
 * it shrinks the vector below {@code 1/√2} of its previous norm (the Daniel–Gragg–Kaufman–Stewart criterion).
 */
final class GramSchmidt {
    static final int MAX_PASSES = 3;
    private static final double REPEAT_BELOW = Math.sqrt(0.5);

    private GramSchmidt() {}

    /** Removes from {@code w} (modified) its components along the orthonormal {@code basis}; returns its new norm. */
    static double orthogonalizeInPlace(ParamVector w, List<ParamVector> basis) {
        return orthogonalizeInPlace(w, basis, w.norm());
    }

    /**
     * As {@link #orthogonalizeInPlace(ParamVector, List)} when {@code ||w||} is already known. A pass takes all inner
     * products in one sweep and subtracts the combination in another ({@link VectorSweeps}).
     */
    static double orthogonalizeInPlace(ParamVector w, List<ParamVector> basis, double norm) {
        double before = norm;
        for (int pass = 0; pass < MAX_PASSES && !basis.isEmpty(); pass++) {
            double[] coeffs = VectorSweeps.dots(basis, w);
            for (int j = 0; j < coeffs.length; j++) coeffs[j] = -coeffs[j];
            double after = Math.sqrt(VectorSweeps.addCombinationInPlace(w, coeffs, basis));
            boolean enough = after >= REPEAT_BELOW * before;
            before = after;
            if (enough) break;
        }
        return before;
    }

    /**
     * An orthonormal basis of {@code span(columns)}: each column, in order, orthogonalised against the vectors kept so
     * far and normalised. A column is dropped when it becomes exactly zero or when the basis already spans the whole
     * space; a column that is dependent only up to rounding is kept (normalised, it is still orthogonal to the others,
     * which is all that callers need). The columns are not modified.
     */
    static List<ParamVector> orthonormalize(List<ParamVector> columns) {
        List<ParamVector> q = new ArrayList<>();
        for (ParamVector c : columns) {
            if (q.size() == c.size()) break;
            ParamVector w = c.copy();
            double norm = orthogonalizeInPlace(w, q);
            if (norm > 0) q.add(w.scaleInPlace(1.0 / norm));
        }
        return q;
    }
}
