namespace Microsoft.ML.AudioVisual.Towers;

/// <summary>
/// Shape of a mixed-convolution video tower (the "MC" networks of Tran et al. 2018, used by AVTS): blocks of
/// convolution-BatchNorm-ReLU layers over clips of frames, 3x3x3 spatio-temporal convolutions in the first
/// <see cref="SpatioTemporalBlocks"/> blocks and 3x3 convolutions of each frame after them; every block but the last
/// halves the picture (2x2 max pooling), none shortens the clip, so the tower's output keeps one step per frame.
/// </summary>
public sealed record MixedConvolutionArchitecture
{
    /// <summary>Output channels of each block.</summary>
    public int[] Widths { get; init; } = [8, 16, 32, 64];

    /// <summary>How many of the first blocks convolve over time as well as space (3D); the rest are 2D.</summary>
    public int SpatioTemporalBlocks { get; init; } = 2;

    /// <summary>Convolutions per block.</summary>
    public int ConvolutionsPerBlock { get; init; } = 1;

    /// <summary>Channels of the tower's output.</summary>
    public int OutputChannels => Widths[^1];

    /// <summary>The CPU preset: 8-16-32-64, 3D in the first two blocks, one convolution per block.</summary>
    public static MixedConvolutionArchitecture Small => new();

    /// <summary>A larger tower after the paper's MC3: 64-128-256-512, 3D in the first two blocks, two convolutions per block.</summary>
    public static MixedConvolutionArchitecture Paper => new() { Widths = [64, 128, 256, 512], ConvolutionsPerBlock = 2 };

    /// <summary>Throws when the shape is unusable.</summary>
    public void Validate(string name)
    {
        if (Widths is null || Widths.Length == 0 || Widths.Any(w => w <= 0))
            throw new ArgumentOutOfRangeException(name, $"{name}: tower widths must be a non-empty list of positive numbers.");
        if (SpatioTemporalBlocks < 0 || SpatioTemporalBlocks > Widths.Length)
            throw new ArgumentOutOfRangeException(name, $"{name}: SpatioTemporalBlocks must be in [0, {Widths.Length}], got {SpatioTemporalBlocks}.");
        if (ConvolutionsPerBlock <= 0)
            throw new ArgumentOutOfRangeException(name, $"{name}: ConvolutionsPerBlock must be positive, got {ConvolutionsPerBlock}.");
    }

    /// <summary>The picture size after the tower (each pool floors).</summary>
    public (int Height, int Width) OutputSize(int height, int width)
    {
        for (int i = 0; i < Widths.Length - 1; i++)
        {
            height /= 2;
            width /= 2;
        }
        return (height, width);
    }
}
