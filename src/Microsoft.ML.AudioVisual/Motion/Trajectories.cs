namespace Microsoft.ML.AudioVisual.Motion;

/// <summary>
/// Dense trajectories of a clip: points seeded on a regular grid in the first frame and carried from frame to frame by
/// the optical flow (see <see cref="DenseTrajectories.Track"/>).
/// </summary>
/// <remarks>
/// <see cref="Displacements"/> is the representation fed to networks, as in "The Sound of Motions" (Zhao et al., ICCV
/// 2019), which feeds trajectory displacements to its 3D CNN: a displacement says how a point moves whatever its place,
/// so the same motion gives the same values anywhere in the frame (positions would mostly encode where the grid point
/// is, a constant the network cannot use), and the values stay in the small range of per-frame motion. The layout
/// <c>[T-1, 2, Hs, Ws]</c> keeps time first like the frame columns; a 3D CNN taking <c>[C, T, H, W]</c> swaps the first
/// two axes. <see cref="Positions"/> rebuilds the absolute positions for drawing.
/// </remarks>
public sealed class Trajectories
{
    internal Trajectories(float[] displacements, int steps, int height, int width, int stride)
    {
        Displacements = displacements;
        Steps = steps;
        Height = height;
        Width = width;
        Stride = stride;
    }

    /// <summary>Steps between frames (T - 1).</summary>
    public int Steps { get; }

    /// <summary>Frame height in pixels.</summary>
    public int Height { get; }

    /// <summary>Frame width in pixels.</summary>
    public int Width { get; }

    /// <summary>Pixels between neighbouring seed points.</summary>
    public int Stride { get; }

    /// <summary>Rows of seed points (Hs = H / stride, rounded down).</summary>
    public int GridHeight => Height / Stride;

    /// <summary>Columns of seed points (Ws = W / stride, rounded down).</summary>
    public int GridWidth => Width / Stride;

    /// <summary>The shape of <see cref="Displacements"/>: <c>[T-1, 2, Hs, Ws]</c>.</summary>
    public int[] Shape => [Steps, 2, GridHeight, GridWidth];

    /// <summary>
    /// Row-major <c>[T-1, 2, Hs, Ws]</c>: at step t, plane 0 holds the horizontal and plane 1 the vertical move in pixels
    /// of each trajectory from frame t to frame t+1 (after clamping to the image, see <see cref="DenseTrajectories.Track"/>).
    /// </summary>
    public float[] Displacements { get; }

    /// <summary>The seed point of grid cell (<paramref name="row"/>, <paramref name="column"/>): the centre of its stride x stride cell.</summary>
    public (float X, float Y) Seed(int row, int column) => (SeedCoordinate(column, Stride), SeedCoordinate(row, Stride));

    /// <summary>
    /// Absolute positions, row-major <c>[T, 2, Hs, Ws]</c> (x then y, in pixels, pixel centres at integers): the seeds
    /// followed by the running sums of the displacements.
    /// </summary>
    public float[] Positions()
    {
        int cells = GridHeight * GridWidth;
        var positions = new float[(Steps + 1) * 2 * cells];
        for (int r = 0; r < GridHeight; r++)
            for (int c = 0; c < GridWidth; c++)
            {
                positions[(r * GridWidth) + c] = SeedCoordinate(c, Stride);
                positions[cells + (r * GridWidth) + c] = SeedCoordinate(r, Stride);
            }
        for (int t = 0; t < Steps; t++)
            for (int i = 0; i < 2 * cells; i++)
                positions[((t + 1) * 2 * cells) + i] = positions[(t * 2 * cells) + i] + Displacements[(t * 2 * cells) + i];
        return positions;
    }

    internal static float SeedCoordinate(int index, int stride) => (index * stride) + ((stride - 1) / 2f);
}
