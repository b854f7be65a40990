namespace Microsoft.ML.AudioVisual.Towers;

/// <summary>
/// Shape of a VGG-style convolutional tower: blocks of 3x3 conv-BN-ReLU layers, each block followed by a
/// 2x2 max pool. The paper towers of L3-Net / "Objects that Sound" are widths 64-128-256-512 with two
/// convolutions per block; the small preset is 16-32-64-128 with one.
/// </summary>
public sealed record TowerArchitecture
{
    /// <summary>Output channels of each block.</summary>
    public int[] Widths { get; init; } = [16, 32, 64, 128];

    /// <summary>Convolutions per block.</summary>
    public int ConvolutionsPerBlock { get; init; } = 1;

    /// <summary>
    /// When false the last block is not pooled, keeping a finer grid (sound localisation needs the
    /// spatial map); the AVC models pool after every block.
    /// </summary>
    public bool PoolAfterLastBlock { get; init; } = true;

    /// <summary>
    /// How many of the pooling steps (from the first) also halve the second axis, the time axis of a spectrogram; the
    /// later ones halve only the first (frequency) axis, so that a tower keeps the time resolution a synchronisation
    /// model needs. Null (the default): every pool halves both axes.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public int? TimePoolingSteps { get; init; }

    /// <summary>Channels of the tower's output.</summary>
    public int OutputChannels => Widths[^1];

    /// <summary>The 16-32-64-128, one-convolution-per-block tower (trains in minutes on a CPU).</summary>
    public static TowerArchitecture Small => new();

    /// <summary>The paper tower: 64-128-256-512, two convolutions per block.</summary>
    public static TowerArchitecture Paper => new() { Widths = [64, 128, 256, 512], ConvolutionsPerBlock = 2 };

    /// <summary>Throws when the shape is unusable.</summary>
    public void Validate(string name)
    {
        if (Widths is null || Widths.Length == 0 || Widths.Any(w => w <= 0))
            throw new ArgumentOutOfRangeException(name, $"{name}: tower widths must be a non-empty list of positive numbers.");
        if (ConvolutionsPerBlock <= 0)
            throw new ArgumentOutOfRangeException(name, $"{name}: ConvolutionsPerBlock must be positive, got {ConvolutionsPerBlock}.");
        if (TimePoolingSteps is < 0)
            throw new ArgumentOutOfRangeException(name, $"{name}: TimePoolingSteps must be non-negative, got {TimePoolingSteps}.");
    }

    /// <summary>Pooling steps in the tower.</summary>
    internal int PoolingSteps => PoolAfterLastBlock ? Widths.Length : Widths.Length - 1;

    /// <summary>Whether pooling step <paramref name="step"/> (0-based) also halves the second (time) axis.</summary>
    internal bool PoolsSecondAxis(int step) => TimePoolingSteps is not int steps || step < steps;

    /// <summary>The spatial size after the tower for an input size (each pool floors).</summary>
    public (int Height, int Width) OutputSize(int height, int width)
    {
        for (int i = 0; i < PoolingSteps; i++)
        {
            height /= 2;
            if (PoolsSecondAxis(i)) width /= 2;
        }
        return (height, width);
    }
}
