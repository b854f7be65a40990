using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>
/// Feature-wise linear modulation (FiLM, Perez et al. 2018) of one U-Net level by a conditioning sequence: a linear map
/// (a 1 x 1 convolution over time) from the condition <c>[B, D, S]</c> to a scale and a shift per channel and step, resampled
/// over time to the level's frames; the level's features <c>[B, C, F, T]</c> become <c>x · (1 + γ) + β</c>.
/// </summary>
internal sealed class FeatureModulation : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Conv1d projection;
    private readonly int channels;

    // Held for the module's lifetime, not converted at each call: see BatchNormalization's remarks.
    private readonly Scalar one = 1.ToScalar();

    public FeatureModulation(int conditionWidth, int channels) : base("film")
    {
        this.channels = channels;
        projection = nn.Conv1d(conditionWidth, 2 * channels, kernel_size: 1);
        RegisterComponents();
    }

    /// <summary>Modulates <paramref name="features"/> <c>[B, C, F, T]</c> by <paramref name="condition"/> <c>[B, D, S]</c>.</summary>
    public override Tensor forward(Tensor features, Tensor condition)
    {
        if (features.dim() != 4 || features.shape[1] != channels)
            throw new ArgumentException($"FiLM expects [B, {channels}, F, T] features, got [{string.Join(", ", features.shape)}].", nameof(features));
        using var scope = NewDisposeScope();
        Tensor film = projection.forward(condition);
        long frames = features.shape[3], steps = film.shape[2];
        if (frames < steps) film = nn.functional.adaptive_avg_pool1d(film, frames);
        else if (frames > steps && steps > 1) film = nn.functional.interpolate(film, size: [frames], mode: InterpolationMode.Linear, align_corners: false);
        var parts = film.unsqueeze(2).chunk(2, 1);
        return (features * (parts[0] + one) + parts[1]).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// One modulation for the U-Net's bottleneck and, with <paramref name="decoder"/>, one for every decoder level's output
    /// but the outermost, innermost first: the layout <see cref="ModulatedForward"/> expects.
    /// </summary>
    public static ModuleList<FeatureModulation> ForUNet(SeparationArchitecture architecture, int conditionWidth, bool decoder)
    {
        int downs = architecture.Downs;
        var modulations = new List<FeatureModulation> { new(conditionWidth, architecture.LevelWidth(downs - 1)) };
        if (decoder)
            for (int level = downs - 1; level >= 1; level--) modulations.Add(new FeatureModulation(conditionWidth, architecture.LevelWidth(level - 1)));
        return nn.ModuleList(modulations.ToArray());
    }

    /// <summary>
    /// The U-Net of B spectrograms <c>[B, 1, F, T]</c>, encoded once and decoded once per condition: <paramref name="condition"/>
    /// <c>[B·S, D, steps]</c> holds S conditions per spectrogram (spectrogram-major), and the result is <c>[B·S, C, F, T]</c>.
    /// </summary>
    public static Tensor ModulatedForward(SoundUNet sound, ModuleList<FeatureModulation> modulations, Tensor spectrograms, Tensor condition)
    {
        using var scope = NewDisposeScope();
        var (bottleneck, skips) = sound.Encode(spectrograms);
        long count = bottleneck.shape[0];
        if (condition.shape[0] % count != 0)
            throw new ArgumentException($"{condition.shape[0]} conditions do not divide among {count} spectrograms.", nameof(condition));
        long repeats = condition.shape[0] / count;
        Tensor Repeat(Tensor t) => repeats == 1 ? t : t.repeat_interleave(repeats, dim: 0);
        int downs = sound.Levels;
        Tensor Modulate(int level, Tensor x)
        {
            int index = level == downs ? 0 : downs - level;
            return index < modulations.Count ? modulations[index].forward(x, condition) : x;
        }
        return sound.Decode(Repeat(bottleneck), [.. skips.Select(Repeat)], Modulate).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            projection.Dispose();
            one.Dispose();
        }
        base.Dispose(disposing);
    }
}
