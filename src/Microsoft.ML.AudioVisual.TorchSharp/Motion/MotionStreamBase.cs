using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Motion;

/// <summary>A motion stream: trajectory displacements <c>[B, 2, T-1, Hs, Ws]</c> to motion features <c>[B, C, T-1, h, w]</c>.</summary>
internal abstract class MotionStreamBase(string name) : nn.Module<Tensor, Tensor>(name)
{
    /// <summary>C, the width of the output features.</summary>
    public abstract int Channels { get; }

    /// <summary>Builds the stream an architecture asks for.</summary>
    public static MotionStreamBase Create(SoundOfMotionsArchitecture architecture) => architecture.Motion switch
    {
        MotionStreamKind.Inception => new InceptionMotionStream(),
        _ => new MotionStream(architecture.MotionWidths),
    };

    /// <inheritdoc />
    public sealed override Tensor forward(Tensor trajectories)
    {
        if (trajectories.dim() != 5 || trajectories.shape[1] != 2)
            throw new ArgumentException($"Trajectories must be [B, 2, T-1, Hs, Ws], got [{string.Join(", ", trajectories.shape)}].", nameof(trajectories));
        return Features(trajectories);
    }

    /// <summary>The features of valid trajectories.</summary>
    protected abstract Tensor Features(Tensor trajectories);
}
