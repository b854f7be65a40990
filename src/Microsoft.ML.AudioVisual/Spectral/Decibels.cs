namespace Microsoft.ML.AudioVisual.Spectral;

/// <summary>Conversion to decibels like torchaudio's <c>AmplitudeToDB</c> / <c>amplitude_to_DB</c>.</summary>
/// <remarks>
/// <c>dB = m·log10(max(x, amin)) - m·log10(max(amin, reference))</c> with m = 10 for power and 20 for
/// amplitude values. With a <c>topDb</c>, values are floored at <c>max(dB) - topDb</c>, the maximum taken
/// over all the values passed in (one spectrogram), as torchaudio does per spectrogram.
/// Computed in double, stored in float.
/// </remarks>
public static class Decibels
{
    /// <summary>Converts power values (e.g. |X|²) in place: <c>10·log10</c>.</summary>
    /// <param name="values">Values to convert in place.</param>
    /// <param name="amin">Floor applied before the logarithm (&gt; 0; torchaudio's default is 1e-10).</param>
    /// <param name="reference">Value mapped to 0 dB (&gt; 0).</param>
    /// <param name="topDb">Dynamic range kept below the maximum, or null for none (&gt;= 0).</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static void FromPower(Span<float> values, double amin, double reference, double? topDb)
        => Convert(values, 10.0, amin, reference, topDb);

    /// <summary>Converts amplitude values (e.g. |X|) in place: <c>20·log10</c>.</summary>
    /// <param name="values">Values to convert in place.</param>
    /// <param name="amin">Floor applied before the logarithm (&gt; 0).</param>
    /// <param name="reference">Value mapped to 0 dB (&gt; 0).</param>
    /// <param name="topDb">Dynamic range kept below the maximum, or null for none (&gt;= 0).</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static void FromAmplitude(Span<float> values, double amin, double reference, double? topDb)
        => Convert(values, 20.0, amin, reference, topDb);

    internal static void Validate(double amin, double reference, double? topDb)
    {
        if (!double.IsFinite(amin) || amin <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(amin), amin, "amin must be finite and > 0.");
        }

        if (!double.IsFinite(reference) || reference <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(reference), reference, "The reference must be finite and > 0.");
        }

        if (topDb is { } top && (!double.IsFinite(top) || top < 0))
        {
            throw new ArgumentOutOfRangeException(nameof(topDb), topDb, "topDb must be finite and >= 0.");
        }
    }

    private static void Convert(Span<float> values, double multiplier, double amin, double reference, double? topDb)
    {
        Validate(amin, reference, topDb);
        double offset = multiplier * Math.Log10(Math.Max(amin, reference));
        double max = double.NegativeInfinity;
        for (int i = 0; i < values.Length; i++)
        {
            double db = (multiplier * Math.Log10(Math.Max(values[i], amin))) - offset;
            values[i] = (float)db;
            max = Math.Max(max, db);
        }

        if (topDb is { } top && values.Length > 0)
        {
            float floor = (float)(max - top);
            for (int i = 0; i < values.Length; i++)
            {
                if (values[i] < floor)
                {
                    values[i] = floor;
                }
            }
        }
    }
}
