package org.flatlens.data;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parsing, validating and writing the JSON header of a safetensors file (see {@link Safetensors}). */
final class SafetensorsHeader {
    static final String METADATA_KEY = "__metadata__";

    /** One tensor's header entry; {@code begin, end} are byte offsets into the data section. */
    record Entry(String name, Safetensors.Dtype dtype, int[] shape, long begin, long end) {}

    /** A validated header: the entries in data-offset order, and the metadata in document order. */
    record Parsed(List<Entry> entries, Map<String, String> metadata) {}

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private SafetensorsHeader() {}

    /** The header JSON (compact UTF-8), padded with spaces to a multiple of 8 bytes so the data starts aligned. */
    static byte[] toJson(List<Entry> entries, Map<String, String> metadata) {
        ObjectNode root = MAPPER.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode m = root.putObject(METADATA_KEY);
            metadata.forEach(m::put);
        }
        for (Entry e : entries) {
            ObjectNode t = root.putObject(e.name());
            t.put("dtype", e.dtype().name());
            ArrayNode shape = t.putArray("shape");
            for (int d : e.shape()) shape.add(d);
            t.putArray("data_offsets").add(e.begin()).add(e.end());
        }
        byte[] json = root.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        byte[] out = new byte[padded];
        System.arraycopy(json, 0, out, 0, json.length);
        java.util.Arrays.fill(out, json.length, padded, (byte) ' ');
        return out;
    }

    /**
     * Parses and validates a header: well-formed JSON object, no duplicate keys, string metadata, supported dtypes,
     * non-negative integer shapes, offsets inside the data section whose lengths match shape × dtype size, and
     * tensors that tile the data section exactly (no overlap, no gap, no trailing bytes).
     */
    static Parsed parse(byte[] json, long dataLength, String source) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw fail(source, "malformed JSON header: " + e.getOriginalMessage().replace('\n', ' '));
        } catch (java.io.IOException e) {
            throw fail(source, "unreadable JSON header: " + e.getMessage());
        }
        if (root == null || !root.isObject()) throw fail(source, "header is not a JSON object");
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonNode> f : root.properties()) {
            if (f.getKey().equals(METADATA_KEY)) {
                readMetadata(f.getValue(), metadata, source);
            } else {
                entries.add(readEntry(f.getKey(), f.getValue(), dataLength, source));
            }
        }
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        checkTiling(entries, dataLength, source);
        return new Parsed(entries, metadata);
    }

    private static void readMetadata(JsonNode node, Map<String, String> out, String source) {
        if (!node.isObject()) throw fail(source, METADATA_KEY + " is not a JSON object");
        for (Map.Entry<String, JsonNode> m : node.properties()) {
            if (!m.getValue().isTextual()) {
                throw fail(source, METADATA_KEY + " value of '" + m.getKey() + "' is not a string");
            }
            out.put(m.getKey(), m.getValue().textValue());
        }
    }

    private static Entry readEntry(String name, JsonNode node, long dataLength, String source) {
        String where = "tensor '" + name + "': ";
        if (!node.isObject()) throw fail(source, where + "entry is not a JSON object");
        JsonNode dt = node.get("dtype");
        if (dt == null || !dt.isTextual()) throw fail(source, where + "missing or non-string dtype");
        Safetensors.Dtype dtype = Safetensors.Dtype.find(dt.textValue());
        if (dtype == null) {
            throw fail(source, where + "dtype " + dt.textValue() + " is not supported (FlatLens reads F64 and F32)");
        }
        int[] shape = readShape(node.get("shape"), source, where);
        long elements = 1;
        for (int d : shape) elements *= d;
        JsonNode off = node.get("data_offsets");
        if (off == null || !off.isArray() || off.size() != 2 || !isLong(off.get(0)) || !isLong(off.get(1))) {
            throw fail(source, where + "data_offsets must be an array of two non-negative integers");
        }
        long begin = off.get(0).longValue();
        long end = off.get(1).longValue();
        if (begin > end) throw fail(source, where + "data_offsets [" + begin + ", " + end + "] are reversed");
        if (end > dataLength) {
            throw fail(source, where + "data_offsets end " + end + " is past the data section (" + dataLength
                    + " bytes)");
        }
        long expected = elements * dtype.bytes();
        if (end - begin != expected) {
            throw fail(source, where + "data_offsets span " + (end - begin) + " bytes but shape "
                    + java.util.Arrays.toString(shape) + " of " + dtype + " needs " + expected);
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    private static int[] readShape(JsonNode sh, String source, String where) {
        if (sh == null || !sh.isArray()) throw fail(source, where + "missing or non-array shape");
        int[] shape = new int[sh.size()];
        long elements = 1;
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = sh.get(i);
            if (!d.isIntegralNumber() || !d.canConvertToInt() || d.intValue() < 0) {
                throw fail(source, where + "shape entry " + d + " is not a non-negative int");
            }
            shape[i] = d.intValue();
            elements *= shape[i];
            if (elements > Integer.MAX_VALUE) throw fail(source, where + "more than 2^31-1 elements");
        }
        return shape;
    }

    private static boolean isLong(JsonNode n) {
        return n.isIntegralNumber() && n.canConvertToLong() && n.longValue() >= 0;
    }

    private static void checkTiling(List<Entry> sorted, long dataLength, String source) {
        long at = 0;
        String prev = null;
        for (Entry e : sorted) {
            if (e.begin() < at) {
                throw fail(source, "tensor '" + e.name() + "' overlaps tensor '" + prev + "' (byte " + e.begin()
                        + " < " + at + ")");
            }
            if (e.begin() > at) {
                throw fail(source, "gap in the data section: bytes " + at + ".." + e.begin() + " belong to no tensor");
            }
            at = e.end();
            prev = e.name();
        }
        if (at != dataLength) {
            throw fail(source, "data section has " + dataLength + " bytes but the tensors cover " + at);
        }
    }

    private static DataFormatException fail(String source, String problem) {
        return new DataFormatException(source, problem);
    }
}
