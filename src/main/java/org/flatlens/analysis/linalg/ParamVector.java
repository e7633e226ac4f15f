package org.flatlens.analysis.linalg;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.flatlens.tensor.Tensor;

/**
 * An ordered list of tensors (one per parameter tensor) treated as one vector of {@link #size()} elements, in the
 * order of the parts and, within a part, row-major.
 *
 * <p>Operations return new vectors and leave their arguments unchanged, except the methods whose names end in
 * {@code InPlace}, which modify {@code this} and return it. Binary operations need the same layout (same number of
 * parts, same shapes) and throw {@link IllegalArgumentException} otherwise. A vector wraps its tensors without copying
 * them ({@link #of}), so writes to those tensors show through; {@link #copy()} gives an independent vector.
 */
public final class ParamVector {
    private final List<Tensor> parts;
    private final int size;

    private ParamVector(List<Tensor> parts) {
        if (parts.isEmpty()) throw new IllegalArgumentException("a ParamVector needs at least one tensor");
        this.parts = List.copyOf(parts);
        long n = 0;
        for (Tensor t : this.parts) n += t.size();
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("ParamVector of " + n + " elements is too large");
        this.size = (int) n;
    }

    /** Wraps {@code parts} (the tensors are not copied). */
    public static ParamVector of(List<Tensor> parts) {
        return new ParamVector(parts);
    }

    /** Wraps {@code parts} (the tensors are not copied). */
    public static ParamVector of(Tensor... parts) {
        return new ParamVector(List.of(parts));
    }

    /** Zeros with the layout of {@code template}. */
    public static ParamVector zerosLike(ParamVector template) {
        return template.map(t -> Tensor.zeros(t.shape()));
    }

    /** Independent ±1 entries with the layout of {@code template}, drawn part by part in element order. */
    public static ParamVector rademacherLike(ParamVector template, RandomGenerator rng) {
        ParamVector v = zerosLike(template);
        for (Tensor t : v.parts) {
            double[] d = t.data();
            for (int i = 0; i < d.length; i++) d[i] = rng.nextBoolean() ? 1.0 : -1.0;
        }
        return v;
    }

    /** Independent standard normal entries with the layout of {@code template}, drawn in element order. */
    public static ParamVector gaussianLike(ParamVector template, RandomGenerator rng) {
        ParamVector v = zerosLike(template);
        for (Tensor t : v.parts) {
            double[] d = t.data();
            for (int i = 0; i < d.length; i++) d[i] = rng.nextGaussian();
        }
        return v;
    }

    /** A vector with the layout of {@code template} holding a copy of {@code flat} (length {@code template.size()}). */
    public static ParamVector fromArray(double[] flat, ParamVector template) {
        if (flat.length != template.size) {
            throw new IllegalArgumentException("array of length " + flat.length + " for a vector of size " + template.size);
        }
        ParamVector v = zerosLike(template);
        int off = 0;
        for (Tensor t : v.parts) {
            System.arraycopy(flat, off, t.data(), 0, t.size());
            off += t.size();
        }
        return v;
    }

    /** All elements, flattened in order, as a new array. */
    public double[] toArray() {
        double[] flat = new double[size];
        int off = 0;
        for (Tensor t : parts) {
            System.arraycopy(t.data(), 0, flat, off, t.size());
            off += t.size();
        }
        return flat;
    }

    /** The parts (an unmodifiable list of the wrapped tensors). */
    public List<Tensor> parts() {
        return parts;
    }

    public Tensor part(int i) {
        return parts.get(i);
    }

    public int numParts() {
        return parts.size();
    }

    /** Total number of elements. */
    public int size() {
        return size;
    }

    /** An independent deep copy. */
    public ParamVector copy() {
        return map(Tensor::copy);
    }

    /** True when {@code o} has the same number of parts with the same shapes. */
    public boolean sameLayout(ParamVector o) {
        if (o.parts.size() != parts.size()) return false;
        for (int i = 0; i < parts.size(); i++) {
            if (!parts.get(i).shape().equals(o.parts.get(i).shape())) return false;
        }
        return true;
    }

    /** Throws {@link IllegalArgumentException} naming {@code what} unless {@code o} has this vector's layout. */
    public void requireSameLayout(ParamVector o, String what) {
        if (!sameLayout(o)) throw new IllegalArgumentException(what + " has layout " + o.layout() + ", expected " + layout());
    }

    /**
     * {@code Σ_i this_i o_i}, summed in a fixed order that depends only on the layout: per-chunk sums in element order,
     * added in chunk order (chunks of a few thousand elements within each part, computed in parallel).
     */
    public double dot(ParamVector o) {
        requireSameLayout(o, "dot operand");
        return VectorSweeps.dot(this, o);
    }

    /** The Euclidean norm {@code sqrt(this · this)}. */
    public double norm() {
        return Math.sqrt(dot(this));
    }

    /** Largest absolute elementwise difference. */
    public double maxAbsDiff(ParamVector o) {
        requireSameLayout(o, "comparison operand");
        double m = 0;
        for (int p = 0; p < parts.size(); p++) m = Math.max(m, parts.get(p).maxAbsDiff(o.parts.get(p)));
        return m;
    }

    public ParamVector add(ParamVector o) {
        return copy().axpyInPlace(1.0, o);
    }

    public ParamVector sub(ParamVector o) {
        return copy().axpyInPlace(-1.0, o);
    }

    /** {@code this + a x}. */
    public ParamVector axpy(double a, ParamVector x) {
        return copy().axpyInPlace(a, x);
    }

    /** {@code c · this}. */
    public ParamVector scale(double c) {
        return copy().scaleInPlace(c);
    }

    /** Elementwise product {@code this ⊙ o} (e.g. {@code D v} with {@code D = diag(o)}). */
    public ParamVector mul(ParamVector o) {
        return copy().mulInPlace(o);
    }

    /** Elementwise absolute value (e.g. the diagonal of {@code D = diag|θ|}). */
    public ParamVector abs() {
        return map(Tensor::abs);
    }

    /** {@code this += o}. */
    public ParamVector addInPlace(ParamVector o) {
        return axpyInPlace(1.0, o);
    }

    /** {@code this += a x}. */
    public ParamVector axpyInPlace(double a, ParamVector x) {
        requireSameLayout(x, "axpy operand");
        for (int p = 0; p < parts.size(); p++) parts.get(p).axpyInPlace(a, x.parts.get(p));
        return this;
    }

    /** {@code this *= c}. */
    public ParamVector scaleInPlace(double c) {
        for (Tensor t : parts) t.scaleInPlace(c);
        return this;
    }

    /** {@code this ⊙= o}. */
    public ParamVector mulInPlace(ParamVector o) {
        requireSameLayout(o, "mul operand");
        for (int p = 0; p < parts.size(); p++) {
            double[] y = parts.get(p).data(), xs = o.parts.get(p).data();
            for (int i = 0; i < y.length; i++) y[i] *= xs[i];
        }
        return this;
    }

    private ParamVector map(java.util.function.UnaryOperator<Tensor> f) {
        List<Tensor> out = new ArrayList<>(parts.size());
        for (Tensor t : parts) out.add(f.apply(t));
        return new ParamVector(out);
    }

    private String layout() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < parts.size(); i++) sb.append(i > 0 ? ", " : "").append(parts.get(i).shape());
        return sb.append("]").toString();
    }

    @Override
    public String toString() {
        return "ParamVector" + layout() + " (size " + size + ")";
    }
}
