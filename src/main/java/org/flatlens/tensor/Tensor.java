package org.flatlens.tensor;

import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.random.RandomGenerator;

/**
 * A dense float64 tensor: a row-major, contiguous {@code double[]} and its {@link Shape}.
 *
 * <p>Operations return new tensors and leave their arguments unchanged, except the methods whose names end in
 * {@code InPlace}, which modify {@code this}. The kernels live in {@link ElementwiseOps}, {@link ReduceOps},
 * {@link MovementOps}, {@link LinalgOps}, {@link ConvOps} and {@link PoolOps}; this class is their facade.
 */
public final class Tensor {
    private final Shape shape;
    private final double[] data;

    /** Wraps {@code data} (not copied) as a tensor of {@code shape}. */
    public Tensor(Shape shape, double[] data) {
        if (data.length != shape.size()) {
            throw new IllegalArgumentException("data length " + data.length + " does not match shape " + shape);
        }
        this.shape = shape;
        this.data = data;
    }

    // ---- factories -------------------------------------------------------------------------------------------

    public static Tensor zeros(Shape shape) {
        return new Tensor(shape, new double[shape.size()]);
    }

    public static Tensor zeros(int... dims) {
        return zeros(Shape.of(dims));
    }

    public static Tensor full(Shape shape, double value) {
        double[] d = new double[shape.size()];
        Arrays.fill(d, value);
        return new Tensor(shape, d);
    }

    public static Tensor ones(int... dims) {
        return full(Shape.of(dims), 1.0);
    }

    public static Tensor scalar(double value) {
        return new Tensor(Shape.scalar(), new double[] {value});
    }

    /** A tensor of the given dimensions holding a copy of {@code data}. */
    public static Tensor of(double[] data, int... dims) {
        return new Tensor(Shape.of(dims), data.clone());
    }

    /** Independent standard normal entries. */
    public static Tensor randn(RandomGenerator rng, int... dims) {
        double[] d = new double[Shape.of(dims).size()];
        for (int i = 0; i < d.length; i++) d[i] = rng.nextGaussian();
        return new Tensor(Shape.of(dims), d);
    }

    /** Independent uniform entries in {@code [lo, hi)}. */
    public static Tensor uniform(RandomGenerator rng, double lo, double hi, int... dims) {
        double[] d = new double[Shape.of(dims).size()];
        for (int i = 0; i < d.length; i++) d[i] = lo + (hi - lo) * rng.nextDouble();
        return new Tensor(Shape.of(dims), d);
    }

    /** Independent Rademacher (±1) entries. */
    public static Tensor rademacher(RandomGenerator rng, int... dims) {
        double[] d = new double[Shape.of(dims).size()];
        for (int i = 0; i < d.length; i++) d[i] = rng.nextBoolean() ? 1.0 : -1.0;
        return new Tensor(Shape.of(dims), d);
    }

    // ---- access ----------------------------------------------------------------------------------------------

    public Shape shape() {
        return shape;
    }

    /** The backing array itself (not a copy): writes to it change this tensor. */
    public double[] data() {
        return data;
    }

    public int size() {
        return shape.size();
    }

    public int rank() {
        return shape.rank();
    }

    public int dim(int axis) {
        return shape.dim(axis);
    }

    /** The element at a multi-index. */
    public double get(int... index) {
        return data[offset(index)];
    }

    public void set(double value, int... index) {
        data[offset(index)] = value;
    }

    /** The single value of a size-1 tensor. */
    public double item() {
        if (data.length != 1) throw new IllegalStateException("item() on a tensor of shape " + shape);
        return data[0];
    }

    private int offset(int[] index) {
        if (index.length != shape.rank()) {
            throw new IllegalArgumentException("index " + Arrays.toString(index) + " for shape " + shape);
        }
        int off = 0;
        for (int i = 0; i < index.length; i++) {
            int d = shape.dim(i);
            if (index[i] < 0 || index[i] >= d) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " for shape " + shape);
            }
            off = off * d + index[i];
        }
        return off;
    }

    public Tensor copy() {
        return new Tensor(shape, data.clone());
    }

    // ---- elementwise -----------------------------------------------------------------------------------------

    public Tensor add(Tensor o) {
        return ElementwiseOps.add(this, o);
    }

    public Tensor sub(Tensor o) {
        return ElementwiseOps.sub(this, o);
    }

    public Tensor mul(Tensor o) {
        return ElementwiseOps.mul(this, o);
    }

    public Tensor div(Tensor o) {
        return ElementwiseOps.div(this, o);
    }

    public Tensor add(double c) {
        return map(x -> x + c);
    }

    public Tensor mul(double c) {
        return ElementwiseOps.scale(this, c);
    }

    public Tensor neg() {
        return ElementwiseOps.scale(this, -1.0);
    }

    public Tensor exp() {
        return ElementwiseOps.unary(this, ElementwiseOps.Unary.EXP);
    }

    public Tensor log() {
        return ElementwiseOps.unary(this, ElementwiseOps.Unary.LOG);
    }

    public Tensor sqrt() {
        return ElementwiseOps.unary(this, ElementwiseOps.Unary.SQRT);
    }

    public Tensor pow(double p) {
        return ElementwiseOps.pow(this, p);
    }

    public Tensor tanh() {
        return ElementwiseOps.unary(this, ElementwiseOps.Unary.TANH);
    }

    public Tensor sigmoid() {
        return map(x -> x >= 0 ? 1.0 / (1.0 + Math.exp(-x)) : Math.exp(x) / (1.0 + Math.exp(x)));
    }

    public Tensor relu() {
        return ElementwiseOps.unary(this, ElementwiseOps.Unary.RELU);
    }

    /** 1 where the entry is positive, else 0 (the derivative of relu away from 0). */
    public Tensor step() {
        return ElementwiseOps.unary(this, ElementwiseOps.Unary.STEP);
    }

    public Tensor erf() {
        return map(SpecialFunctions::erf);
    }

    public Tensor abs() {
        return map(Math::abs);
    }

    /** Applies {@code f} to every element. */
    public Tensor map(DoubleUnaryOperator f) {
        return ElementwiseOps.map(this, f);
    }

    /** Applies {@code f} elementwise to the broadcast of {@code this} and {@code o}. */
    public Tensor zip(Tensor o, DoubleBinaryOperator f) {
        return ElementwiseOps.zip(this, o, f);
    }

    // ---- reductions ------------------------------------------------------------------------------------------

    /** Sum of all elements. */
    public double sum() {
        return ReduceOps.sumAll(this);
    }

    /** Sum over {@code axes}; with {@code keepDims} the reduced axes stay as size 1. */
    public Tensor sum(int[] axes, boolean keepDims) {
        return ReduceOps.sum(this, axes, keepDims);
    }

    /** Sum over one axis, keeping it as size 1 when {@code keepDims}. */
    public Tensor sum(int axis, boolean keepDims) {
        return ReduceOps.sum(this, new int[] {axis}, keepDims);
    }

    /** Sums the broadcast dimensions away so that the result has {@code target} shape (the adjoint of expand). */
    public Tensor sumTo(Shape target) {
        return ReduceOps.sumTo(this, target);
    }

    public double mean() {
        return sum() / size();
    }

    /** Flat indices (into this tensor) of the maxima along {@code axis}; the result has the reduced shape. */
    public int[] argmaxIndices(int axis) {
        return ReduceOps.argmaxIndices(this, axis);
    }

    /** Maximum along {@code axis}. */
    public Tensor max(int axis, boolean keepDims) {
        Shape out = ReduceOps.reducedShape(shape, new int[] {axis}, keepDims);
        return gather(argmaxIndices(axis), out);
    }

    /** The inner product of all elements. */
    public double dot(Tensor o) {
        return ReduceOps.dot(this, o);
    }

    public double norm() {
        return Math.sqrt(dot(this));
    }

    // ---- movement --------------------------------------------------------------------------------------------

    /** The same data with another shape of equal size; one dimension may be -1. */
    public Tensor reshape(int... dims) {
        return new Tensor(MovementOps.inferShape(shape, dims), data);
    }

    public Tensor reshape(Shape s) {
        return new Tensor(s, data);
    }

    public Tensor permute(int... axes) {
        return MovementOps.permute(this, axes);
    }

    /** Swaps two axes. */
    public Tensor transpose(int a, int b) {
        int[] p = new int[rank()];
        for (int i = 0; i < p.length; i++) p[i] = i;
        int x = shape.axis(a), y = shape.axis(b);
        p[x] = y;
        p[y] = x;
        return permute(p);
    }

    /** Elements {@code [start, end)} along {@code axis}. */
    public Tensor slice(int axis, int start, int end) {
        return MovementOps.slice(this, axis, start, end);
    }

    /** Zero padding of {@code before} and {@code after} elements along {@code axis}. */
    public Tensor pad(int axis, int before, int after) {
        return MovementOps.pad(this, axis, before, after);
    }

    public static Tensor concat(int axis, Tensor... parts) {
        return MovementOps.concat(axis, parts);
    }

    /** Broadcasts to {@code target} (numpy rules), copying. */
    public Tensor expand(Shape target) {
        return MovementOps.expand(this, target);
    }

    /** {@code out[j] = this[flat[j]]}, result of shape {@code outShape}. */
    public Tensor gather(int[] flat, Shape outShape) {
        return MovementOps.gather(this, flat, outShape);
    }

    /** {@code out[flat[j]] += this[j]} into zeros of shape {@code outShape} (the adjoint of gather). */
    public Tensor scatterAdd(int[] flat, Shape outShape) {
        return MovementOps.scatterAdd(this, flat, outShape);
    }

    // ---- linear algebra --------------------------------------------------------------------------------------

    /** Batched matrix product {@code this @ o}; leading dimensions broadcast. */
    public Tensor matmul(Tensor o) {
        return LinalgOps.matmul(this, o, false, false);
    }

    /** Batched matrix product {@code op(this) @ op(o)}, where op transposes the last two axes when its flag is set. */
    public Tensor matmul(Tensor o, boolean transThis, boolean transOther) {
        return LinalgOps.matmul(this, o, transThis, transOther);
    }

    // ---- in place --------------------------------------------------------------------------------------------

    /** {@code this += o} (same shape). Returns {@code this}. */
    public Tensor addInPlace(Tensor o) {
        return axpyInPlace(1.0, o);
    }

    /** {@code this += a * x} (same shape). Returns {@code this}. */
    public Tensor axpyInPlace(double a, Tensor x) {
        ElementwiseOps.axpyInPlace(a, x, this);
        return this;
    }

    /** {@code this *= c}. Returns {@code this}. */
    public Tensor scaleInPlace(double c) {
        ElementwiseOps.scaleInPlace(this, c);
        return this;
    }

    // ---- comparison ------------------------------------------------------------------------------------------

    /** Largest absolute elementwise difference (same shape). */
    public double maxAbsDiff(Tensor o) {
        if (!shape.equals(o.shape)) throw new IllegalArgumentException("shapes " + shape + " and " + o.shape);
        double m = 0;
        for (int i = 0; i < data.length; i++) m = Math.max(m, Math.abs(data[i] - o.data[i]));
        return m;
    }

    public boolean allFinite() {
        for (double v : data) if (!Double.isFinite(v)) return false;
        return true;
    }

    @Override
    public String toString() {
        int n = Math.min(data.length, 8);
        StringBuilder sb = new StringBuilder("Tensor").append(shape).append(" [");
        for (int i = 0; i < n; i++) sb.append(i > 0 ? ", " : "").append(data[i]);
        return sb.append(data.length > n ? ", ...]" : "]").toString();
    }
}
