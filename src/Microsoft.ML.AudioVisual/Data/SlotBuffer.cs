using Microsoft.ML.Data;

namespace Microsoft.ML.AudioVisual.Data;

/// <summary>Per-slot storage of one float-vector output column of a batch, with its getter.</summary>
internal sealed class VectorSlotBuffer
{
    private readonly float[][] _slots;

    public VectorSlotBuffer(int batchSize, int length)
    {
        Length = length;
        _slots = new float[batchSize][];
        for (int i = 0; i < batchSize; i++) _slots[i] = new float[length];
    }

    /// <summary>Values per slot.</summary>
    public int Length { get; }

    /// <summary>The writable values of a slot.</summary>
    public float[] this[int slot] => _slots[slot];

    /// <summary>Replaces the values of a slot (the array must have <see cref="Length"/> elements).</summary>
    public void Set(int slot, float[] values)
    {
        if (values.Length != Length)
            throw new InvalidOperationException($"Expected {Length} values, got {values.Length}.");
        _slots[slot] = values;
    }

    public ValueGetter<VBuffer<float>> CreateGetter(Func<int> slot) =>
        (ref VBuffer<float> value) =>
        {
            var editor = VBufferEditor.Create(ref value, Length);
            _slots[slot()].AsSpan().CopyTo(editor.Values);
            value = editor.Commit();
        };
}

/// <summary>Per-slot storage of one scalar output column of a batch, with its getter.</summary>
internal sealed class ScalarSlotBuffer<T>
{
    private readonly T[] _slots;

    public ScalarSlotBuffer(int batchSize) => _slots = new T[batchSize];

    public T this[int slot]
    {
        get => _slots[slot];
        set => _slots[slot] = value;
    }

    public ValueGetter<T> CreateGetter(Func<int> slot) => (ref T value) => value = _slots[slot()];
}
