package org.flatlens.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

/**
 * The pickle inside a {@code torch.save} file, read with Pyrolite under an allow-list: only the globals a state_dict
 * (and the optimizer state saved beside it) needs resolve, every other global is refused when the pickle names it,
 * before anything could call it. Nothing a pickle says can run code here in any case (Pyrolite builds Java maps and
 * lists, never Python objects), but a checkpoint that names {@code os.system} or a model class is not a state_dict,
 * and saying so at once is clearer than failing later.
 *
 * <p>Allowed: {@code collections.OrderedDict}; {@code torch._utils._rebuild_tensor_v2}, {@code _rebuild_parameter}
 * and {@code _rebuild_parameter_with_state}; the typed storage classes {@code torch.FloatStorage},
 * {@code torch.DoubleStorage}, … (as storage types in persistent ids only: calling one is refused). Tensors come back
 * as {@link TensorRef}s, read from the storages only when a caller asks for them, so tensors of other dtypes in the
 * optimizer state do no harm. Dicts keep their insertion order, as Python's do.
 *
 * <p>Also refused: the {@code INST} and {@code OBJ} opcodes (instances of arbitrary classes) and {@code BUILD} on
 * anything but an OrderedDict (whose state, a state_dict's {@code _metadata}, is dropped).
 */
final class TorchUnpickler extends Unpickler {
    /** A typed storage class such as {@code torch.FloatStorage}: its dtype and element size in bytes. */
    record StorageType(String name, String dtype, int bytes) {}

    /** A storage named by a persistent id {@code ('storage', type, key, location, numel)}. */
    record StorageRef(StorageType type, String key, long numel) {}

    /** A tensor view of a storage: {@code element[i] = storage[offset + Σ_d i_d · stride_d]}. */
    record TensorRef(StorageRef storage, long offset, long[] size, long[] stride) {}

    private static final Map<String, StorageType> STORAGES = storageTypes();
    private static final Set<String> REBUILD_PARAMETER = Set.of("torch._utils._rebuild_parameter",
            "torch._utils._rebuild_parameter_with_state");

    private final String source;

    /** @param source the file, for messages */
    TorchUnpickler(String source) {
        this.source = source;
    }

    @Override
    protected Object dispatch(short key) throws PickleException, IOException {
        checkLength(key);
        switch (key) {
            case Opcodes.GLOBAL -> {
                String module = PickleUtils.readline(input);
                stack.add(global(module, PickleUtils.readline(input)));
                return NO_RETURN_VALUE;
            }
            case Opcodes.STACK_GLOBAL -> {
                Object name = stack.pop(), module = stack.pop();
                if (!(name instanceof String n && module instanceof String m)) throw refuse("a malformed global");
                stack.add(global(m, n));
                return NO_RETURN_VALUE;
            }
            case Opcodes.INST, Opcodes.OBJ -> throw refuse("an instance of a class (INST/OBJ opcode)");
            case Opcodes.BUILD -> {
                stack.pop();
                if (!(stack.peek() instanceof OrderedDict)) throw refuse("object state (BUILD) on a non-OrderedDict");
                return NO_RETURN_VALUE;
            }
            case Opcodes.EMPTY_DICT -> {
                stack.add(new LinkedHashMap<Object, Object>());
                return NO_RETURN_VALUE;
            }
            case Opcodes.SETITEMS -> {
                // Pyrolite gathers the items in a HashMap; a state_dict's order is part of its meaning
                List<Object> items = stack.pop_all_since_marker();
                @SuppressWarnings("unchecked")
                Map<Object, Object> dict = (Map<Object, Object>) stack.peek();
                for (int i = 0; i + 1 < items.size(); i += 2) dict.put(items.get(i), items.get(i + 1));
                return NO_RETURN_VALUE;
            }
            case Opcodes.DICT -> {
                List<Object> items = stack.pop_all_since_marker();
                Map<Object, Object> m = new LinkedHashMap<>();
                for (int i = 0; i + 1 < items.size(); i += 2) m.put(items.get(i), items.get(i + 1));
                stack.add(m);
                return NO_RETURN_VALUE;
            }
            default -> {
                return super.dispatch(key);
            }
        }
    }

    /**
     * Refuses an opcode whose length prefix reaches past the end of the pickle before Pyrolite allocates an array of
     * that length: a damaged file must not ask for gigabytes (or a negative size). Needs an input that can mark and
     * knows what remains ({@link java.io.ByteArrayInputStream}).
     */
    private void checkLength(short key) throws IOException {
        int width = switch (key) {
            case Opcodes.BINSTRING, Opcodes.BINUNICODE, Opcodes.BINBYTES, Opcodes.LONG4 -> 4;
            case Opcodes.BINUNICODE8, Opcodes.BINBYTES8, Opcodes.BYTEARRAY8, Opcodes.FRAME -> 8;
            default -> 0;
        };
        if (width == 0) return;
        input.mark(width);
        byte[] b = input.readNBytes(width);
        input.reset();
        long n = 0;
        for (int i = b.length - 1; i >= 0; i--) n = n << 8 | (b[i] & 0xFF);
        if (width == 4) n = (int) n; // signed, as Pyrolite reads it
        if (b.length < width || n < 0 || n > input.available() - width) {
            throw new DataFormatException(source, "malformed pickle: opcode 0x" + Integer.toHexString(key & 0xFF)
                    + " has a length (" + n + ") past the end of the pickle; a truncated or damaged file?");
        }
    }

    /** The constructor standing for an allowed global; any other global is refused. */
    private Object global(String module, String name) {
        String full = module + "." + name;
        if (full.equals("collections.OrderedDict")) return (IObjectConstructor) TorchUnpickler::orderedDict;
        if (full.equals("torch._utils._rebuild_tensor_v2")) return (IObjectConstructor) TorchUnpickler::rebuildTensor;
        if (REBUILD_PARAMETER.contains(full)) return (IObjectConstructor) args -> args[0];
        StorageType storage = STORAGES.get(full);
        if (storage != null) return storage;
        throw new DataFormatException(source, "the pickle names the global '" + full + "', which a state_dict never "
                + "needs; refused (FlatLens loads tensors, containers and numbers only, and never runs pickled code)");
    }

    @Override
    protected Object persistentLoad(Object pid) {
        // torch.save's zip format: ('storage', storage_type, key, location, numel)
        if (!(pid instanceof Object[] t) || t.length != 5 || !"storage".equals(t[0])
                || !(t[1] instanceof StorageType type) || !(t[4] instanceof Number numel)) {
            throw refuse("a persistent id that is not a tensor storage");
        }
        return new StorageRef(type, String.valueOf(t[2]), numel.longValue());
    }

    /** {@code OrderedDict()} or {@code OrderedDict([(k, v), ...])}. */
    private static Object orderedDict(Object[] args) {
        OrderedDict m = new OrderedDict();
        if (args.length == 1 && args[0] instanceof List<?> pairs) {
            for (Object p : pairs) {
                if (p instanceof Object[] kv && kv.length == 2) m.put(kv[0], kv[1]);
                else throw new PickleException("OrderedDict item is not a pair");
            }
        } else if (args.length != 0) {
            throw new PickleException("OrderedDict with " + args.length + " arguments");
        }
        return m;
    }

    /** {@code _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])}. */
    private static Object rebuildTensor(Object[] args) {
        if (args.length < 4 || !(args[0] instanceof StorageRef s) || !(args[1] instanceof Number offset)) {
            throw new PickleException("malformed _rebuild_tensor_v2 arguments");
        }
        long[] size = longs(args[2]), stride = longs(args[3]);
        if (size.length != stride.length) throw new PickleException("tensor size and stride differ in length");
        return new TensorRef(s, offset.longValue(), size, stride);
    }

    private static long[] longs(Object tuple) {
        if (!(tuple instanceof Object[] t)) throw new PickleException("tensor size/stride is not a tuple");
        long[] out = new long[t.length];
        for (int i = 0; i < t.length; i++) {
            if (!(t[i] instanceof Number n)) throw new PickleException("tensor size/stride holds a non-integer");
            out[i] = n.longValue();
        }
        return out;
    }

    private DataFormatException refuse(String what) {
        return new DataFormatException(source, "the pickle holds " + what + ", which a state_dict never needs; "
                + "refused");
    }

    private static Map<String, StorageType> storageTypes() {
        Map<String, StorageType> m = new LinkedHashMap<>();
        String[][] types = {{"Double", "float64", "8"}, {"Float", "float32", "4"}, {"Half", "float16", "2"},
            {"BFloat16", "bfloat16", "2"}, {"Long", "int64", "8"}, {"Int", "int32", "4"}, {"Short", "int16", "2"},
            {"Char", "int8", "1"}, {"Byte", "uint8", "1"}, {"Bool", "bool", "1"}, {"ComplexFloat", "complex64", "8"},
            {"ComplexDouble", "complex128", "16"}};
        for (String[] t : types) {
            String name = "torch." + t[0] + "Storage";
            m.put(name, new StorageType(name, t[1], Integer.parseInt(t[2])));
        }
        return m;
    }

    /** A pickled {@code collections.OrderedDict} (a state_dict is one). */
    static final class OrderedDict extends LinkedHashMap<Object, Object> {
        private static final long serialVersionUID = 1L;
    }

    /** Lists the items of a pickled list or tuple, or null when {@code o} is neither. */
    static List<Object> sequence(Object o) {
        if (o instanceof List<?> l) return new ArrayList<>(l);
        if (o instanceof Object[] a) return java.util.Arrays.asList(a);
        return null;
    }
}
