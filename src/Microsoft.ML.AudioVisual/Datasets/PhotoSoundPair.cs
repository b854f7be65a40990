using Microsoft.ML.AudioVisual.Media;

namespace Microsoft.ML.AudioVisual.Datasets;

/// <summary>One photo and one recording of the same subject (e.g. a farm animal and its call).</summary>
/// <param name="Name">The subject, from the file name.</param>
/// <param name="Photo">The photo, planar RGB <c>[3, Height, Width]</c> in [0, 1], at its own size.</param>
/// <param name="Height">Photo height in pixels.</param>
/// <param name="Width">Photo width in pixels.</param>
/// <param name="Sound">The recording, mono at <paramref name="SampleRate"/>.</param>
/// <param name="SampleRate">Samples per second of <paramref name="Sound"/>.</param>
public sealed record PhotoSoundPair(string Name, float[] Photo, int Height, int Width, float[] Sound, int SampleRate)
{
    /// <summary>The largest centred square of the photo, resized to <paramref name="size"/> x <paramref name="size"/>.</summary>
    public float[] CentreSquare(int size)
    {
        int side = Math.Min(Width, Height);
        return PlanarImage.CropResize(Photo, 3, Height, Width, (Width - side) / 2.0, (Height - side) / 2.0, side, side, size, size);
    }

    /// <summary>The loudest window of <paramref name="seconds"/> (on a 1/10 grid of its length), centre-padded when the recording is shorter.</summary>
    public float[] LoudestWindow(double seconds = 1.0) => LoudWindows.Loudest(Sound, WindowLength(seconds));

    /// <summary>Samples in a window of <paramref name="seconds"/>.</summary>
    internal int WindowLength(double seconds) => (int)Math.Round(seconds * SampleRate);
}
