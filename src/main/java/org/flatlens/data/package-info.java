/**
 * Datasets and file formats: IDX (MNIST, FashionMNIST), CIFAR-10 binary, safetensors; subsets and batching.
 *
 * <p>May import: tensor.
 */
package org.flatlens.data;
