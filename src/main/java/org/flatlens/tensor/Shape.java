package org.flatlens.tensor;

import java.util.Arrays;

/**
 * The dimensions of a row-major, contiguous tensor. Immutable.
 *
 * <p>A rank-0 shape (no dimensions) is a scalar of size 1. Negative axes count from the end, as in numpy.
 */
public final class Shape {
    private final int[] dims;
    private final int size;

    private Shape(int[] dims) {
        long s = 1;
        for (int d : dims) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in " + Arrays.toString(dims));
            s *= d;
            if (s > Integer.MAX_VALUE) throw new IllegalArgumentException("shape too large: " + Arrays.toString(dims));
        }
        this.dims = dims;
        this.size = (int) s;
    }

    /** A shape with the given dimensions (copied). */
    public static Shape of(int... dims) {
        return new Shape(dims.clone());
    }

    public static Shape scalar() {
        return new Shape(new int[0]);
    }

    public int rank() {
        return dims.length;
    }

    /** Number of elements. */
    public int size() {
        return size;
    }

    /** Dimension {@code axis}; negative axes count from the end. */
    public int dim(int axis) {
        return dims[axis(axis)];
    }

    /** A copy of the dimensions. */
    public int[] dims() {
        return dims.clone();
    }

    /** Normalises a possibly negative axis to {@code [0, rank)}, failing clearly when out of range. */
    public int axis(int axis) {
        int a = axis < 0 ? axis + dims.length : axis;
        if (a < 0 || a >= dims.length) {
            throw new IllegalArgumentException("axis " + axis + " out of range for shape " + this);
        }
        return a;
    }

    /** Row-major strides in elements. */
    public int[] strides() {
        int[] st = new int[dims.length];
        int s = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            st[i] = s;
            s *= dims[i];
        }
        return st;
    }

    /** Product of the dimensions in {@code [from, to)}. */
    public int sizeOf(int from, int to) {
        int s = 1;
        for (int i = from; i < to; i++) s *= dims[i];
        return s;
    }

    /** This shape with dimension {@code axis} replaced by {@code value}. */
    public Shape with(int axis, int value) {
        int[] d = dims.clone();
        d[axis(axis)] = value;
        return new Shape(d);
    }

    /** The numpy broadcast of two shapes; fails when they are incompatible. */
    public static Shape broadcast(Shape a, Shape b) {
        int r = Math.max(a.rank(), b.rank());
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i < r - a.rank() ? 1 : a.dims[i - (r - a.rank())];
            int db = i < r - b.rank() ? 1 : b.dims[i - (r - b.rank())];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException("shapes " + a + " and " + b + " do not broadcast");
            }
            out[i] = da == 1 ? db : da;
        }
        return new Shape(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
