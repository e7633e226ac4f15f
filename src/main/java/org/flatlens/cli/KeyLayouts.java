package org.flatlens.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.flatlens.nn.KeyMap;
import org.flatlens.nn.Model;
import org.flatlens.nn.ModelSpec;
import org.flatlens.nn.Models;

/**
 * Says which architecture option a checkpoint's keys were taken for when they fit more than one.
 *
 * <p>The case that matters: the {@code mlp} with {@code layer_norm: true} has its Linear layers at
 * {@code 1, 4, 7, ...} (LayerNorm without affine parameters leaves no key), and so does a plain MLP with
 * {@code nn.Identity} placeholders saved as {@code model.net.state_dict()}, as the paper's code builds it. The keys
 * cannot tell the two apart, and loading the plain MLP's weights as the LayerNorm network computes another function
 * (loss 1.676 instead of 0.0077 in one report). So loading such keys says what was assumed, and a plain mlp that is
 * refused these keys is told how to take them.
 */
final class KeyLayouts {
    private static final int SHOW = 4;

    private KeyLayouts() {}

    /** A note for the user, or empty when the keys fit one layout only and no preset was applied. */
    static Optional<String> explain(Model model, Set<String> read, Set<String> mapped, KeyMap keyMap, Path file) {
        List<String> parts = new ArrayList<>();
        if (keyMap.usesSharpdim()) {
            parts.add("--key-map sharpdim renamed " + renames(read, mapped));
        }
        ModelSpec spec = model.spec();
        if (isMlp(spec) && Boolean.TRUE.equals(spec.options().get("layer_norm"))
                && mapped.equals(model.parameterShapes().keySet())) {
            parts.add("keys " + prefixes(mapped) + " were loaded as the mlp with layer_norm: true, as its model.json "
                    + "says; a plain MLP with nn.Identity placeholders (the paper's code, saved as "
                    + "model.net.state_dict()) has the same keys, since LayerNorm without affine parameters leaves "
                    + "none: if the network had no LayerNorm, use layer_norm: false with --key-map sharpdim");
        }
        return parts.isEmpty() ? Optional.empty() : Optional.of(file + ": " + String.join("; ", parts));
    }

    /** A hint to append to a "does not fit" error, or "". */
    static String hint(Model model, Set<String> found) {
        ModelSpec spec = model.spec();
        if (isMlp(spec) && !Boolean.TRUE.equals(spec.options().get("layer_norm"))) {
            Map<String, Object> options = new HashMap<>(spec.options());
            options.put("layer_norm", true);
            Set<String> ln = Models.build(new ModelSpec("mlp", options, spec.inputShape(), spec.numOutputs()))
                    .parameterShapes().keySet();
            if (ln.equals(found)) {
                return " (keys " + prefixes(found) + " are the layout of the mlp with layer_norm: true and also of a "
                        + "plain MLP with nn.Identity placeholders, as the paper's code saves it: add --key-map "
                        + "sharpdim to load them into this plain MLP, or set layer_norm: true if the network had "
                        + "LayerNorm)";
            }
        }
        if (!found.isEmpty() && found.stream().allMatch(k -> k.startsWith("net."))) {
            return " (every key starts with 'net.': --key-map sharpdim maps the paper code's keys, "
                    + "--key-map '^net\\.=' only drops the prefix)";
        }
        return "";
    }

    private static boolean isMlp(ModelSpec spec) {
        return spec.arch().equals("mlp");
    }

    /** {@code 1.*, 4.*, 7.*, 10.*}: the distinct first components. */
    private static String prefixes(Set<String> keys) {
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            String p = (k.contains(".") ? k.substring(0, k.indexOf('.')) : k) + ".*";
            if (!out.contains(p)) out.add(p);
        }
        return String.join(", ", out);
    }

    /** {@code net.1.* → 0.*, net.4.* → 2.*, ...} for the first keys whose prefix changed. */
    private static String renames(Set<String> read, Set<String> mapped) {
        List<String> out = new ArrayList<>();
        var a = read.iterator();
        var b = mapped.iterator();
        while (a.hasNext() && b.hasNext()) {
            String from = a.next(), to = b.next();
            String pf = from.substring(0, from.lastIndexOf('.') + 1), pt = to.substring(0, to.lastIndexOf('.') + 1);
            String pair = pf + "* → " + pt + "*";
            if (!pf.equals(pt) && !out.contains(pair)) out.add(pair);
        }
        if (out.isEmpty()) return "nothing";
        return String.join(", ", out.subList(0, Math.min(SHOW, out.size()))) + (out.size() > SHOW ? ", ..." : "");
    }
}
