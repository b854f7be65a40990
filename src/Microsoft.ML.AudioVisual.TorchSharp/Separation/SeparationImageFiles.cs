using Microsoft.ML.AudioVisual.Media;

namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>Turns image files (or a video's first frame) into the pictures a <see cref="MixAndSeparateTransformer"/> takes, with the model's conventions.</summary>
public static class SeparationImageFiles
{
    private static readonly float[] ImageNetMean = [0.485f, 0.456f, 0.406f];
    private static readonly float[] ImageNetStd = [0.229f, 0.224f, 0.225f];

    /// <summary>
    /// The picture in <paramref name="path"/> as <paramref name="model"/> takes it for one source: by
    /// <see cref="MixAndSeparateTransformer.ImageInput"/>, stretched to the model's size in [0, 1] (grey when the model takes
    /// one channel), or preprocessed as the official Sound of Pixels code does (<see cref="SeparationImage.Preprocess"/>);
    /// repeated over the model's frames.
    /// </summary>
    /// <exception cref="MediaLoadException">The file cannot be decoded or holds no picture (the exception names it).</exception>
    /// <exception cref="NotSupportedException">The model's pictures are neither square RGB (official) nor 1 or 3 channels.</exception>
    public static SeparationPicture Load(MixAndSeparateTransformer model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var shape = model.VisualShape;
        float[] frame, display;
        if (model.ImageInput == SeparationImageInput.SoundOfPixels)
        {
            if (shape.Channels != 3 || shape.Height != shape.Width)
                throw new NotSupportedException($"The official preprocessing makes square RGB pictures; the model takes {shape.Channels} x {shape.Height} x {shape.Width}.");
            frame = SeparationImage.Preprocess(Rgb24(path, out int height, out int width), height, width, shape.Height);
            display = Unstandardise(frame, shape.Height * shape.Width);
        }
        else
        {
            frame = ModelInputFiles.Image(path, shape.Channels, shape.Height, shape.Width);
            display = frame;
        }
        var visual = new float[shape.Size];
        for (int t = 0; t < shape.Frames; t++) frame.CopyTo(visual, t * frame.Length);
        return new SeparationPicture(visual, display, shape.Channels, shape.Height, shape.Width);
    }

    /// <summary>The picture at its own size as packed RGB24 bytes (the input of the official preprocessing).</summary>
    private static byte[] Rgb24(string path, out int height, out int width)
    {
        var info = MediaDecoder.Probe(path);
        var video = info.Video ?? throw new MediaLoadException(path, MediaProblem.NoVideoStream, "the file holds no picture.");
        (height, width) = (video.Height, video.Width);
        var planar = MediaDecoder.DecodeFrames(path, [0.0], new FrameFormat(width, height, ResizeMode.Stretch, PixelScaling.Raw), info: info).Pixels;
        int plane = height * width;
        var rgb = new byte[plane * 3];
        for (int i = 0; i < plane; i++)
            for (int c = 0; c < 3; c++)
                rgb[(i * 3) + c] = (byte)planar[(c * plane) + i];
        return rgb;
    }

    /// <summary>ImageNet-normalised planar RGB back to [0, 1], for drawing.</summary>
    private static float[] Unstandardise(float[] normalised, int plane)
    {
        var unit = new float[normalised.Length];
        for (int i = 0; i < unit.Length; i++) unit[i] = Math.Clamp((normalised[i] * ImageNetStd[i / plane]) + ImageNetMean[i / plane], 0f, 1f);
        return unit;
    }
}
