using Microsoft.ML.AudioVisual.Data;

namespace Microsoft.ML.AudioVisual.Correspondence;

/// <summary>
/// Shapes of the two inputs of a correspondence model: frames <c>[T, C, H, W]</c> (T = 1 for single images)
/// and spectrograms <c>[F, T]</c>. Saved with the model so inputs can be checked at load time.
/// </summary>
/// <param name="Frames">Frames per visual value (1 for <c>[C, H, W]</c> columns).</param>
/// <param name="Channels">Image channels.</param>
/// <param name="Height">Image height.</param>
/// <param name="Width">Image width.</param>
/// <param name="AudioBins">Spectrogram rows (frequency).</param>
/// <param name="AudioFrames">Spectrogram columns (time).</param>
public sealed record AvcInputShapes(int Frames, int Channels, int Height, int Width, int AudioBins, int AudioFrames)
{
    internal const string VisualExpectation = "Vector<Single, C, H, W> or Vector<Single, T, C, H, W>";
    internal const string AudioExpectation = "Vector<Single, F, T>";

    /// <summary>Values per image.</summary>
    public int ImageSize => Channels * Height * Width;

    /// <summary>Values per visual row.</summary>
    public int VisualSize => Frames * ImageSize;

    /// <summary>Values per spectrogram.</summary>
    public int AudioSize => AudioBins * AudioFrames;

    /// <summary>Reads both shapes from a schema, throwing ML.NET's schema errors.</summary>
    internal static AvcInputShapes FromSchema(DataViewSchema schema, string visualColumn, string audioColumn)
    {
        var visual = VisualDimensions(schema, visualColumn)!;
        var audio = AudioDimensions(schema, audioColumn)!;
        return Combine(visual, audio);
    }

    internal static AvcInputShapes Combine(int[] visual, int[] audio) => visual.Length == 3
        ? new(1, visual[0], visual[1], visual[2], audio[0], audio[1])
        : new(visual[0], visual[1], visual[2], visual[3], audio[0], audio[1]);

    /// <summary>The dimensions of the visual column, or null when absent (and not required).</summary>
    internal static int[]? VisualDimensions(DataViewSchema schema, string column, bool required = true)
    {
        if (!required && schema.GetColumnOrNull(column) is null) return null;
        var dims = SchemaErrors.RequireFloatVector(schema, column, VisualExpectation);
        if (dims.Length is not (3 or 4)) throw SchemaErrors.Mismatch(column, VisualExpectation, schema[column].Type.ToString() ?? "?");
        return dims;
    }

    /// <summary>The dimensions of the audio column, or null when absent (and not required).</summary>
    internal static int[]? AudioDimensions(DataViewSchema schema, string column, bool required = true)
    {
        if (!required && schema.GetColumnOrNull(column) is null) return null;
        var dims = SchemaErrors.RequireFloatVector(schema, column, AudioExpectation);
        if (dims.Length != 2) throw SchemaErrors.Mismatch(column, AudioExpectation, schema[column].Type.ToString() ?? "?");
        return dims;
    }

    /// <summary>True when the visual dimensions fit this model.</summary>
    internal bool AcceptsVisual(int[] dims) => dims.Length == 3
        ? dims[0] == Channels && dims[1] == Height && dims[2] == Width
        : dims[1] == Channels && dims[2] == Height && dims[3] == Width;

    internal string VisualDescription => Frames == 1 ? $"Vector<Single, {Channels}, {Height}, {Width}>" : $"Vector<Single, {Frames}, {Channels}, {Height}, {Width}>";

    internal string AudioDescription => $"Vector<Single, {AudioBins}, {AudioFrames}>";
}

/// <summary>
/// Scalar standardisation of each input, fitted on the training rows and saved with the model:
/// <c>(x - mean) / std</c>.
/// </summary>
public sealed record InputNormalization(float VisualMean, float VisualStd, float AudioMean, float AudioStd)
{
    internal static float Std(double sum, double sumSquares, long count, out float mean)
    {
        mean = (float)(sum / count);
        double variance = Math.Max(sumSquares / count - (sum / count) * (sum / count), 0);
        return (float)Math.Max(Math.Sqrt(variance), 1e-6);
    }
}
