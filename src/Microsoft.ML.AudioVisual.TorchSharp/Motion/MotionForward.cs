using Microsoft.ML.AudioVisual.Separation;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Motion;

/// <summary>The Sound of Motions forward pass shared by training, validation and inference: stage the clips' inputs, predict one mask per source.</summary>
internal static class MotionForward
{
    /// <summary>
    /// Mask logits <c>[B, N, F, T]</c> of B clips: their mixture spectrograms and, per clip and source (clip-major), the grey
    /// video <c>[T, 1, S, S]</c> and its trajectory displacements.
    /// </summary>
    public static Tensor Logits(SoundOfMotionsNetwork network, MotionInputShape shape, ImageStandardization standardization, Device device,
        IReadOnlyList<MixtureSpectrogram> spectrograms, IReadOnlyList<float[]> videos, IReadOnlyList<float[]> trajectories)
    {
        int items = videos.Count, sources = items / spectrograms.Count;
        var appearance = shape.AppearanceShape;
        int frameSize = appearance.Height * appearance.Width, appearanceSize = appearance.Frames * frameSize;
        var t = shape.TrajectoryShape;
        int trajectorySize = t[0] * t[1] * t[2] * t[3];
        var frames = new float[items * appearanceSize];
        var motion = new float[items * trajectorySize];
        for (int i = 0; i < items; i++)
        {
            for (int k = 0; k < appearance.Frames; k++)
                videos[i].AsSpan(shape.AppearanceFrameIndices[k] * frameSize, frameSize).CopyTo(frames.AsSpan((i * appearanceSize) + (k * frameSize)));
            trajectories[i].CopyTo(motion, i * trajectorySize);
        }
        var stagedFrames = SeparationForward.StageVisual(frames, items, appearance, standardization, device);
        var stagedMotion = tensor(motion, [items, t[0], t[1], t[2], t[3]]).to(device).permute(0, 2, 1, 3, 4);
        return network.Forward(SeparationForward.StageSpectrograms(spectrograms, device), stagedFrames, stagedMotion, sources);
    }
}
