package org.flatlens.autodiff;

import org.flatlens.tensor.ElementwiseOps;
import org.flatlens.tensor.Shape;
import org.flatlens.tensor.Tensor;

/**
 * The chain rule, one entry per primitive: given the cotangent {@code g} of a node's output, the cotangents of its
 * inputs; the rules of the functions of one tensor ({@link Op#UNARY}) sit with their kernels in {@link UnaryOps}. Every entry is written with {@link Var} operations, so when the inputs are graph nodes the result is a graph
 * and can be differentiated again (second derivatives, Hessian–vector products).
 *
 * <p>{@code need[i]} says whether input i needs a cotangent; entries skip the work for those that do not and return
 * null there.
 *
 * <p>{@code gOwned} says that the array of {@code g} belongs to this rule application alone (no node, caller or other
 * cotangent holds it): without a graph, the unary and row-wise rules then write their result over g instead of
 * allocating, with the same bits.
 */
final class GradRules {

    private GradRules() {}

    static Var[] grads(Op op, Object attr, Var out, Var[] in, Var g, boolean[] need, boolean gOwned) {
        Var x = in[0];
        boolean plain = !g.requiresGrad() && !x.requiresGrad();
        return switch (op) {
            case NEG -> one(plain && gOwned ? Var.constant(g.value().scaleInPlace(-1.0)) : g.neg());
            case SCALE -> one(plain && gOwned ? Var.constant(g.value().scaleInPlace(((Attrs.Scalar) attr).c()))
                    : g.mul(((Attrs.Scalar) attr).c()));
            case ADD_SCALAR -> one(g);
            case POW -> one(powGrad(x, ((Attrs.Scalar) attr).c(), g));
            case UNARY -> {
                Attrs.Unary u = (Attrs.Unary) attr;
                yield one(u.fn().vjp(x, out, g, gOwned, u.memo()));
            }
            case ADD -> two(need, () -> g.sumTo(x.shape()), () -> g.sumTo(in[1].shape()));
            case SUB -> two(need, () -> g.sumTo(x.shape()), () -> g.neg().sumTo(in[1].shape()));
            case MUL -> mulGrad(x, in[1], g, need);
            case DIV -> two(need, () -> g.div(in[1]).sumTo(x.shape()),
                    () -> g.mul(out).div(in[1]).neg().sumTo(in[1].shape()));
            case SUM -> one(sumGrad((Attrs.Sum) attr, x.shape(), g));
            case EXPAND -> one(g.sumTo(x.shape()));
            case RESHAPE -> one(g.reshape(x.shape()));
            case PERMUTE -> one(g.permute(inverse((int[]) attr)));
            case SLICE -> {
                Attrs.Slice s = (Attrs.Slice) attr;
                yield one(g.pad(s.axis(), s.start(), x.shape().dim(s.axis()) - s.end()));
            }
            case PAD -> {
                Attrs.Pad p = (Attrs.Pad) attr;
                yield one(g.slice(p.axis(), p.before(), p.before() + x.shape().dim(p.axis())));
            }
            case CONCAT -> concatGrad((Attrs.Concat) attr, g, need);
            case GATHER -> one(g.scatterAdd(((Attrs.Indexed) attr).flat(), x.shape()));
            case SCATTER_ADD -> one(g.gather(((Attrs.Indexed) attr).flat(), x.shape()));
            case MATMUL -> matmulGrad((Attrs.Matmul) attr, x, in[1], g, need);
            case CONV2D -> convGrad((Attrs.Conv) attr, x, in[1], g, need);
            case CONV2D_TRANSPOSE -> convTransposeGrad((Attrs.Conv) attr, x, in[1], g, need);
            case CONV2D_WEIGHT_GRAD -> convWeightGradGrad((Attrs.Conv) attr, x, in[1], g, need);
        };
    }

    private static Var[] one(Var a) {
        return new Var[] {a};
    }

    private static Var[] two(boolean[] need, java.util.function.Supplier<Var> a, java.util.function.Supplier<Var> b) {
        return new Var[] {need[0] ? a.get() : null, need[1] ? b.get() : null};
    }

    /**
     * {@code d a = g ⊙ b}, {@code d b = g ⊙ a}, each summed to its operand's shape. Without a graph, when both are
     * needed and nothing is broadcast (a layer norm's output times its per-row weight), both in one pass over g with
     * the bits of the two products.
     */
    private static Var[] mulGrad(Var a, Var b, Var g, boolean[] need) {
        boolean plain = !g.requiresGrad() && !a.requiresGrad() && !b.requiresGrad();
        if (plain && need[0] && need[1] && a.shape().equals(g.shape()) && b.shape().equals(g.shape())) {
            Tensor[] d = ElementwiseOps.productRuleBackward(g.value(), a.value(), b.value());
            return new Var[] {Var.constant(d[0]), Var.constant(d[1])};
        }
        return two(need, () -> g.mul(b).sumTo(a.shape()), () -> g.mul(a).sumTo(b.shape()));
    }

    private static Var powGrad(Var x, double p, Var g) {
        if (p == 1.0) return g;
        if (p == 2.0) {
            // Without a graph, one fused pass gives the same bits as the composition.
            if (!g.requiresGrad() && !x.requiresGrad()) return Var.constant(ElementwiseOps.mulScaled(g.value(), x.value(), 2.0));
            return g.mul(x.mul(2.0));
        }
        return g.mul(x.pow(p - 1.0).mul(p));
    }

    private static Var sumGrad(Attrs.Sum s, Shape inShape, Var g) {
        Shape kept = org.flatlens.tensor.ReduceOps.reducedShape(inShape, s.axes(), true);
        return g.reshape(kept).expand(inShape);
    }

    private static int[] inverse(int[] p) {
        int[] q = new int[p.length];
        for (int i = 0; i < p.length; i++) q[p[i]] = i;
        return q;
    }

    private static Var[] concatGrad(Attrs.Concat c, Var g, boolean[] need) {
        Var[] r = new Var[c.sizes().length];
        int off = 0;
        for (int i = 0; i < r.length; i++) {
            if (need[i]) r[i] = g.slice(c.axis(), off, off + c.sizes()[i]);
            off += c.sizes()[i];
        }
        return r;
    }

    /**
     * For {@code C = op(A) op(B)}: {@code d op(A) = g op(B)ᵀ} and {@code d op(B) = op(A)ᵀ g}, transposed back when the
     * operand was stored transposed; batch axes that were broadcast are summed away.
     */
    private static Var[] matmulGrad(Attrs.Matmul m, Var a, Var b, Var g, boolean[] need) {
        boolean ta = m.transA(), tb = m.transB();
        Var da = null, db = null;
        if (need[0]) {
            da = ta ? b.matmul(g, tb, true) : g.matmul(b, false, !tb);
            da = da.sumTo(a.shape());
        }
        if (need[1]) {
            db = tb ? g.matmul(a, true, ta) : a.matmul(g, !ta, false);
            db = db.sumTo(b.shape());
        }
        return new Var[] {da, db};
    }

    private static Var[] convGrad(Attrs.Conv c, Var x, Var w, Var g, boolean[] need) {
        return new Var[] {
            need[0] ? g.conv2dTranspose(w, x.shape(), c.stride(), c.padding(), c.dilation()) : null,
            need[1] ? x.conv2dWeightGrad(g, w.shape(), c.stride(), c.padding(), c.dilation()) : null};
    }

    /** {@code ⟨convT(y, w), G⟩ = ⟨y, conv(G, w)⟩}: linear in y and in w. */
    private static Var[] convTransposeGrad(Attrs.Conv c, Var y, Var w, Var g, boolean[] need) {
        return new Var[] {
            need[0] ? g.conv2d(w, c.stride(), c.padding(), c.dilation()) : null,
            need[1] ? g.conv2dWeightGrad(y, w.shape(), c.stride(), c.padding(), c.dilation()) : null};
    }

    /** {@code ⟨convW(x, y), G⟩ = ⟨conv(x, G), y⟩}: linear in x and in y. */
    private static Var[] convWeightGradGrad(Attrs.Conv c, Var x, Var y, Var g, boolean[] need) {
        return new Var[] {
            need[0] ? y.conv2dTranspose(g, x.shape(), c.stride(), c.padding(), c.dilation()) : null,
            need[1] ? x.conv2d(g, c.stride(), c.padding(), c.dilation()) : null};
    }
}
