using System.Buffers.Binary;
using System.Reflection;
using Google.Protobuf;
using Microsoft.ML.AudioVisual.IO;

namespace Microsoft.ML.AudioVisual.Onnx;

/// <summary>
/// Serialises an <see cref="OnnxGraph"/> as an ONNX <c>ModelProto</c> with Google.Protobuf's
/// <see cref="CodedOutputStream"/>: IR version 8, default-domain opset 17 (readable by ONNX 1.12 and every runtime
/// since). Only the messages and fields this library needs are written; field numbers are those of onnx.proto.
/// </summary>
internal static class OnnxModelWriter
{
    /// <summary>The ONNX IR version written.</summary>
    public const long IrVersion = 8;

    /// <summary>The default-domain operator set version written.</summary>
    public const long OpsetVersion = 17;

    /// <summary>The producer name recorded in the model.</summary>
    public const string ProducerName = "Microsoft.ML.AudioVisual";

    /// <summary>Writes <paramref name="graph"/> to <paramref name="path"/> atomically.</summary>
    public static void Write(OnnxGraph graph, string path) => AtomicFile.Write(path, stream => stream.Write(Serialize(graph)));

    /// <summary>The model file's bytes.</summary>
    public static byte[] Serialize(OnnxGraph graph)
    {
        var version = typeof(OnnxModelWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";
        return Message(m =>
        {
            m.Int64(1, IrVersion);
            m.String(2, ProducerName);
            m.String(3, version);
            m.Message(7, Graph(graph));
            m.Message(8, Message(o =>
            {
                o.String(1, "");
                o.Int64(2, OpsetVersion);
            }));
        });
    }

    private static byte[] Graph(OnnxGraph graph) => Message(m =>
    {
        foreach (var node in graph.Nodes) m.Message(1, Node(node));
        m.String(2, graph.Name);
        foreach (var tensor in graph.Initializers) m.Message(5, Tensor(tensor));
        if (graph.DocString.Length > 0) m.String(10, graph.DocString);
        foreach (var input in graph.Inputs) m.Message(11, ValueInfo(input));
        foreach (var output in graph.Outputs) m.Message(12, ValueInfo(output));
    });

    private static byte[] Node(OnnxNode node) => Message(m =>
    {
        foreach (var input in node.Inputs) m.String(1, input);
        foreach (var output in node.Outputs) m.String(2, output);
        m.String(3, node.Name);
        m.String(4, node.OpType);
        foreach (var attribute in node.Attributes) m.Message(5, Attribute(attribute));
    });

    private static byte[] Attribute(OnnxAttribute attribute) => Message(m =>
    {
        m.String(1, attribute.Name);
        switch (attribute.Kind)
        {
            case OnnxAttributeKind.Float: m.Float(2, attribute.Float); break;
            case OnnxAttributeKind.Int: m.Int64(3, attribute.Int); break;
            case OnnxAttributeKind.Ints: m.PackedInt64(8, attribute.Ints ?? []); break;
            default: throw new ArgumentOutOfRangeException(nameof(attribute), $"Attribute kind {attribute.Kind} is not supported.");
        }
        m.Int64(20, (long)attribute.Kind);
    });

    private static byte[] Tensor(OnnxTensor tensor) => Message(m =>
    {
        m.PackedInt64(1, tensor.Dims);
        m.Int64(2, (long)tensor.Type);
        m.String(8, tensor.Name);
        // raw_data is little-endian whatever the machine; the 4-byte and 8-byte element writes below make it so.
        var raw = tensor.Type == OnnxElementType.Float ? new byte[tensor.Floats.Length * 4] : new byte[tensor.Longs.Length * 8];
        if (tensor.Type == OnnxElementType.Float)
            for (int i = 0; i < tensor.Floats.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * 4), tensor.Floats[i]);
        else
            for (int i = 0; i < tensor.Longs.Length; i++) BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(i * 8), tensor.Longs[i]);
        m.Bytes(9, raw);
    });

    private static byte[] ValueInfo(OnnxValueInfo value) => Message(m =>
    {
        m.String(1, value.Name);
        m.Message(2, Message(type => type.Message(1, Message(tensorType =>
        {
            tensorType.Int64(1, (long)value.Type);
            tensorType.Message(2, Message(shape =>
            {
                foreach (var dim in value.Shape)
                    shape.Message(1, Message(d =>
                    {
                        if (dim.Symbol is { } symbol) d.String(2, symbol);
                        else d.Int64(1, dim.Size);
                    }));
            }));
        }))));
    });

    private static byte[] Message(Action<ProtoFields> write)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        write(new ProtoFields(output));
        output.Flush();
        return buffer.ToArray();
    }

    /// <summary>Writes tagged fields of one message.</summary>
    private readonly struct ProtoFields(CodedOutputStream output)
    {
        public void Int64(int field, long value)
        {
            output.WriteTag(field, WireFormat.WireType.Varint);
            output.WriteInt64(value);
        }

        public void Float(int field, float value)
        {
            output.WriteTag(field, WireFormat.WireType.Fixed32);
            output.WriteFloat(value);
        }

        public void String(int field, string value)
        {
            output.WriteTag(field, WireFormat.WireType.LengthDelimited);
            output.WriteString(value);
        }

        public void Bytes(int field, byte[] value)
        {
            output.WriteTag(field, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(ByteString.CopyFrom(value));
        }

        public void Message(int field, byte[] encoded) => Bytes(field, encoded);

        public void PackedInt64(int field, long[] values)
        {
            if (values.Length == 0) return;
            int length = values.Sum(v => CodedOutputStream.ComputeInt64Size(v));
            output.WriteTag(field, WireFormat.WireType.LengthDelimited);
            output.WriteLength(length);
            foreach (var v in values) output.WriteInt64(v);
        }
    }
}
