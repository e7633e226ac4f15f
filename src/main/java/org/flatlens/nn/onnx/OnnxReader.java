package org.flatlens.nn.onnx;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flatlens.nn.onnx.proto.OnnxProto;
import org.flatlens.tensor.Shape;
import org.flatlens.tensor.Tensor;
import org.flatlens.tensor.UserInputException;

/**
 * Reads a {@code .onnx} file into an {@link OnnxGraph}. Tensors of type float32, float64, int64, int32 and bool are
 * read (raw little-endian bytes, the typed fields, or an external-data file beside the model); every value becomes a
 * float64. Every problem is an {@link UserInputException} whose message starts with the file name.
 */
public final class OnnxReader {
    /** Larger input dimensions are taken for a corrupt file (a sample would not fit in memory). */
    private static final long MAX_INPUT_DIM = 1 << 16;
    private static final int FLOAT = 1, INT32 = 6, INT64 = 7, BOOL = 9, DOUBLE = 11, EXTERNAL = 1;

    private OnnxReader() {}

    /** @throws UserInputException naming {@code file} if it is missing, not ONNX, or uses what is unsupported */
    public static OnnxGraph read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UserInputException(file + ": no such file");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        }
        OnnxProto.Model model;
        try {
            model = OnnxProto.Model.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new UserInputException(file + ": not a valid ONNX file (truncated or corrupt protobuf: "
                    + e.getMessage() + ")");
        }
        if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
            throw new UserInputException(file + ": not a valid ONNX file (no graph, or a graph without nodes)");
        }
        return convert(file, model);
    }

    private static OnnxGraph convert(Path file, OnnxProto.Model model) {
        OnnxProto.Graph g = model.getGraph();
        long opset = 0;
        for (OnnxProto.OpsetId o : model.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) opset = o.getVersion();
        }
        Map<String, Tensor> inits = new LinkedHashMap<>();
        Map<String, String> floatTypes = new LinkedHashMap<>();
        for (OnnxProto.Tensor t : g.getInitializerList()) {
            inits.put(t.getName(), tensor(file, t));
            if (t.getDataType() == FLOAT) floatTypes.put(t.getName(), "float32");
            if (t.getDataType() == DOUBLE) floatTypes.put(t.getName(), "float64");
        }
        List<OnnxProto.ValueInfo> inputs = new ArrayList<>();
        for (OnnxProto.ValueInfo v : g.getInputList()) if (!inits.containsKey(v.getName())) inputs.add(v);
        if (inputs.size() != 1 || g.getOutputCount() != 1) {
            throw new UserInputException(file + ": the graph has " + inputs.size() + " inputs and "
                    + g.getOutputCount() + " outputs; FlatLens reads networks with one input and one output");
        }
        List<GraphNode> nodes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (OnnxProto.Node n : g.getNodeList()) {
            String name = n.getName().isEmpty() ? n.getOpType() + "_" + nodes.size() : n.getName();
            if (!n.getDomain().isEmpty() && !n.getDomain().equals("ai.onnx")) {
                throw new UserInputException(file + ": " + n.getOpType() + " node '" + name + "' is from domain '"
                        + n.getDomain() + "'; only standard ONNX operators are supported");
            }
            names.add(name);
            nodes.add(new GraphNode(name, n.getOpType(), List.copyOf(n.getInputList()), List.copyOf(n.getOutputList()),
                    attributes(file, n)));
        }
        return new OnnxGraph(file.toString(), opset, List.copyOf(nodes), inits, inputs.get(0).getName(),
                inputDims(file, inputs.get(0)), g.getOutput(0).getName(), floatTypes);
    }

    /** The declared input dims; the first (batch) may be symbolic, any other must be fixed. */
    private static int[] inputDims(Path file, OnnxProto.ValueInfo v) {
        OnnxProto.Type.TensorType t = v.getType().getTensorType();
        if (t.getElemType() != FLOAT && t.getElemType() != DOUBLE) {
            throw new UserInputException(file + ": input '" + v.getName() + "' has element type "
                    + t.getElemType() + "; expected float32 (1) or float64 (11)");
        }
        if (!t.hasShape() || t.getShape().getDimCount() < 2) {
            throw new UserInputException(file + ": input '" + v.getName() + "' has no static shape [N, ...]");
        }
        int[] dims = new int[t.getShape().getDimCount()];
        for (int i = 0; i < dims.length; i++) {
            OnnxProto.Shape.Dim d = t.getShape().getDim(i);
            if (d.hasDimValue()) {
                if (d.getDimValue() < 1 || d.getDimValue() > MAX_INPUT_DIM) {
                    throw new UserInputException(file + ": input '" + v.getName() + "' has dimension " + i + " of "
                            + "size " + d.getDimValue());
                }
                dims[i] = (int) d.getDimValue();
            } else if (i == 0) {
                dims[i] = -1;
            } else {
                throw new UserInputException(file + ": dynamic input shape: dimension " + i + " of input '"
                        + v.getName() + "' is '" + d.getDimParam() + "'; export with fixed sizes except the batch "
                        + "(dynamic_axes only on axis 0)");
            }
        }
        return dims;
    }

    private static Map<String, GraphNode.Attribute> attributes(Path file, OnnxProto.Node n) {
        Map<String, GraphNode.Attribute> m = new LinkedHashMap<>();
        for (OnnxProto.Attribute a : n.getAttributeList()) {
            long[] ints = a.getIntsCount() == 0 ? null : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
            double[] floats = a.getFloatsCount() == 0 ? null
                    : a.getFloatsList().stream().mapToDouble(OnnxReader::decimal).toArray();
            m.put(a.getName(), new GraphNode.Attribute(a.hasI() ? a.getI() : null, a.hasF() ? decimal(a.getF()) : null,
                    ints, floats, a.hasS() ? a.getS().toByteArray() : null, a.hasT() ? tensor(file, a.getT()) : null));
        }
        return m;
    }

    /**
     * A float32 attribute as the shortest decimal that rounds to it: exporters store Python's {@code eps=1e-6} as the
     * float32 nearest to it, and the decimal recovers the value the PyTorch module computed with.
     */
    private static double decimal(float f) {
        return Double.parseDouble(Float.toString(f));
    }

    /** A tensor's values as float64, from its typed field, its raw bytes or its external-data file. */
    static Tensor tensor(Path file, OnnxProto.Tensor t) {
        long size = 1;
        for (long d : t.getDimsList()) {
            if (d < 0 || d > Integer.MAX_VALUE || (size *= d) > Integer.MAX_VALUE) {
                throw new UserInputException(file + ": tensor '" + t.getName() + "' has implausible dims "
                        + t.getDimsList());
            }
        }
        int[] dims = t.getDimsList().stream().mapToInt(Math::toIntExact).toArray();
        Shape shape = Shape.of(dims);
        int n = shape.size();
        String what = "tensor '" + t.getName() + "'";
        ByteString raw = t.getDataLocation() == EXTERNAL ? external(file, t) : t.getRawData();
        double[] v = new double[n];
        ByteBuffer b = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        boolean fromRaw = t.getDataLocation() == EXTERNAL || t.hasRawData();
        switch (t.getDataType()) {
            case FLOAT -> {
                if (fromRaw) for (int i = 0; i < n && need(file, what, b, 4, n); i++) v[i] = b.getFloat();
                else for (int i = 0; i < n && typed(file, what, t.getFloatDataCount(), n); i++) v[i] = t.getFloatData(i);
            }
            case DOUBLE -> {
                if (fromRaw) for (int i = 0; i < n && need(file, what, b, 8, n); i++) v[i] = b.getDouble();
                else for (int i = 0; i < n && typed(file, what, t.getDoubleDataCount(), n); i++) v[i] = t.getDoubleData(i);
            }
            case INT64 -> {
                if (fromRaw) for (int i = 0; i < n && need(file, what, b, 8, n); i++) v[i] = b.getLong();
                else for (int i = 0; i < n && typed(file, what, t.getInt64DataCount(), n); i++) v[i] = t.getInt64Data(i);
            }
            case INT32, BOOL -> {
                int width = t.getDataType() == BOOL ? 1 : 4;
                if (fromRaw) {
                    for (int i = 0; i < n && need(file, what, b, width, n); i++) v[i] = width == 1 ? b.get() : b.getInt();
                } else {
                    for (int i = 0; i < n && typed(file, what, t.getInt32DataCount(), n); i++) v[i] = t.getInt32Data(i);
                }
            }
            default -> throw new UserInputException(file + ": " + what + " has ONNX data type " + t.getDataType()
                    + "; supported are float32, float64, int64, int32 and bool");
        }
        return new Tensor(shape, v);
    }

    private static boolean need(Path file, String what, ByteBuffer b, int width, int n) {
        if (b.capacity() != (long) width * n) {
            throw new UserInputException(file + ": " + what + " has " + b.capacity() + " bytes of data, expected "
                    + (long) width * n);
        }
        return true;
    }

    private static boolean typed(Path file, String what, int count, int n) {
        if (count != n) throw new UserInputException(file + ": " + what + " has " + count + " values, expected " + n);
        return true;
    }

    /** The bytes of an initializer stored outside the model, in a file named relative to the model's folder. */
    private static ByteString external(Path file, OnnxProto.Tensor t) {
        String location = null;
        long offset = 0, length = -1;
        for (OnnxProto.KeyValue kv : t.getExternalDataList()) {
            switch (kv.getKey()) {
                case "location" -> location = kv.getValue();
                case "offset" -> offset = Long.parseLong(kv.getValue());
                case "length" -> length = Long.parseLong(kv.getValue());
                default -> { }
            }
        }
        if (location == null) {
            throw new UserInputException(file + ": tensor '" + t.getName() + "' is stored externally but names "
                    + "no location");
        }
        Path dir = file.toAbsolutePath().getParent();
        Path data = dir.resolve(location).normalize();
        if (!data.startsWith(dir)) {
            throw new UserInputException(file + ": external data '" + location + "' of tensor '" + t.getName()
                    + "' lies outside the model's folder");
        }
        if (!Files.isRegularFile(data)) {
            throw new UserInputException(file + ": external data file '" + location + "' of tensor '"
                    + t.getName() + "' not found (it must sit beside the model)");
        }
        try (RandomAccessFile f = new RandomAccessFile(data.toFile(), "r")) {
            long len = length >= 0 ? length : f.length() - offset;
            if (offset < 0 || len < 0 || offset + len > f.length() || len > Integer.MAX_VALUE) {
                throw new UserInputException(file + ": external data of tensor '" + t.getName() + "' (offset "
                        + offset + ", length " + len + ") does not fit " + location);
            }
            byte[] buf = new byte[(int) len];
            f.seek(offset);
            f.readFully(buf);
            return ByteString.copyFrom(buf);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read external data " + location + ": " + e.getMessage(), e);
        }
    }
}
