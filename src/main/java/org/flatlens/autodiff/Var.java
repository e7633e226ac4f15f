package org.flatlens.autodiff;

import java.util.Arrays;
import org.flatlens.tensor.ConvOps;
import org.flatlens.tensor.PoolOps;
import org.flatlens.tensor.Shape;
import org.flatlens.tensor.Tensor;

/**
 * A node of a differentiable computation: a value and, when it depends on something that requires gradients, the
 * primitive {@link Op} and the input nodes that produced it. Immutable; the graph is built by calling the methods below
 * and lives only as long as its nodes are referenced (there is no tape).
 *
 * <p>Operations on nodes that require no gradient record no graph. Gradients are taken with {@link Autodiff#grad}.
 */
public final class Var {
    private static final Var[] NONE = new Var[0];

    private final Tensor value;
    private final Op op;
    private final Object attr;
    private final Var[] inputs;
    private final boolean requiresGrad;

    private Var(Tensor value, Op op, Object attr, Var[] inputs, boolean requiresGrad) {
        this.value = value;
        this.op = op;
        this.attr = attr;
        this.inputs = inputs;
        this.requiresGrad = requiresGrad;
    }

    /** A leaf that gradients can be taken with respect to (a parameter or an input under study). */
    public static Var param(Tensor value) {
        return new Var(value, null, null, NONE, true);
    }

    /** A leaf that requires no gradient. */
    public static Var constant(Tensor value) {
        return new Var(value, null, null, NONE, false);
    }

    public static Var constant(double value) {
        return constant(Tensor.scalar(value));
    }

    static Var make(Op op, Object attr, Tensor value, Var... inputs) {
        for (Var v : inputs) {
            if (v.requiresGrad) return new Var(value, op, attr, inputs, true);
        }
        return new Var(value, null, null, NONE, false);
    }

    public Tensor value() {
        return value;
    }

    public Shape shape() {
        return value.shape();
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /**
     * An identity node that always requires gradients: a gradient with respect to it measures the sensitivity to this
     * value as used downstream of the tap only, whether or not anything upstream requires gradients.
     */
    public Var tap() {
        return new Var(value, Op.ADD_SCALAR, new Attrs.Scalar(0.0), new Var[] {this}, true);
    }

    /** The same value, cut from the graph. */
    public Var detach() {
        return constant(value);
    }

    Op op() {
        return op;
    }

    Object attr() {
        return attr;
    }

    Var[] inputs() {
        return inputs;
    }

    // ---- elementwise -----------------------------------------------------------------------------------------

    public Var add(Var o) {
        return make(Op.ADD, null, value.add(o.value), this, o);
    }

    public Var sub(Var o) {
        return make(Op.SUB, null, value.sub(o.value), this, o);
    }

    public Var mul(Var o) {
        return make(Op.MUL, null, value.mul(o.value), this, o);
    }

    public Var div(Var o) {
        return make(Op.DIV, null, value.div(o.value), this, o);
    }

    public Var add(double c) {
        return make(Op.ADD_SCALAR, new Attrs.Scalar(c), value.add(c), this);
    }

    public Var sub(double c) {
        return add(-c);
    }

    public Var mul(double c) {
        return make(Op.SCALE, new Attrs.Scalar(c), value.mul(c), this);
    }

    public Var div(double c) {
        return mul(1.0 / c);
    }

    public Var neg() {
        return make(Op.NEG, null, value.neg(), this);
    }

    /**
     * {@code f} applied to this, as one primitive node whose derivative is f's rule (a function of {@link UnaryOps},
     * e.g. {@code x.apply(UnaryOps.SOFTPLUS)}).
     */
    public Var apply(UnaryOp f) {
        return make(Op.UNARY, new Attrs.Unary(f, new Attrs.Memo()), f.apply(value), this);
    }

    public Var exp() {
        return apply(UnaryOps.EXP);
    }

    public Var log() {
        return apply(UnaryOps.LOG);
    }

    public Var pow(double p) {
        return make(Op.POW, new Attrs.Scalar(p), value.pow(p), this);
    }

    public Var sqrt() {
        return pow(0.5);
    }

    public Var square() {
        return pow(2.0);
    }

    public Var reciprocal() {
        return pow(-1.0);
    }

    public Var tanh() {
        return apply(UnaryOps.TANH);
    }

    public Var sigmoid() {
        return apply(UnaryOps.SIGMOID);
    }

    public Var relu() {
        return apply(UnaryOps.RELU);
    }

    public Var erf() {
        return apply(UnaryOps.ERF);
    }

    /** GELU in its exact (erf) form, {@code x Φ(x)}, as one primitive (same bits as the composition with erf). */
    public Var gelu() {
        return apply(UnaryOps.GELU);
    }

    // ---- along the last axis ---------------------------------------------------------------------------------

    /** The softmax along the last axis, {@code exp(x − max) / Σ exp(x − max)}, as one primitive. */
    public Var softmax() {
        return apply(UnaryOps.SOFTMAX);
    }

    /**
     * Layer normalisation along the last axis without affine parameters, {@code (x − mean) / sqrt(var + eps)} with the
     * biased variance (as PyTorch), as one primitive.
     */
    public Var layerNorm(double eps) {
        return apply(UnaryOps.layerNorm(eps));
    }

    // ---- reductions ------------------------------------------------------------------------------------------

    /** Sum of all elements, as a scalar. */
    public Var sum() {
        int[] all = new int[value.rank()];
        for (int i = 0; i < all.length; i++) all[i] = i;
        return sum(all, false);
    }

    public Var sum(int[] axes, boolean keepDims) {
        return make(Op.SUM, new Attrs.Sum(axes.clone(), keepDims), value.sum(axes, keepDims), this);
    }

    public Var sum(int axis, boolean keepDims) {
        return sum(new int[] {axis}, keepDims);
    }

    public Var mean() {
        return sum().div(value.size());
    }

    public Var mean(int axis, boolean keepDims) {
        return sum(axis, keepDims).div(value.dim(axis));
    }

    /** Maximum along {@code axis}; the gradient flows to the (first) maximal entry. */
    public Var max(int axis, boolean keepDims) {
        Shape out = org.flatlens.tensor.ReduceOps.reducedShape(shape(), new int[] {axis}, keepDims);
        return gather(value.argmaxIndices(axis), out);
    }

    /** Sums broadcast dimensions away so the result has shape {@code target}. */
    public Var sumTo(Shape target) {
        Shape s = shape();
        if (s.equals(target)) return this;
        int off = s.rank() - target.rank();
        int[] axes = new int[s.rank()];
        int n = 0;
        for (int i = 0; i < s.rank(); i++) {
            if (i < off || target.dim(i - off) == 1 && s.dim(i) != 1) axes[n++] = i;
        }
        return sum(Arrays.copyOf(axes, n), true).reshape(target);
    }

    /** {@code Σ this ⊙ o}, a scalar. */
    public Var dot(Var o) {
        return mul(o).sum();
    }

    // ---- movement --------------------------------------------------------------------------------------------

    public Var reshape(int... dims) {
        return reshape(org.flatlens.tensor.MovementOps.inferShape(shape(), dims));
    }

    public Var reshape(Shape s) {
        if (s.equals(shape())) return this;
        return make(Op.RESHAPE, s, value.reshape(s), this);
    }

    public Var permute(int... axes) {
        int[] a = new int[axes.length];
        for (int i = 0; i < a.length; i++) a[i] = shape().axis(axes[i]);
        return make(Op.PERMUTE, a, value.permute(a), this);
    }

    public Var transpose(int a, int b) {
        int[] p = new int[value.rank()];
        for (int i = 0; i < p.length; i++) p[i] = i;
        int x = shape().axis(a), y = shape().axis(b);
        p[x] = y;
        p[y] = x;
        return permute(p);
    }

    public Var slice(int axis, int start, int end) {
        int ax = shape().axis(axis);
        return make(Op.SLICE, new Attrs.Slice(ax, start, end), value.slice(ax, start, end), this);
    }

    public Var pad(int axis, int before, int after) {
        int ax = shape().axis(axis);
        return make(Op.PAD, new Attrs.Pad(ax, before, after), value.pad(ax, before, after), this);
    }

    public static Var concat(int axis, Var... parts) {
        Tensor[] vs = new Tensor[parts.length];
        int[] sizes = new int[parts.length];
        int ax = parts[0].shape().axis(axis);
        for (int i = 0; i < parts.length; i++) {
            vs[i] = parts[i].value;
            sizes[i] = parts[i].value.dim(ax);
        }
        return make(Op.CONCAT, new Attrs.Concat(ax, sizes), Tensor.concat(ax, vs), parts);
    }

    public Var expand(Shape target) {
        if (target.equals(shape())) return this;
        return make(Op.EXPAND, target, value.expand(target), this);
    }

    /** {@code out[j] = this[flat[j]]}. */
    public Var gather(int[] flat, Shape outShape) {
        return make(Op.GATHER, new Attrs.Indexed(flat, outShape), value.gather(flat, outShape), this);
    }

    /** {@code out[flat[j]] += this[j]}, into zeros of {@code outShape}. */
    public Var scatterAdd(int[] flat, Shape outShape) {
        return make(Op.SCATTER_ADD, new Attrs.Indexed(flat, outShape), value.scatterAdd(flat, outShape), this);
    }

    // ---- linear algebra --------------------------------------------------------------------------------------

    public Var matmul(Var o) {
        return matmul(o, false, false);
    }

    /** {@code op(this) @ op(o)}, op transposing the last two axes when its flag is set; batch axes broadcast. */
    public Var matmul(Var o, boolean transThis, boolean transOther) {
        return make(Op.MATMUL, new Attrs.Matmul(transThis, transOther),
                value.matmul(o.value, transThis, transOther), this, o);
    }

    /** 2-D convolution (cross-correlation, as PyTorch) of this {@code [N,C,H,W]} with weight {@code [O,C,kh,kw]}. */
    public Var conv2d(Var weight, int stride, int padding) {
        return conv2d(weight, stride, padding, 1);
    }

    /** {@link #conv2d(Var, int, int)} with the kernel's taps {@code dilation} pixels apart. */
    public Var conv2d(Var weight, int stride, int padding, int dilation) {
        return make(Op.CONV2D, new Attrs.Conv(stride, padding, dilation, null),
                ConvOps.conv2d(value, weight.value, stride, padding, dilation), this, weight);
    }

    /** The adjoint of {@link #conv2d} in its input: maps this {@code [N,O,Ho,Wo]} to {@code inputShape}. */
    public Var conv2dTranspose(Var weight, Shape inputShape, int stride, int padding, int dilation) {
        return make(Op.CONV2D_TRANSPOSE, new Attrs.Conv(stride, padding, dilation, inputShape),
                ConvOps.conv2dTranspose(value, weight.value, inputShape, stride, padding, dilation), this, weight);
    }

    /** The adjoint of {@link #conv2d} in its weight, with this as the input and {@code g} as the output cotangent. */
    public Var conv2dWeightGrad(Var g, Shape weightShape, int stride, int padding, int dilation) {
        return make(Op.CONV2D_WEIGHT_GRAD, new Attrs.Conv(stride, padding, dilation, weightShape),
                ConvOps.conv2dWeightGrad(value, g.value, weightShape, stride, padding, dilation), this, g);
    }

    /** Max pooling of this {@code [N,C,H,W]}, no padding, floor mode. */
    public Var maxPool2d(int kernel, int stride) {
        return gather(PoolOps.maxPool2dIndices(value, kernel, stride), PoolOps.maxPool2dShape(shape(), kernel, stride));
    }

    @Override
    public String toString() {
        Object kind = op == null ? (requiresGrad ? "param" : "const") : op == Op.UNARY ? ((Attrs.Unary) attr).fn() : op;
        return "Var(" + kind + ", " + value + ")";
    }
}
