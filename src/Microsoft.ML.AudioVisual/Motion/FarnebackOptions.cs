namespace Microsoft.ML.AudioVisual.Motion;

/// <summary>
/// Settings of Farneback dense optical flow (OpenCV <c>calcOpticalFlowFarneback</c>). The defaults are the values of
/// OpenCV's own optical-flow tutorial (0.5, 3, 15, 3, 5, 1.2), which suit frames of 64 to 360 pixels moving a few pixels
/// per frame.
/// </summary>
public sealed record FarnebackOptions
{
    /// <summary>Scale between pyramid levels, in (0, 1): 0.5 halves each level (the default).</summary>
    public double PyramidScale { get; init; } = 0.5;

    /// <summary>Pyramid levels including the full-size image (default 3): more levels follow larger motions.</summary>
    public int Levels { get; init; } = 3;

    /// <summary>Side of the averaging window in pixels (default 15): larger windows are more robust to noise but blur motion edges.</summary>
    public int WindowSize { get; init; } = 15;

    /// <summary>Refinement iterations per pyramid level (default 3).</summary>
    public int Iterations { get; init; } = 3;

    /// <summary>Pixel neighbourhood of the polynomial expansion: 5 (the default) or 7 (smoother, for blurrier surfaces).</summary>
    public int PolyN { get; init; } = 5;

    /// <summary>Standard deviation of the Gaussian that weights the polynomial fit: about 1.1 for <see cref="PolyN"/> 5, 1.5 for 7 (default 1.2).</summary>
    public double PolySigma { get; init; } = 1.2;

    /// <summary>When true, a Gaussian window replaces the box filter (slower, more accurate); default false.</summary>
    public bool GaussianWindow { get; init; }

    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range; the message names it.</exception>
    public void Validate()
    {
        if (!(PyramidScale > 0 && PyramidScale < 1))
            throw new ArgumentOutOfRangeException(nameof(PyramidScale), PyramidScale, "PyramidScale must lie strictly between 0 and 1.");
        if (Levels < 1) throw new ArgumentOutOfRangeException(nameof(Levels), Levels, "Levels must be at least 1.");
        if (WindowSize < 1) throw new ArgumentOutOfRangeException(nameof(WindowSize), WindowSize, "WindowSize must be at least 1.");
        if (Iterations < 1) throw new ArgumentOutOfRangeException(nameof(Iterations), Iterations, "Iterations must be at least 1.");
        if (PolyN is not (5 or 7)) throw new ArgumentOutOfRangeException(nameof(PolyN), PolyN, "PolyN must be 5 or 7 (OpenCV supports no other).");
        if (!(PolySigma > 0 && double.IsFinite(PolySigma)))
            throw new ArgumentOutOfRangeException(nameof(PolySigma), PolySigma, "PolySigma must be positive and finite.");
    }
}
