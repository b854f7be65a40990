using System.Numerics;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>
/// Reads a state dict written by <c>torch.save</c> in the legacy (non-zip) format: every PyTorch before 1.6, and
/// later ones with <c>_use_new_zipfile_serialization=False</c>. The official Sound of Pixels checkpoints (2018,
/// PyTorch 0.4) are of this kind, which TorchSharp.PyBridge does not read.
/// </summary>
/// <remarks>
/// The format is five pickles followed by raw data: the magic number 0x1950a86a20f9469cfc6c, the protocol version
/// 1001, system information (byte order), the object itself with tensors as
/// <c>_rebuild_tensor_v2(persistent storage, offset, size, stride, ...)</c> and storages as persistent ids
/// <c>('storage', type, key, location, numel, view)</c>, the sorted storage keys; then, for each key, its element
/// count (int64) and its bytes.
/// </remarks>
internal static class LegacyTorchCheckpoint
{
    private static readonly BigInteger MagicNumber = BigInteger.Parse("119547037146038801333356", System.Globalization.CultureInfo.InvariantCulture);
    private const long ProtocolVersion = 1001;

    /// <summary>True when <paramref name="header"/> starts like a legacy checkpoint (a protocol-2 pickle of the magic number).</summary>
    public static bool LooksLegacy(ReadOnlySpan<byte> header) => header.Length >= 3 && header[0] == 0x80 && header[2] == 0x8a;

    /// <summary>Reads every tensor of the state dict in <paramref name="stream"/>, by name, on the CPU.</summary>
    /// <exception cref="InvalidDataException">The stream is not a legacy state-dict checkpoint.</exception>
    public static Dictionary<string, Tensor> Read(Stream stream)
    {
        var headers = new PickleReader(stream);
        if (headers.Load() is not BigInteger magic || magic != MagicNumber)
            throw new InvalidDataException("It does not start with the magic number of torch.save's legacy format.");
        if (headers.Load() is not long version || version != ProtocolVersion)
            throw new InvalidDataException($"Its legacy format protocol version is not {ProtocolVersion}.");
        if (headers.Load() is Dictionary<object, object?> info && info.TryGetValue("little_endian", out var little) && little is false)
            throw new InvalidDataException("It was written on a big-endian machine, which is not supported.");

        var storages = new Dictionary<string, Storage>();
        var reader = new PickleReader(stream)
        {
            PersistentLoad = pid => StorageOf(pid, storages),
            Reduce = Rebuild,
        };
        object? root = reader.Load();
        if (headers.Load() is not List<object?> keys)
            throw new InvalidDataException("The list of storage keys after the pickled object is missing.");
        foreach (string key in keys.Cast<string>())
        {
            if (!storages.TryGetValue(key, out var storage))
                throw new InvalidDataException($"Storage '{key}' has data but no tensor refers to it.");
            var count = new byte[8];
            stream.ReadExactly(count);
            long elements = BitConverter.ToInt64(count);
            if (elements != storage.Elements)
                throw new InvalidDataException($"Storage '{key}' holds {elements} elements, but its tensors expect {storage.Elements}.");
            storage.Bytes = new byte[checked(elements * storage.ElementSize)];
            stream.ReadExactly(storage.Bytes);
        }

        if (root is not Dictionary<object, object?> dictionary)
            throw new InvalidDataException("The pickled object is not a dictionary (torch.save(net.state_dict()) is expected).");
        var tensors = new Dictionary<string, Tensor>();
        try
        {
            foreach (var (key, value) in dictionary)
            {
                if (value is TensorReference tensor) tensors[(string)key] = tensor.Materialise();
            }
        }
        catch
        {
            foreach (var t in tensors.Values) t.Dispose();
            throw;
        }
        return tensors;
    }

    private static object? Rebuild(object? callable, object?[] args)
    {
        string name = callable?.ToString() ?? "None";
        return name switch
        {
            "collections.OrderedDict" => new Dictionary<object, object?>(),
            "torch._utils._rebuild_tensor_v2" or "torch._utils._rebuild_tensor" =>
                new TensorReference((Storage)args[0]!, Convert.ToInt64(args[1]), Longs(args[2]), Longs(args[3])),
            "torch._utils._rebuild_parameter" => args[0],
            _ => throw new InvalidDataException($"It pickles {name}, which a state dict does not (torch.save(net.state_dict()) is expected)."),
        };
    }

    private static long[] Longs(object? tuple) => ((object?[])tuple!).Select(Convert.ToInt64).ToArray();

    private static Storage StorageOf(object? pid, Dictionary<string, Storage> storages)
    {
        if (pid is not object?[] id || id.Length < 5 || id[0] is not "storage")
            throw new InvalidDataException("It holds a persistent id that is not a tensor storage.");
        string type = ((PickleReader.PickleGlobal)id[1]!).Name;
        string key = (string)id[2]!;
        long elements = Convert.ToInt64(id[4]);
        if (!storages.TryGetValue(key, out var storage))
        {
            storage = new Storage(ScalarTypeOf(type), elements);
            storages[key] = storage;
        }
        // A view (id[5] = (view key, offset, size)) shares its root's data.
        return id.Length > 5 && id[5] is object?[] view
            ? new Storage(storage, Convert.ToInt64(view[1]), Convert.ToInt64(view[2]))
            : storage;
    }

    private static ScalarType ScalarTypeOf(string storageType) => storageType switch
    {
        "FloatStorage" => ScalarType.Float32,
        "DoubleStorage" => ScalarType.Float64,
        "HalfStorage" => ScalarType.Float16,
        "BFloat16Storage" => ScalarType.BFloat16,
        "LongStorage" => ScalarType.Int64,
        "IntStorage" => ScalarType.Int32,
        "ShortStorage" => ScalarType.Int16,
        "CharStorage" => ScalarType.Int8,
        "ByteStorage" => ScalarType.Byte,
        "BoolStorage" => ScalarType.Bool,
        _ => throw new InvalidDataException($"It holds a storage of type {storageType}, which is not supported."),
    };

    /// <summary>A storage: its type and element count now, its bytes once the data section is read. A view refers to its root.</summary>
    private sealed class Storage
    {
        private readonly Storage? root;

        public Storage(ScalarType type, long elements)
        {
            Type = type;
            Elements = elements;
            ElementSize = type switch
            {
                ScalarType.Float64 or ScalarType.Int64 => 8,
                ScalarType.Float32 or ScalarType.Int32 => 4,
                ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Int16 => 2,
                _ => 1,
            };
        }

        public Storage(Storage root, long offset, long elements) : this(root.Type, elements)
        {
            this.root = root;
            Offset = offset;
        }

        public ScalarType Type { get; }

        public long Elements { get; }

        public int ElementSize { get; }

        public long Offset { get; }

        public byte[]? Bytes { get; set; }

        /// <summary>The storage's data as a flat tensor.</summary>
        public Tensor Flat()
        {
            Storage owner = root ?? this;
            if (owner.Bytes is null) throw new InvalidDataException("A tensor refers to a storage whose data is missing.");
            var flat = empty(owner.Elements, Type);
            flat.bytes = owner.Bytes;
            if (root is null) return flat;
            using (flat) return flat.narrow(0, Offset, Elements).clone();
        }
    }

    /// <summary>A tensor to be built from its storage once the data section is read.</summary>
    private sealed record TensorReference(Storage Storage, long Offset, long[] Size, long[] Stride)
    {
        public Tensor Materialise()
        {
            using var flat = Storage.Flat();
            using var view = flat.as_strided(Size, Stride, Offset);
            return view.contiguous().clone();
        }
    }
}
