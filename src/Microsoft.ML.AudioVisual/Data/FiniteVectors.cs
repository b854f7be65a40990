namespace Microsoft.ML.AudioVisual.Data;

/// <summary>Reads a float vector cell into a span, rejecting NaN and infinity with the column and row named (the mappers' input check).</summary>
internal static class FiniteVectors
{
    /// <summary>Reads the current value of <paramref name="getter"/> through <paramref name="buffer"/> into <paramref name="target"/>.</summary>
    /// <exception cref="InvalidDataException">A value is NaN or infinite.</exception>
    public static void Read(ValueGetter<VBuffer<float>> getter, ref VBuffer<float> buffer, Span<float> target, string column, long row)
    {
        getter(ref buffer);
        buffer.CopyTo(target);
        foreach (var v in target)
            if (!float.IsFinite(v))
                throw new InvalidDataException($"Column '{column}' holds {v} at row {row}: inputs must be finite.");
    }
}
