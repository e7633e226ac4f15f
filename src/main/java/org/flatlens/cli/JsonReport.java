package org.flatlens.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.flatlens.data.AtomicFiles;
import org.flatlens.tensor.UserInputException;

/**
 * A JSON report assembled from named top-level sections in insertion order ({@code model}, {@code data}, {@code loss},
 * {@code sharpness}, and later {@code sites}, {@code network}, {@code bounds}): each command adds the sections it
 * computes, and a new measure family is a new section, not a rewrite.
 *
 * <p>Numbers go through {@link #number}: non-finite values are written as the strings {@code "Infinity"},
 * {@code "-Infinity"} and {@code "NaN"} (THEORY.md §7), since JSON has no literal for them.
 */
final class JsonReport {
    static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode root = JSON.createObjectNode();

    /** A new, empty top-level section. */
    ObjectNode section(String name) {
        if (root.has(name)) throw new IllegalStateException("section '" + name + "' is already in the report");
        return root.putObject(name);
    }

    /** Adds a top-level value (a section built elsewhere, or a scalar). */
    void put(String name, JsonNode value) {
        if (root.has(name)) throw new IllegalStateException("section '" + name + "' is already in the report");
        root.set(name, value);
    }

    JsonNode root() {
        return root;
    }

    String toJson() {
        return root.toPrettyString() + "\n";
    }

    /** Writes the report atomically (a reader never sees half a file). */
    void write(Path file) {
        checkWritable(file);
        AtomicFiles.writeString(file, toJson());
    }

    /** Fails unless {@code file} can be written: its folder exists and it is not itself a folder. Call it before a
     * long computation whose result goes there. */
    static void checkWritable(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !parent.toFile().isDirectory()) {
            throw new UserInputException("cannot write " + file + ": folder " + parent + " does not exist");
        }
        if (file.toFile().isDirectory()) {
            throw new UserInputException("cannot write " + file + ": it is a directory; give a file name, e.g. "
                    + file.resolve("measure.json"));
        }
    }

    /** {@code o[key] = v}, non-finite values as strings. */
    static void number(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) o.put(key, v);
        else o.put(key, nonFinite(v));
    }

    /** An array of numbers, non-finite values as strings. */
    static ArrayNode numbers(double... values) {
        ArrayNode a = JSON.createArrayNode();
        for (double v : values) {
            if (Double.isFinite(v)) a.add(v);
            else a.add(nonFinite(v));
        }
        return a;
    }

    static ArrayNode ints(int... values) {
        ArrayNode a = JSON.createArrayNode();
        for (int v : values) a.add(v);
        return a;
    }

    private static String nonFinite(double v) {
        return Double.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
    }
}
