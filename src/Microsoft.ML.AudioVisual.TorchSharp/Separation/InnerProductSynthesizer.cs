using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>
/// The official synthesizer (<c>InnerProd</c>): the mask logit of a time-frequency bin is
/// <c>sum_k scale_k · v_k · a_k(f, t) + bias</c>, a learned weighting of the K sound components by the K visual
/// features. No output activation: callers apply sigmoid (binary masks) or ReLU / clamp (ratio masks).
/// </summary>
internal sealed class InnerProductSynthesizer : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Parameter scale;
    private readonly Parameter bias;

    /// <summary>Builds the synthesizer for <paramref name="channels"/> (K) features: scale ones, bias zero, as the official code.</summary>
    public InnerProductSynthesizer(int channels) : base("synthesizer")
    {
        scale = nn.Parameter(ones(channels));
        bias = nn.Parameter(zeros(1));
        RegisterComponents();
    }

    /// <summary>Mask logits <c>[B, 1, F, T]</c> from visual features <c>[B, K]</c> and sound features <c>[B, K, F, T]</c>.</summary>
    public override Tensor forward(Tensor frameFeatures, Tensor soundFeatures)
    {
        using var scope = NewDisposeScope();
        long b = soundFeatures.shape[0], k = soundFeatures.shape[1];
        Tensor weights = (frameFeatures.reshape(b, 1, k) * scale);
        Tensor logits = matmul(weights, soundFeatures.reshape(b, k, -1)).reshape(b, 1, soundFeatures.shape[2], soundFeatures.shape[3]);
        return (logits + bias).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// One mask per pixel: logits <c>[B, h·w, F, T]</c> from a visual feature map <c>[B, K, h, w]</c> and sound features
    /// <c>[B, K, F, T]</c> (the official <c>forward_pixelwise</c>, pixels in row-major order).
    /// </summary>
    public Tensor PerPixel(Tensor frameFeatureMap, Tensor soundFeatures)
    {
        using var scope = NewDisposeScope();
        long b = soundFeatures.shape[0], k = soundFeatures.shape[1];
        long pixels = frameFeatureMap.shape[2] * frameFeatureMap.shape[3];
        Tensor weights = frameFeatureMap.reshape(b, k, pixels).transpose(1, 2) * scale;
        Tensor logits = matmul(weights, soundFeatures.reshape(b, k, -1)).reshape(b, pixels, soundFeatures.shape[2], soundFeatures.shape[3]);
        return (logits + bias).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            scale.Dispose();
            bias.Dispose();
        }
        base.Dispose(disposing);
    }
}
