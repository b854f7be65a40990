using Microsoft.ML.AudioVisual.Media;

namespace Microsoft.ML.AudioVisual.Motion;

/// <summary>Options of <see cref="MotionTrajectoriesEstimator"/>.</summary>
public sealed class MotionTrajectoriesOptions
{
    /// <summary>Default values.</summary>
    public static class Defaults
    {
        /// <summary>Default frames column, the output of <see cref="VideoFrameLoaderEstimator"/>.</summary>
        public const string InputColumnName = VideoFrameLoaderOptions.Defaults.FramesColumnName;
        /// <summary>Default trajectories column.</summary>
        public const string OutputColumnName = "Trajectories";
        /// <summary>Default grid stride: one trajectory per 8 x 8 pixels (8 x 8 trajectories on 64-pixel frames).</summary>
        public const int GridStride = 8;
    }

    /// <summary>The frames column, <c>Vector&lt;Single, T, C, H, W&gt;</c> with T at least 2 and C = 1 or 3.</summary>
    public string InputColumnName { get; set; } = Defaults.InputColumnName;

    /// <summary>The trajectories column, <c>Vector&lt;Single, T-1, 2, H / stride, W / stride&gt;</c> of displacements (see <see cref="Trajectories"/>).</summary>
    public string OutputColumnName { get; set; } = Defaults.OutputColumnName;

    /// <summary>Pixels between seed points of the trajectory grid, from 1 (every pixel) to the frame's shorter side.</summary>
    public int GridStride { get; set; } = Defaults.GridStride;

    /// <summary>The optical-flow settings.</summary>
    public FarnebackOptions Flow { get; set; } = new();

    /// <summary>A copy.</summary>
    public MotionTrajectoriesOptions Clone() => (MotionTrajectoriesOptions)MemberwiseClone(); // FarnebackOptions is immutable

    /// <summary>Throws <see cref="ArgumentException"/> (or a subclass) naming the first invalid setting.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(InputColumnName)) throw new ArgumentException("An input (frames) column name is required.", nameof(InputColumnName));
        if (string.IsNullOrWhiteSpace(OutputColumnName)) throw new ArgumentException("An output (trajectories) column name is required.", nameof(OutputColumnName));
        if (GridStride < 1) throw new ArgumentOutOfRangeException(nameof(GridStride), GridStride, "GridStride must be at least 1 pixel.");
        if (Flow is null) throw new ArgumentNullException(nameof(Flow), "Flow options are required.");
        Flow.Validate();
    }
}
