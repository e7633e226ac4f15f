package org.flatlens.experiments;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.flatlens.nn.LossKind;
import org.flatlens.nn.ModelSpec;
import org.flatlens.train.TrainConfig;

/**
 * One run of a sweep: everything that determines it. Its {@link #id()} is derived from these values alone
 * (a readable prefix and 10 hex digits of the SHA-256 of its canonical JSON), so the same configuration always maps to
 * the same run folder {@code runs/<id>/}, which is what makes sweeps resumable.
 *
 * @param arch    architecture name; {@code options} its options (model.json)
 * @param classes class subset in output order (empty: all)
 */
public record RunSpec(String arch, Map<String, Object> options, String dataset, int[] classes, LossKind loss,
        double lr, int batchSize, int steps, long seed, double momentum, double weightDecay, int trainSamples,
        int testSamples, int checkpointEvery, TrackingConfig track) implements java.io.Serializable {
    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS,
            true);

    public RunSpec {
        options = Map.copyOf(options);
        classes = classes.clone();
    }

    @Override
    public int[] classes() {
        return classes.clone();
    }

    /** The canonical description (keys sorted), also what the id hashes. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new TreeMap<>();
        m.put("arch", arch);
        m.put("options", new TreeMap<>(options));
        m.put("dataset", dataset);
        m.put("classes", Arrays.stream(classes).boxed().toList());
        m.put("loss", loss.key());
        m.put("lr", lr);
        m.put("batch_size", batchSize);
        m.put("steps", steps);
        m.put("seed", seed);
        m.put("momentum", momentum);
        m.put("weight_decay", weightDecay);
        m.put("train_samples", trainSamples);
        m.put("test_samples", testSamples);
        m.put("checkpoint_every", checkpointEvery);
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("every", track.every());
        t.put("samples", track.trainSamples());
        t.put("test_samples", track.testSamples());
        t.put("seed", track.sampleSeed());
        m.put("track", t);
        return m;
    }

    /** E.g. {@code mlp-lr0.1-b8-s0-3fa2c19b0d}. */
    public String id() {
        String canonical;
        try {
            canonical = JSON.writeValueAsString(describe());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            String hex = HexFormat.of().formatHex(h).substring(0, 10);
            return arch + "-lr" + shortNumber(lr) + "-b" + batchSize + "-s" + seed + "-" + hex;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String shortNumber(double v) {
        String s = String.format(java.util.Locale.ROOT, "%.3g", v);
        if (s.contains("e")) return s;
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    /** The trainer's configuration, for data with samples of shape {@code inputShape} and k outputs. */
    public TrainConfig trainConfig(int[] inputShape, int numOutputs) {
        ModelSpec spec = new ModelSpec(arch, options, inputShape, numOutputs);
        return new TrainConfig(spec, dataset, classes, trainSamples, testSamples, loss, lr, momentum, weightDecay,
                batchSize, steps, seed, checkpointEvery, track.every());
    }
}
