using Microsoft.ML.AudioVisual.Data;

namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>The shape of a separation model's visual input: T frames of C x H x W (T = 1 for an image, C = 1 or 3).</summary>
/// <param name="Frames">Frames per source.</param>
/// <param name="Channels">Channels per frame (grey images are repeated to the 3 channels the frame net takes).</param>
/// <param name="Height">Frame height.</param>
/// <param name="Width">Frame width.</param>
public sealed record VisualShape(int Frames, int Channels, int Height, int Width)
{
    /// <summary>Values per source.</summary>
    public int Size => Frames * Channels * Height * Width;

    /// <summary>The shape of a column, <c>Vector&lt;Single, C, H, W&gt;</c> or <c>Vector&lt;Single, T, C, H, W&gt;</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The column is missing or of another type.</exception>
    internal static VisualShape FromSchema(DataViewSchema schema, string column)
    {
        var dims = SchemaErrors.RequireFloatVector(schema, column, SeparationExampleSet.VisualExpectation);
        if (dims.Length == 3) dims = [1, .. dims];
        if (dims.Length != 4 || dims[1] is not (1 or 3) || dims.Any(d => d < 1))
            throw SchemaErrors.Mismatch(column, SeparationExampleSet.VisualExpectation, schema[column].Type.ToString() ?? "?");
        return new VisualShape(dims[0], dims[1], dims[2], dims[3]);
    }
}
