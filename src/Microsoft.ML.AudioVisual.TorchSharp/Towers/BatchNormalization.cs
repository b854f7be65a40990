using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Towers;

/// <summary>
/// Batch normalisation over the channels of <c>[B, C, ...]</c> feature maps (2D or 3D), with PyTorch's parameters,
/// buffers, state-dict names (<c>weight</c>, <c>bias</c>, <c>running_mean</c>, <c>running_var</c>,
/// <c>num_batches_tracked</c>), initialisation, momentum 0.1 and eps 1e-5: a drop-in for TorchSharp's
/// <c>BatchNorm2d</c>/<c>BatchNorm3d</c> in every network of the library.
/// </summary>
/// <remarks>
/// TorchSharp's own module counts batches with <c>num_batches_tracked.add_(1)</c>, which converts 1 into a temporary
/// <see cref="Scalar"/> nothing keeps alive during the native call; its finalizer can free it while libtorch reads it.
/// Long trainings died of it at random ("For integral input tensors, argument alpha must not be a floating point
/// number", "toLong: Expected false to be true"). This module holds its Scalar for its lifetime and otherwise calls
/// the same <c>batch_norm</c> kernel.
/// </remarks>
internal sealed class BatchNormalization : nn.Module<Tensor, Tensor>
{
    /// <summary>PyTorch's default epsilon.</summary>
    public const double Epsilon = 1e-5;

    /// <summary>PyTorch's default momentum of the running statistics.</summary>
    public const double Momentum = 0.1;

    private readonly Scalar one = 1L.ToScalar();

    /// <summary>Creates the module for <paramref name="features"/> channels.</summary>
    public BatchNormalization(long features) : base(nameof(BatchNormalization))
    {
        Features = features;
        register_parameter("weight", nn.Parameter(ones(features)));
        register_parameter("bias", nn.Parameter(zeros(features)));
        register_buffer("running_mean", zeros(features));
        register_buffer("running_var", ones(features));
        register_buffer("num_batches_tracked", tensor(0L));
    }

    /// <summary>Channels.</summary>
    public long Features { get; }

    /// <summary>Scale per channel.</summary>
    public Parameter Weight => get_parameter("weight")!;

    /// <summary>Shift per channel.</summary>
    public Parameter Bias => get_parameter("bias")!;

    /// <summary>Running mean per channel (used in eval mode).</summary>
    public Tensor RunningMean => get_buffer("running_mean")!;

    /// <summary>Running (unbiased) variance per channel (used in eval mode).</summary>
    public Tensor RunningVariance => get_buffer("running_var")!;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        if (training)
        {
            using (no_grad()) get_buffer("num_batches_tracked")!.add_(one, one);
        }
        return nn.functional.batch_norm(input, RunningMean, RunningVariance, Weight, Bias, training, Momentum, Epsilon);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) one.Dispose();
        base.Dispose(disposing);
    }
}
