package org.flatlens.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.flatlens.tensor.kernels.Parallel;
import org.junit.jupiter.api.Test;

/**
 * The kernels give bit-identical results whatever the thread count. The thread count is fixed per JVM (system property
 * {@code flatlens.threads}, read once), so the same fixed-seed workload runs in child JVMs with 1 and 3 threads and its
 * fingerprint is compared with this JVM's.
 */
class ThreadCountIndependenceTest {
    /** Entry point of the child JVMs: prints the fingerprint. */
    public static void main(String[] args) {
        System.out.println("fingerprint " + fingerprint());
    }

    /**
     * Hashes of the exact bits of conv2d, conv2dTranspose, conv2dWeightGrad (over several chunks and waves), a
     * small-image conv (many samples per chunk), im2col/col2im, max-pool indices and a batched matmul.
     */
    static String fingerprint() {
        SplittableRandom rng = new SplittableRandom(2024);
        StringBuilder sb = new StringBuilder();
        // 40 samples of K·L = 400·576: 4 samples per chunk, 10 chunks, so two weight-gradient waves.
        Tensor x = Tensor.randn(rng, 40, 16, 24, 24), w = Tensor.randn(rng, 4, 16, 5, 5);
        Tensor y = ConvOps.conv2d(x, w, 1, 2);
        Tensor g = Tensor.randn(rng, y.shape().dims());
        sb.append(hash(y)).append(hash(ConvOps.conv2dTranspose(g, w, x.shape(), 1, 2)))
                .append(hash(ConvOps.conv2dWeightGrad(x, g, w.shape(), 1, 2)));
        Tensor xs = Tensor.randn(rng, 300, 3, 8, 8), ws = Tensor.randn(rng, 6, 3, 3, 3);
        Tensor ys = ConvOps.conv2d(xs, ws, 2, 1);
        Tensor gs = Tensor.randn(rng, ys.shape().dims());
        sb.append(hash(ys)).append(hash(ConvOps.conv2dTranspose(gs, ws, xs.shape(), 2, 1)))
                .append(hash(ConvOps.conv2dWeightGrad(xs, gs, ws.shape(), 2, 1)));
        // Direct kernels with the scatter-form input adjoint (no padding) and 7 weight-gradient chunks.
        Tensor x2 = Tensor.randn(rng, 20, 6, 14, 14), w2 = Tensor.randn(rng, 16, 6, 5, 5);
        Tensor y2 = ConvOps.conv2d(x2, w2, 1, 0), g2 = Tensor.randn(rng, y2.shape().dims());
        sb.append(hash(y2)).append(hash(ConvOps.conv2dTranspose(g2, w2, x2.shape(), 1, 0)))
                .append(hash(ConvOps.conv2dWeightGrad(x2, g2, w2.shape(), 1, 0)));
        // Elementwise ops split over runs (broadcast) and within one run (same shapes).
        sb.append(hash(y.add(Tensor.randn(rng, 4, 1, 1)))).append(hash(y.mul(y.step())));
        Tensor cols = ConvOps.im2col(xs, 3, 3, 1, 1);
        sb.append(hash(cols)).append(hash(ConvOps.col2im(cols, xs.shape(), 3, 3, 1, 1)));
        int[] idx = PoolOps.maxPool2dIndices(x, 2, 2);
        sb.append(Integer.toHexString(java.util.Arrays.hashCode(idx))).append(' ');
        sb.append(hash(Tensor.randn(rng, 6, 70, 90).matmul(Tensor.randn(rng, 6, 90, 50))));
        return sb.toString().trim();
    }

    private static String hash(Tensor t) {
        long h = 1125899906842597L;
        for (double v : t.data()) h = 31 * h + Double.doubleToLongBits(v);
        return Long.toHexString(h) + " ";
    }

    @Test
    void resultsAreBitIdenticalForOneTwoAndThreeThreads() throws Exception {
        String here = fingerprint();
        for (int threads : new int[] {1, 3}) {
            assertEquals(here, childFingerprint(threads),
                    "fingerprint with " + threads + " threads differs from " + Parallel.threads() + " threads");
        }
    }

    private static String childFingerprint(int threads) throws IOException, InterruptedException {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector",
                "-Dflatlens.threads=" + threads, "-cp", cp, ThreadCountIndependenceTest.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "child JVM timed out");
        assertEquals(0, p.exitValue(), "child JVM failed: " + out);
        for (String line : out.split("\n")) {
            if (line.startsWith("fingerprint ")) return line.substring("fingerprint ".length()).trim();
        }
        throw new AssertionError("no fingerprint in child output: " + out);
    }
}
