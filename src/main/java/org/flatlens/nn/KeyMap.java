package org.flatlens.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.flatlens.tensor.UserInputException;

/**
 * Renames the keys of a state_dict read from elsewhere onto a model's parameter names ({@code --key-map}).
 *
 * <p>Each rule is {@code FROM=TO}: every key in which the Java regular expression FROM is found has its matches
 * replaced by TO ({@link Matcher#replaceAll}, so {@code $1} refers to a group); rules apply in the order given, each to
 * the result of the one before. The preset {@code sharpdim} maps the paper code's keys (its MLP is an
 * {@code nn.Sequential} held as {@code self.net} with {@code nn.Identity} placeholders, so its Linear layers are
 * {@code net.1, net.4, net.7, ...}): it drops a leading {@code net.} and then, if the model's own keys start with an
 * index (an {@code nn.Sequential}), renumbers the checkpoint's leading indices onto the model's in order: the j-th
 * smallest index of the checkpoint becomes the j-th smallest of the model ({@code 1 → 0, 4 → 2, 7 → 4, 10 → 6} for the
 * plain {@code mlp}, unchanged for {@code layer_norm: true}, whose Linear layers are {@code 1, 4, 7, 10} too).
 */
public final class KeyMap {
    /** The preset for the paper code's checkpoints. */
    public static final String SHARPDIM = "sharpdim";
    private static final Pattern LEADING_INDEX = Pattern.compile("^(\\d+)(\\..*)$");

    private sealed interface Rule permits Regex, Sharpdim {}

    private record Regex(String text, Pattern from, String to) implements Rule {}

    private record Sharpdim() implements Rule {}

    private final List<Rule> rules;

    private KeyMap(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** No renaming. */
    public static KeyMap identity() {
        return new KeyMap(List.of());
    }

    /**
     * The rules {@code FROM=TO} or {@code sharpdim}, in order.
     *
     * @throws UserInputException naming the rule, for a missing {@code =} or a bad regular expression
     */
    public static KeyMap parse(List<String> specs) {
        List<Rule> rules = new ArrayList<>();
        for (String s : specs) {
            if (s.trim().equals(SHARPDIM)) {
                rules.add(new Sharpdim());
                continue;
            }
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new UserInputException("--key-map needs FROM=TO (Java regular expressions) or the preset "
                        + "sharpdim, got '" + s + "'");
            }
            try {
                rules.add(new Regex(s, Pattern.compile(s.substring(0, eq)), s.substring(eq + 1)));
            } catch (PatternSyntaxException e) {
                throw new UserInputException("--key-map '" + s + "': bad regular expression: "
                        + e.getDescription());
            }
        }
        return new KeyMap(rules);
    }

    public boolean isIdentity() {
        return rules.isEmpty();
    }

    public boolean usesSharpdim() {
        return rules.stream().anyMatch(r -> r instanceof Sharpdim);
    }

    /**
     * The tensors under their new names, in the same order.
     *
     * @param found      name → value as read; not modified
     * @param modelNames the model's parameter names (the targets of {@code sharpdim}'s renumbering)
     * @throws UserInputException when two keys get the same name, or a replacement refers to a missing group
     */
    public <T> Map<String, T> apply(Map<String, T> found, Iterable<String> modelNames) {
        Map<String, T> current = new LinkedHashMap<>(found);
        for (Rule r : rules) {
            Map<String, String> rename = new LinkedHashMap<>();
            if (r instanceof Regex x) {
                for (String k : current.keySet()) rename.put(k, replace(x, k));
            } else {
                Map<String, String> stripped = new LinkedHashMap<>();
                for (String k : current.keySet()) stripped.put(k, k.startsWith("net.") ? k.substring(4) : k);
                Map<Integer, Integer> renumber = renumbering(stripped.values(), modelNames);
                for (Map.Entry<String, String> e : stripped.entrySet()) {
                    rename.put(e.getKey(), reindex(e.getValue(), renumber));
                }
            }
            current = renamed(current, rename);
        }
        return current;
    }

    private static String replace(Regex x, String key) {
        try {
            return x.from().matcher(key).replaceAll(x.to());
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new UserInputException("--key-map '" + x.text() + "': " + e.getMessage());
        }
    }

    private static <T> Map<String, T> renamed(Map<String, T> current, Map<String, String> rename) {
        Map<String, T> out = new LinkedHashMap<>();
        Map<String, String> from = new LinkedHashMap<>();
        for (Map.Entry<String, T> e : current.entrySet()) {
            String to = rename.get(e.getKey());
            if (out.containsKey(to)) {
                throw new UserInputException("--key-map gives '" + from.get(to) + "' and '" + e.getKey()
                        + "' the same name '" + to + "'");
            }
            out.put(to, e.getValue());
            from.put(to, e.getKey());
        }
        return out;
    }

    /** The j-th smallest leading index of {@code keys} → the j-th smallest of {@code modelNames}; empty if unfit. */
    private static Map<Integer, Integer> renumbering(Iterable<String> keys, Iterable<String> modelNames) {
        TreeSet<Integer> have = leadingIndices(keys), want = leadingIndices(modelNames);
        Map<Integer, Integer> m = new LinkedHashMap<>();
        if (want.isEmpty() || have.size() != want.size()) return m;
        var it = want.iterator();
        for (int i : have) m.put(i, it.next());
        return m;
    }

    private static TreeSet<Integer> leadingIndices(Iterable<String> keys) {
        TreeSet<Integer> s = new TreeSet<>();
        for (String k : keys) {
            Matcher m = LEADING_INDEX.matcher(k);
            if (m.matches() && m.group(1).length() < 9) s.add(Integer.parseInt(m.group(1)));
        }
        return s;
    }

    private static String reindex(String key, Map<Integer, Integer> renumber) {
        Matcher m = LEADING_INDEX.matcher(key);
        if (!m.matches() || m.group(1).length() >= 9) return key;
        Integer to = renumber.get(Integer.parseInt(m.group(1)));
        return to == null ? key : to + m.group(2);
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        for (Rule r : rules) parts.add(r instanceof Regex x ? x.text() : SHARPDIM);
        return String.join(", ", parts);
    }
}
