using Microsoft.ML.AudioVisual.Separation;

namespace Microsoft.ML.AudioVisual.Motion;

/// <summary>
/// What a Sound of Motions network sees of one source in one clip, as the options fix it: T grey frames of S x S (the clip's
/// video), of which the appearance stream sees a few evenly spaced ones, and the trajectories of a grid over them.
/// </summary>
internal sealed class MotionInputShape
{
    public MotionInputShape(SoundOfMotionsOptions options)
    {
        FrontEnd = options.FrontEnd;
        Flow = options.Flow;
        GridStride = options.GridStride;
        Frames = options.Duets.FrameCount(FrontEnd.ClipSamples, FrontEnd.SampleRate);
        FrameSize = FrontEnd.ImageSize;
        int grid = FrameSize / options.GridStride;
        int shown = Math.Min(options.AppearanceFrames, Frames);
        AppearanceFrameIndices = shown == 1 ? [0] : [.. Enumerable.Range(0, shown).Select(k => (int)Math.Round(k * (Frames - 1) / (double)(shown - 1)))];
        AppearanceShape = new VisualShape(shown, 1, FrameSize, FrameSize);
        TrajectoryShape = [Frames - 1, 2, grid, grid];
    }

    /// <summary>The separation front-end.</summary>
    public SeparationFrontEnd FrontEnd { get; }

    /// <summary>Optical flow settings.</summary>
    public FarnebackOptions Flow { get; }

    /// <summary>Pixels between trajectory seeds.</summary>
    public int GridStride { get; }

    /// <summary>T, video frames per clip.</summary>
    public int Frames { get; }

    /// <summary>S, the frames' side in pixels.</summary>
    public int FrameSize { get; }

    /// <summary>Values of one source's clip video, <c>T x 1 x S x S</c>.</summary>
    public int VideoSize => Frames * FrameSize * FrameSize;

    /// <summary>Which video frames the appearance stream sees (evenly spaced, the first one first).</summary>
    public int[] AppearanceFrameIndices { get; }

    /// <summary>The shape of the frames the appearance stream sees per source.</summary>
    public VisualShape AppearanceShape { get; }

    /// <summary>The shape of a source's trajectory displacements, <c>[T-1, 2, Hs, Ws]</c>.</summary>
    public int[] TrajectoryShape { get; }

    /// <summary>The trajectory displacements of one source's clip video (grey frames <c>[T, 1, S, S]</c> in [0, 1]).</summary>
    public float[] Track(float[] video, string source = "The frames")
    {
        var flow = OpticalFlow.Farneback(video, Frames, 1, FrameSize, FrameSize, Flow, source);
        return DenseTrajectories.Track(flow, Frames - 1, FrameSize, FrameSize, GridStride).Displacements;
    }
}
