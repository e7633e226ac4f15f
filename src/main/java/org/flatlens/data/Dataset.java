package org.flatlens.data;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.flatlens.tensor.Shape;
import org.flatlens.tensor.Tensor;
import org.flatlens.tensor.UserInputException;

/**
 * An immutable labelled dataset: samples of shape {@code sampleShape} (images: [C, H, W], values pixel/255), labels in
 * {@code 0..numClasses-1}, and for every sample its <em>original index</em>, its position in the split file it was
 * read from (THEORY.md §7: samples are identified by that position, also inside subsets).
 *
 * <p>Subsets ({@link #classSubset}, {@link #first}, {@link #select}, {@link #byOriginalIndices}) share the stored
 * pixels and copy only index arrays. A class subset {@code c_0, c_1, ...} maps class {@code c_j} to label j;
 * {@link #classIds()} remembers, for each label, the class it had in the file. Inputs are materialised as float64
 * tensors one batch at a time ({@link #batch}).
 */
public final class Dataset {
    private final String name;
    private final SampleStore store;
    private final Shape sampleShape;
    private final int[] rows;
    private final int[] labels;
    private final int[] original;
    private final int[] classIds;

    private Dataset(String name, SampleStore store, Shape sampleShape, int[] rows, int[] labels, int[] original,
            int[] classIds) {
        this.name = name;
        this.store = store;
        this.sampleShape = sampleShape;
        this.rows = rows;
        this.labels = labels;
        this.original = original;
        this.classIds = classIds;
    }

    /** A dataset of the images read from one split file; original index i is image i of the file. */
    public static Dataset of(String name, LabeledImages images, int numClasses) {
        Shape shape = Shape.of(images.channels(), images.height(), images.width());
        return create(name, new SampleStore.BytePixels(images.pixels(), shape.size()), shape, images.labels(),
                numClasses);
    }

    /**
     * A dataset of real-valued samples taken as they are (no /255), e.g. synthetic data for tests.
     *
     * @param x [N, ...sampleShape], copied
     * @param labels N labels in {@code 0..numClasses-1}, copied
     */
    public static Dataset fromTensor(String name, Tensor x, int[] labels, int numClasses) {
        if (x.rank() < 2) throw new IllegalArgumentException("inputs need shape [N, ...], got " + x.shape());
        int[] dims = x.shape().dims();
        Shape shape = Shape.of(Arrays.copyOfRange(dims, 1, dims.length));
        if (labels.length != dims[0]) {
            throw new IllegalArgumentException(labels.length + " labels for " + dims[0] + " samples");
        }
        return create(name, new SampleStore.Doubles(x.data().clone(), shape.size()), shape, labels.clone(),
                numClasses);
    }

    private static Dataset create(String name, SampleStore store, Shape shape, int[] labels, int numClasses) {
        if (numClasses <= 0) throw new IllegalArgumentException("numClasses must be positive, got " + numClasses);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new UserInputException(name + ": label " + labels[i] + " of sample " + i
                        + " is outside 0.." + (numClasses - 1));
            }
        }
        int[] identity = range(labels.length);
        return new Dataset(name, store, shape, identity, labels, identity.clone(), range(numClasses));
    }

    /** A short description such as {@code mnist/train}. */
    public String name() {
        return name;
    }

    public int size() {
        return rows.length;
    }

    /** The shape of one sample, e.g. [1, 28, 28]. */
    public Shape sampleShape() {
        return sampleShape;
    }

    /** Number of classes k (the number of outputs and the width of the one-hot targets). */
    public int numClasses() {
        return classIds.length;
    }

    /** For each label j, the class it has in the original file (identity unless a class subset was taken). */
    public int[] classIds() {
        return classIds.clone();
    }

    public int label(int i) {
        return labels[i];
    }

    public int[] labels() {
        return labels.clone();
    }

    /** The position in the original split file of sample {@code i}. */
    public int originalIndex(int i) {
        return original[i];
    }

    public int[] originalIndices() {
        return original.clone();
    }

    /** Number of samples with each label, [k]. */
    public int[] classCounts() {
        int[] c = new int[numClasses()];
        for (int l : labels) c[l]++;
        return c;
    }

    /**
     * The samples of the given classes, in file order, with class {@code classes[j]} relabelled j.
     *
     * @param classes distinct labels of this dataset, at least one
     */
    public Dataset classSubset(int... classes) {
        if (classes.length == 0) throw new UserInputException("class subset is empty");
        int[] map = new int[numClasses()];
        Arrays.fill(map, -1);
        int[] newIds = new int[classes.length];
        for (int j = 0; j < classes.length; j++) {
            int c = classes[j];
            if (c < 0 || c >= numClasses()) {
                throw new UserInputException("class " + c + " is outside 0.." + (numClasses() - 1));
            }
            if (map[c] >= 0) throw new UserInputException("class " + c + " is listed twice");
            map[c] = j;
            newIds[j] = classIds[c];
        }
        int n = 0;
        for (int l : labels) if (map[l] >= 0) n++;
        int[] pos = new int[n];
        int[] newLabels = new int[n];
        for (int i = 0, at = 0; i < size(); i++) {
            if (map[labels[i]] >= 0) {
                pos[at] = i;
                newLabels[at++] = map[labels[i]];
            }
        }
        return derive(pos, newLabels, newIds, name + Arrays.toString(classes).replace(" ", ""));
    }

    /** The first {@code n} samples (0 ≤ n ≤ size()). */
    public Dataset first(int n) {
        if (n < 0 || n > size()) {
            throw new UserInputException("cannot take the first " + n + " of " + size() + " samples of " + name);
        }
        return select(range(n));
    }

    /** The samples at the given positions of this dataset, in the order given (repeats allowed). */
    public Dataset select(int[] positions) {
        checkPositions(positions);
        int[] newLabels = new int[positions.length];
        for (int i = 0; i < positions.length; i++) newLabels[i] = labels[positions[i]];
        return derive(positions.clone(), newLabels, classIds, name);
    }

    /**
     * The samples with the given original indices, in the order given.
     *
     * @throws IllegalArgumentException if an index is not in this dataset (e.g. filtered out by a class subset)
     *     or is listed twice
     */
    public Dataset byOriginalIndices(int[] originalIndices) {
        Map<Integer, Integer> where = new HashMap<>(size() * 2);
        for (int i = 0; i < size(); i++) where.put(original[i], i);
        int[] pos = new int[originalIndices.length];
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < pos.length; i++) {
            Integer p = where.get(originalIndices[i]);
            if (p == null) {
                throw new UserInputException("original index " + originalIndices[i] + " is not in " + name);
            }
            if (!seen.add(originalIndices[i])) {
                throw new UserInputException("original index " + originalIndices[i] + " is listed twice");
            }
            pos[i] = p;
        }
        return select(pos);
    }

    /** Inputs of the samples at {@code positions}, [B, ...sampleShape]. */
    public Tensor inputs(int[] positions) {
        checkPositions(positions);
        int d = sampleShape.size();
        double[] out = new double[Math.multiplyExact(positions.length, d)];
        for (int i = 0; i < positions.length; i++) store.copyTo(rows[positions[i]], out, i * d);
        int[] dims = new int[sampleShape.rank() + 1];
        dims[0] = positions.length;
        System.arraycopy(sampleShape.dims(), 0, dims, 1, sampleShape.rank());
        return new Tensor(Shape.of(dims), out);
    }

    /** The batch of the samples at {@code positions}: inputs, labels, one-hot targets, original indices. */
    public Batch batch(int[] positions) {
        Tensor x = inputs(positions);
        int[] l = new int[positions.length];
        int[] o = new int[positions.length];
        for (int i = 0; i < positions.length; i++) {
            l[i] = labels[positions[i]];
            o[i] = original[positions[i]];
        }
        return new Batch(x, l, oneHot(l, numClasses()), o);
    }

    /** All samples as one batch (mind the memory: N·D doubles). */
    public Batch all() {
        return batch(range(size()));
    }

    /** One-hot rows [B, k]: row i is 1 at column {@code labels[i]}, 0 elsewhere. */
    public static Tensor oneHot(int[] labels, int numClasses) {
        double[] t = new double[Math.multiplyExact(labels.length, numClasses)];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("label " + labels[i] + " is outside 0.." + (numClasses - 1));
            }
            t[i * numClasses + labels[i]] = 1.0;
        }
        return new Tensor(Shape.of(labels.length, numClasses), t);
    }

    @Override
    public String toString() {
        return name + " (" + size() + " samples of " + sampleShape + ", " + numClasses() + " classes)";
    }

    private Dataset derive(int[] positions, int[] newLabels, int[] newClassIds, String newName) {
        int[] r = new int[positions.length];
        int[] o = new int[positions.length];
        for (int i = 0; i < positions.length; i++) {
            r[i] = rows[positions[i]];
            o[i] = original[positions[i]];
        }
        return new Dataset(newName, store, sampleShape, r, newLabels, o, newClassIds.clone());
    }

    private void checkPositions(int[] positions) {
        for (int p : positions) {
            if (p < 0 || p >= size()) {
                throw new IllegalArgumentException("position " + p + " is outside 0.." + (size() - 1) + " of " + name);
            }
        }
    }

    static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) r[i] = i;
        return r;
    }
}
