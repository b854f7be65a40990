namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>
/// PyTorch's <c>F.grid_sample(input, grid, mode='bilinear', padding_mode='zeros', align_corners=True)</c> on one
/// plane, for a grid that is separable (output row r samples input row coordinate <c>rows[r]</c> and output column c
/// samples column coordinate <c>columns[c]</c>, both normalised to [-1, 1]), with PyTorch's CPU float32 arithmetic:
/// unnormalisation <c>(g + 1) · ((size - 1) / 2)</c>, corner weights <c>(1 - n)(1 - w)</c>, ... and the sum
/// <c>nw·v + ne·v + sw·v + se·v</c> in that order. Corners outside the input count as zero.
/// </summary>
/// <remarks>
/// The official grids are not exactly the identity along time: <c>linspace(-1, 1, T)</c> rounded to float32
/// unnormalises to column positions a few 1e-6 off the integers, so each output mixes in a trace of the neighbouring
/// frame. Reproducing that (rather than copying columns) is what makes the results agree to float rounding.
/// </remarks>
internal sealed class GridSample
{
    private readonly int inputRows;
    private readonly int inputColumns;
    private readonly Axis rows;
    private readonly Axis columns;

    public GridSample(int inputRows, int inputColumns, float[] rowGrid, float[] columnGrid)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputRows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputColumns, 1);
        this.inputRows = inputRows;
        this.inputColumns = inputColumns;
        rows = new Axis(rowGrid, inputRows);
        columns = new Axis(columnGrid, inputColumns);
    }

    /// <summary>Samples a row-major <c>[inputRows, inputColumns]</c> plane into <c>[rowGrid.Length, columnGrid.Length]</c>.</summary>
    /// <exception cref="ArgumentException">The plane does not hold inputRows x inputColumns values.</exception>
    public float[] Apply(ReadOnlySpan<float> input, string name)
    {
        if (input.Length != (long)inputRows * inputColumns)
            throw new ArgumentException($"Expected [{inputRows}, {inputColumns}] = {(long)inputRows * inputColumns} values, got {input.Length}.", name);
        int outputColumns = columns.Lower.Length;
        var output = new float[rows.Lower.Length * outputColumns];
        for (int r = 0; r < rows.Lower.Length; r++)
        {
            int north = rows.Lower[r];
            float n = rows.Fraction[r], s = 1f - n;
            for (int c = 0; c < outputColumns; c++)
            {
                int west = columns.Lower[c];
                float w = columns.Fraction[c], e = 1f - w;
                float nw = s * e, ne = s * w, sw = n * e, se = n * w;
                output[(r * outputColumns) + c] =
                    (Value(input, north, west) * nw) + (Value(input, north, west + 1) * ne) + (Value(input, north + 1, west) * sw) + (Value(input, north + 1, west + 1) * se);
            }
        }
        return output;
    }

    private float Value(ReadOnlySpan<float> input, int row, int column) =>
        (uint)row < (uint)inputRows && (uint)column < (uint)inputColumns ? input[(row * inputColumns) + column] : 0f;

    /// <summary>Per output position along one axis: the lower input index and the fractional distance from it.</summary>
    private sealed class Axis
    {
        public Axis(float[] grid, int size)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(grid.Length, 1);
            Lower = new int[grid.Length];
            Fraction = new float[grid.Length];
            float scale = (size - 1) / 2f;
            for (int i = 0; i < grid.Length; i++)
            {
                float position = (grid[i] + 1f) * scale;
                float lower = MathF.Floor(position);
                Lower[i] = (int)lower;
                Fraction[i] = position - lower;
            }
        }

        public int[] Lower { get; }

        public float[] Fraction { get; }
    }
}
