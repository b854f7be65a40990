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

    /// <summary>A getter of the values of the slot that <paramref name="slot"/> returns (the cursor's current slot).</summary>
    public ValueGetter<VBuffer<float>> CreateGetter(Func<int> slot) =>
        (ref VBuffer<float> value) =>
        {
            var editor = VBufferEditor.Create(ref value, Length);
            _slots[slot()].AsSpan().CopyTo(editor.Values);
            value = editor.Commit();
        };
}
