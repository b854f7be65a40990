using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Motion;

/// <summary>
/// Feature-wise linear modulation (FiLM, Perez et al. 2018) of one U-Net level by a conditioning sequence: a linear map
/// (a 1 x 1 convolution over time) from the condition <c>[B, D, S]</c> to a scale and a shift per channel and step, resampled
/// over time to the level's frames; the level's features <c>[B, C, F, T]</c> become <c>x · (1 + γ) + β</c>.
/// </summary>
internal sealed class FeatureModulation : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Conv1d projection;
    private readonly int channels;

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
        else if (frames > steps) film = nn.functional.interpolate(film, size: [frames], mode: InterpolationMode.Linear, align_corners: false);
        var parts = film.unsqueeze(2).chunk(2, 1);
        return (features * (parts[0] + 1) + parts[1]).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) projection.Dispose();
        base.Dispose(disposing);
    }
}
