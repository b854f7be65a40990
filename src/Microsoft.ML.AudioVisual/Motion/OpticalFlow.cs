using System.Runtime.InteropServices;
using OpenCvSharp;

namespace Microsoft.ML.AudioVisual.Motion;

/// <summary>
/// Dense optical flow between consecutive frames with Farneback's algorithm (OpenCV). Frames are planar floats in the
/// layout of the library's frame columns (<c>[T, C, H, W]</c>, C = 1 or 3, see <c>VideoFrameLoaderEstimator</c>); they are
/// turned grey (channels averaged) and mapped onto 0-255 with one map for the whole clip before the flow is computed.
/// </summary>
public static class OpticalFlow
{
    /// <summary>The flow from each frame to the next.</summary>
    /// <param name="frames">Planar floats <c>[T, C, H, W]</c>.</param>
    /// <param name="frameCount">T, at least 2.</param>
    /// <param name="channels">C: 1 (grey) or 3 (RGB).</param>
    /// <param name="height">H.</param>
    /// <param name="width">W.</param>
    /// <param name="options">Farneback settings; null for <see cref="FarnebackOptions"/>' defaults.</param>
    /// <param name="source">What the frames are (a file, a column and row), named in exceptions.</param>
    /// <returns>
    /// <c>[T-1, 2, H, W]</c> row-major: for step t, plane 0 holds the horizontal and plane 1 the vertical displacement in
    /// pixels (x to the right, y down) that carries each pixel of frame t to frame t+1.
    /// </returns>
    /// <exception cref="ArgumentException">Fewer than two frames, or a shape that does not match the buffer.</exception>
    /// <exception cref="InvalidDataException">A value is NaN or infinite.</exception>
    /// <exception cref="InvalidOperationException">OpenCV's native library cannot be loaded (no runtime package for this platform).</exception>
    public static float[] Farneback(ReadOnlySpan<float> frames, int frameCount, int channels, int height, int width,
        FarnebackOptions? options = null, string source = "The frames")
    {
        options ??= new FarnebackOptions();
        options.Validate();
        var grey = GreyClip.ToBytes(frames, frameCount, channels, height, width, source);
        int plane = height * width;
        var flow = new float[(frameCount - 1) * 2 * plane];
        var interleaved = new float[2 * plane];
        using var previous = NewMat(height, width);
        using var next = new Mat(height, width, MatType.CV_8UC1);
        using var result = new Mat();
        Marshal.Copy(grey[0], 0, previous.Data, plane);
        for (int t = 0; t + 1 < frameCount; t++)
        {
            Marshal.Copy(grey[t + 1], 0, next.Data, plane);
            Cv2.CalcOpticalFlowFarneback(previous, next, result, options.PyramidScale, options.Levels, options.WindowSize,
                options.Iterations, options.PolyN, options.PolySigma, options.GaussianWindow ? OpticalFlowFlags.FarnebackGaussian : OpticalFlowFlags.None);
            if (result.Type() != MatType.CV_32FC2 || !result.IsContinuous() || result.Rows != height || result.Cols != width)
                throw new InvalidOperationException($"OpenCV returned a {result.Rows}x{result.Cols} {result.Type()} flow, not {height}x{width} CV_32FC2.");
            Marshal.Copy(result.Data, interleaved, 0, 2 * plane);
            // OpenCV interleaves (dx, dy) per pixel; the library's tensors are planar.
            var dx = flow.AsSpan(t * 2 * plane, plane);
            var dy = flow.AsSpan((t * 2 * plane) + plane, plane);
            for (int i = 0; i < plane; i++)
            {
                dx[i] = interleaved[2 * i];
                dy[i] = interleaved[(2 * i) + 1];
            }
            next.CopyTo(previous);
        }
        return flow;
    }

    /// <summary>The first OpenCV object of a run, where a missing native library shows up, as a clear error.</summary>
    private static Mat NewMat(int height, int width)
    {
        try
        {
            return new Mat(height, width, MatType.CV_8UC1);
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or BadImageFormatException)
        {
            throw new InvalidOperationException(
                "OpenCV's native library (OpenCvSharpExtern) could not be loaded, so optical flow cannot run. Reference an OpenCvSharp4 " +
                "runtime package for this platform (the default build carries OpenCvSharp4.official.runtime.linux-x64; on Linux it also " +
                $"needs libdbus-1-3). Cause: {e.GetBaseException().Message}", e);
        }
    }

    /// <summary>The flow from one frame to another of the same size (planar <c>[C, H, W]</c> each).</summary>
    /// <returns><c>[2, H, W]</c>: horizontal then vertical displacement in pixels.</returns>
    /// <exception cref="ArgumentException">The two frames hold different numbers of values, or do not match the shape.</exception>
    /// <exception cref="InvalidDataException">A value is NaN or infinite.</exception>
    public static float[] Farneback(ReadOnlySpan<float> previous, ReadOnlySpan<float> next, int channels, int height, int width,
        FarnebackOptions? options = null)
    {
        if (previous.Length != next.Length)
            throw new ArgumentException($"The two frames differ in size: {previous.Length} and {next.Length} values; optical flow needs frames of one size.", nameof(next));
        var pair = new float[previous.Length * 2];
        previous.CopyTo(pair);
        next.CopyTo(pair.AsSpan(previous.Length));
        return Farneback(pair, 2, channels, height, width, options, "The frame pair");
    }
}
