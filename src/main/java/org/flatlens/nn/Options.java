package org.flatlens.nn;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flatlens.tensor.UserInputException;

/** Typed reading of a model's options, failing clearly on wrong types and unknown keys. */
final class Options {
    private final String arch;
    private final Map<String, Object> values;
    private final Set<String> read = new HashSet<>();

    Options(String arch, Map<String, Object> values) {
        this.arch = arch;
        this.values = values;
    }

    int integer(String key, int dflt) {
        Object v = get(key);
        if (v == null) return dflt;
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) return n.intValue();
        throw bad(key, v, "an integer");
    }

    double number(String key, double dflt) {
        Object v = get(key);
        if (v == null) return dflt;
        if (v instanceof Number n) return n.doubleValue();
        throw bad(key, v, "a number");
    }

    boolean bool(String key, boolean dflt) {
        Object v = get(key);
        if (v == null) return dflt;
        if (v instanceof Boolean b) return b;
        throw bad(key, v, "true or false");
    }

    /** A string option, e.g. a file name. */
    String string(String key, String dflt) {
        Object v = get(key);
        if (v == null) return dflt;
        if (v instanceof String str) return str;
        throw bad(key, v, "a string");
    }

    String choice(String key, String dflt, String... allowed) {
        Object v = get(key);
        if (v == null) return dflt;
        for (String a : allowed) if (a.equals(v)) return a;
        throw bad(key, v, "one of " + String.join(", ", allowed));
    }

    List<Integer> intList(String key, List<Integer> dflt) {
        Object v = get(key);
        if (v == null) return dflt;
        // A single number is a list of one (as `--option widths=500` writes it).
        if (v instanceof Number) v = List.of(v);
        if (v instanceof List<?> l) {
            List<Integer> r = new ArrayList<>();
            for (Object o : l) {
                if (!(o instanceof Number n) || n.intValue() < 1 || n.doubleValue() != n.intValue()) {
                    throw bad(key, v, "a list of positive integers");
                }
                r.add(n.intValue());
            }
            return r;
        }
        throw bad(key, v, "a list of positive integers");
    }

    /** Fails when an option was given that the architecture does not know. */
    void rejectUnknown() {
        for (String k : values.keySet()) {
            if (!read.contains(k)) throw new UserInputException(arch + ": unknown option '" + k + "'");
        }
    }

    private Object get(String key) {
        read.add(key);
        return values.get(key);
    }

    private UserInputException bad(String key, Object v, String what) {
        return new UserInputException(arch + ": option '" + key + "' must be " + what + ", got " + v);
    }
}
