using System.Numerics;
using System.Text;

namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>
/// A minimal reader of Python pickles (protocols 0-4 as far as <c>torch.save</c> writes them: dictionaries, lists,
/// tuples, numbers, strings, globals, <c>REDUCE</c>, persistent ids). It builds no Python objects: a global is a
/// <see cref="PickleGlobal"/>, calls go to <see cref="Reduce"/>, persistent ids to <see cref="PersistentLoad"/>.
/// Reading stops at the pickle's <c>STOP</c>, leaving the stream right after it (the legacy torch format is
/// several pickles followed by raw data).
/// </summary>
/// <remarks>
/// Written for <see cref="LegacyTorchCheckpoint"/>, because Razorvine.Pickle (used by TorchSharp.PyBridge) keeps its
/// class constructors in one process-wide table that PyBridge fills with its own tensor constructor.
/// </remarks>
internal sealed class PickleReader
{
    private readonly Stream stream;
    private readonly List<object?> stack = [];
    private readonly Stack<int> marks = new();
    private readonly Dictionary<int, object?> memo = [];

    public PickleReader(Stream stream) => this.stream = stream;

    /// <summary>Called for <c>REDUCE</c> / <c>NEWOBJ</c>: the callable (usually a <see cref="PickleGlobal"/>) and its arguments.</summary>
    public Func<object?, object?[], object?> Reduce { get; init; } = (callable, _) => throw new InvalidDataException($"The pickle calls {callable}, which this reader does not support.");

    /// <summary>Called for persistent ids (<c>BINPERSID</c> / <c>PERSID</c>).</summary>
    public Func<object?, object?> PersistentLoad { get; init; } = _ => throw new InvalidDataException("The pickle refers to persistent data, which this reader does not support.");

    /// <summary>A <c>module.name</c> global.</summary>
    public sealed record PickleGlobal(string Module, string Name)
    {
        public override string ToString() => $"{Module}.{Name}";
    }

    /// <summary>Reads one pickle and returns its value.</summary>
    /// <exception cref="InvalidDataException">The stream is not a supported pickle.</exception>
    /// <exception cref="EndOfStreamException">The stream ends inside the pickle.</exception>
    public object? Load()
    {
        stack.Clear();
        marks.Clear();
        memo.Clear();
        while (true)
        {
            byte op = ReadByte();
            switch (op)
            {
                case 0x80: ReadByte(); break; // PROTO
                case 0x95: ReadBytes(8); break; // FRAME: length prefix only
                case (byte)'.': return Pop(); // STOP
                case (byte)'(': marks.Push(stack.Count); break; // MARK
                case (byte)'N': Push(null); break;
                case 0x88: Push(true); break;
                case 0x89: Push(false); break;
                case (byte)'K': Push((long)ReadByte()); break; // BININT1
                case (byte)'M': Push((long)BitConverter.ToUInt16(ReadBytes(2))); break; // BININT2
                case (byte)'J': Push((long)BitConverter.ToInt32(ReadBytes(4))); break; // BININT
                case 0x8a: Push(Long(ReadBytes(ReadByte()))); break; // LONG1
                case 0x8b: Push(Long(ReadBytes(BitConverter.ToInt32(ReadBytes(4))))); break; // LONG4
                case (byte)'I': Push(IntegerLine(ReadLine())); break; // INT (protocol 0)
                case (byte)'L': Push(Long(ReadLine().TrimEnd('L'))); break; // LONG (protocol 0)
                case (byte)'G': Push(BitConverter.ToDouble(BigEndian(ReadBytes(8)))); break; // BINFLOAT
                case (byte)'F': Push(double.Parse(ReadLine(), System.Globalization.CultureInfo.InvariantCulture)); break;
                case (byte)'X': Push(Encoding.UTF8.GetString(ReadBytes(BitConverter.ToInt32(ReadBytes(4))))); break; // BINUNICODE
                case 0x8c: Push(Encoding.UTF8.GetString(ReadBytes(ReadByte()))); break; // SHORT_BINUNICODE
                case (byte)'T': Push(Encoding.Latin1.GetString(ReadBytes(BitConverter.ToInt32(ReadBytes(4))))); break; // BINSTRING
                case (byte)'U': Push(Encoding.Latin1.GetString(ReadBytes(ReadByte()))); break; // SHORT_BINSTRING
                case (byte)'C': Push(ReadBytes(ReadByte())); break; // SHORT_BINBYTES
                case (byte)'B': Push(ReadBytes(BitConverter.ToInt32(ReadBytes(4)))); break; // BINBYTES
                case (byte)'}': Push(new Dictionary<object, object?>()); break; // EMPTY_DICT
                case (byte)']': Push(new List<object?>()); break; // EMPTY_LIST
                case (byte)')': Push(Array.Empty<object?>()); break; // EMPTY_TUPLE
                case (byte)'t': Push(PopMark().ToArray()); break; // TUPLE
                case 0x85: Push(new[] { Pop() }); break; // TUPLE1
                case 0x86: { var b = Pop(); var a = Pop(); Push(new[] { a, b }); break; } // TUPLE2
                case 0x87: { var c = Pop(); var b = Pop(); var a = Pop(); Push(new[] { a, b, c }); break; } // TUPLE3
                case (byte)'l': Push(PopMark()); break; // LIST
                case (byte)'d': Push(Pairs(PopMark(), new Dictionary<object, object?>())); break; // DICT
                case (byte)'a': { var item = Pop(); AsList(Peek()).Add(item); break; } // APPEND
                case (byte)'e': { var items = PopMark(); AsList(Peek()).AddRange(items); break; } // APPENDS
                case (byte)'s': { var value = Pop(); var key = Pop(); AsDictionary(Peek())[key!] = value; break; } // SETITEM
                case (byte)'u': { var items = PopMark(); Pairs(items, AsDictionary(Peek())); break; } // SETITEMS
                case (byte)'q': memo[ReadByte()] = Peek(); break; // BINPUT
                case (byte)'r': memo[BitConverter.ToInt32(ReadBytes(4))] = Peek(); break; // LONG_BINPUT
                case 0x94: memo[memo.Count] = Peek(); break; // MEMOIZE
                case (byte)'p': memo[int.Parse(ReadLine(), System.Globalization.CultureInfo.InvariantCulture)] = Peek(); break; // PUT
                case (byte)'h': Push(Memo(ReadByte())); break; // BINGET
                case (byte)'j': Push(Memo(BitConverter.ToInt32(ReadBytes(4)))); break; // LONG_BINGET
                case (byte)'g': Push(Memo(int.Parse(ReadLine(), System.Globalization.CultureInfo.InvariantCulture))); break; // GET
                case (byte)'c': { string module = ReadLine(); Push(new PickleGlobal(module, ReadLine())); break; } // GLOBAL
                case 0x93: { var name = (string)Pop()!; Push(new PickleGlobal((string)Pop()!, name)); break; } // STACK_GLOBAL
                case (byte)'R': { var args = (object?[])Pop()!; Push(Reduce(Pop(), args)); break; } // REDUCE
                case 0x81: { var args = (object?[])Pop()!; Push(Reduce(Pop(), args)); break; } // NEWOBJ
                case (byte)'b': Pop(); break; // BUILD: object state (a state dict's _metadata) is not needed
                case (byte)'Q': Push(PersistentLoad(Pop())); break; // BINPERSID
                case (byte)'P': Push(PersistentLoad(ReadLine())); break; // PERSID
                case (byte)'0': Pop(); break; // POP
                case (byte)'1': PopMark(); break; // POP_MARK
                case (byte)'2': Push(Peek()); break; // DUP
                default:
                    throw new InvalidDataException($"Unsupported pickle opcode 0x{op:x2} at byte {stream.Position - 1}.");
            }
        }
    }

    private static Dictionary<object, object?> Pairs(List<object?> items, Dictionary<object, object?> target)
    {
        for (int i = 0; i + 1 < items.Count; i += 2) target[items[i]!] = items[i + 1];
        return target;
    }

    private static List<object?> AsList(object? value) => value as List<object?> ?? throw new InvalidDataException($"Cannot append to {value?.GetType().Name ?? "None"}.");

    private static Dictionary<object, object?> AsDictionary(object? value) =>
        value as Dictionary<object, object?> ?? throw new InvalidDataException($"Cannot set items on {value?.GetType().Name ?? "None"}.");

    private static object IntegerLine(string text) => text switch
    {
        "00" => false,
        "01" => true,
        _ => long.Parse(text, System.Globalization.CultureInfo.InvariantCulture),
    };

    private static object Long(string text)
    {
        var value = BigInteger.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        return value >= long.MinValue && value <= long.MaxValue ? (long)value : value;
    }

    /// <summary>LONG1/LONG4: little-endian two's complement; small values become <see cref="long"/>.</summary>
    private static object Long(byte[] bytes)
    {
        var value = new BigInteger(bytes, isUnsigned: false, isBigEndian: false);
        return value >= long.MinValue && value <= long.MaxValue ? (long)value : value;
    }

    private static byte[] BigEndian(byte[] bytes)
    {
        if (BitConverter.IsLittleEndian) Array.Reverse(bytes);
        return bytes;
    }

    private object? Memo(int index) => memo.TryGetValue(index, out var value) ? value : throw new InvalidDataException($"The pickle refers to memo entry {index}, which was never stored.");

    private void Push(object? value) => stack.Add(value);

    private object? Peek() => stack.Count > 0 ? stack[^1] : throw new InvalidDataException("The pickle reads from an empty stack.");

    private object? Pop()
    {
        var value = Peek();
        stack.RemoveAt(stack.Count - 1);
        return value;
    }

    private List<object?> PopMark()
    {
        if (marks.Count == 0) throw new InvalidDataException("The pickle closes a mark that was never set.");
        int start = marks.Pop();
        var items = stack.GetRange(start, stack.Count - start);
        stack.RemoveRange(start, stack.Count - start);
        return items;
    }

    private byte ReadByte()
    {
        int value = stream.ReadByte();
        return value < 0 ? throw new EndOfStreamException("The pickle ends before its STOP opcode.") : (byte)value;
    }

    private byte[] ReadBytes(int count)
    {
        if (count < 0) throw new InvalidDataException($"The pickle holds a negative length {count}.");
        var bytes = new byte[count];
        stream.ReadExactly(bytes);
        return bytes;
    }

    private string ReadLine()
    {
        var text = new StringBuilder();
        for (byte b = ReadByte(); b != (byte)'\n'; b = ReadByte()) text.Append((char)b);
        return text.ToString();
    }
}
