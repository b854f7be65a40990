namespace Microsoft.ML.AudioVisual.Datasets;

/// <summary>How <see cref="ImpactVideos"/> builds its videos.</summary>
public sealed class ImpactVideoOptions : SyncVideoTiming
{
    /// <summary>Frame side in pixels (default 32).</summary>
    public int Size { get; set; } = 32;

    /// <summary>Fewest shapes per video (default 1).</summary>
    public int MinShapes { get; set; } = 1;

    /// <summary>Most shapes per video (default 3).</summary>
    public int MaxShapes { get; set; } = 3;

    /// <summary>Smallest shape radius in pixels (default 3).</summary>
    public double MinRadius { get; set; } = 3;

    /// <summary>Largest shape radius in pixels (default 5).</summary>
    public double MaxRadius { get; set; } = 5;

    /// <summary>Slowest speed in pixels per frame (default 0.6).</summary>
    public double MinSpeed { get; set; } = 0.6;

    /// <summary>Fastest speed in pixels per frame (default 1.4).</summary>
    public double MaxSpeed { get; set; } = 1.4;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Require(MinShapes >= 1, nameof(MinShapes), $"must be at least 1, got {MinShapes}");
        Require(MaxShapes >= MinShapes && MaxShapes <= 8, nameof(MaxShapes), $"must be in [MinShapes, 8], got {MaxShapes}");
        Require(double.IsFinite(MinRadius) && MinRadius >= 1, nameof(MinRadius), $"must be at least 1 pixel, got {MinRadius}");
        Require(double.IsFinite(MaxRadius) && MaxRadius >= MinRadius, nameof(MaxRadius), $"must be at least MinRadius ({MinRadius}), got {MaxRadius}");
        // Room for the shapes' discs (plus a pixel each) in the square their centres move in, so that placing them never stalls.
        double room = Size - 2 * MaxRadius, needed = MaxShapes * (2 * MaxRadius + 1) * (2 * MaxRadius + 1);
        Require(room * room >= needed, nameof(Size), $"must leave room for {MaxShapes} shapes of radius {MaxRadius} (at least {Math.Ceiling(2 * MaxRadius + Math.Sqrt(needed))}), got {Size}");
        Require(double.IsFinite(MinSpeed) && MinSpeed > 0, nameof(MinSpeed), $"must be positive, got {MinSpeed}");
        Require(double.IsFinite(MaxSpeed) && MaxSpeed >= MinSpeed && MaxSpeed < MinRadius, nameof(MaxSpeed), $"must be in [MinSpeed, MinRadius) so that no hit is jumped over, got {MaxSpeed}");
    }
}
