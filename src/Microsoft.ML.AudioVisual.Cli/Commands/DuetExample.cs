using Microsoft.ML.AudioVisual.Datasets;
using Microsoft.ML.AudioVisual.Motion;
using Microsoft.ML.AudioVisual.Rendering;
using Microsoft.ML.AudioVisual.Separation;

namespace Microsoft.ML.AudioVisual.Cli.Commands;

/// <summary>
/// With <c>--report</c>, <c>avl eval separation --look-alike</c> writes one separated duet beside its JSON so that the run
/// report shows and plays it: <c>duet/</c> with the mixture, the true sources, the separated sources, masks and
/// spectrograms and, for a Sound of Motions model, each source's optical flow and trajectories (<c>flow_&lt;i&gt;.png</c>,
/// <c>trajectories_&lt;i&gt;.png</c>).
/// </summary>
internal static class DuetExample
{
    /// <summary>Separates the first duet of the evaluation's manifest and writes it to <paramref name="folder"/>.</summary>
    public static void Write(string folder, ITransformer model, AvMnistFsdd data, Split split, int seed, double lookAlikeFraction)
    {
        var frontEnd = model switch
        {
            SoundOfMotionsTransformer motion => motion.FrontEnd,
            MixAndSeparateTransformer pictures => pictures.FrontEnd,
            _ => throw new ArgumentException("Not a separation model.", nameof(model)),
        };
        var duet = LookAlikeDuets.Manifest(data, split, frontEnd, seed, lookAlikeFraction, imageSplit: split == Split.All ? Split.Test : null)[0];
        var duetOptions = (model as SoundOfMotionsTransformer)?.Options.Duets;
        var clip = LookAlikeDuets.Render(data, duet, frontEnd, duetOptions);
        var result = model switch
        {
            SoundOfMotionsTransformer motion => motion.Separate(clip.Mixture, clip.Videos),
            MixAndSeparateTransformer pictures => pictures.Separate(clip.Mixture, [.. duet.Mixture.Sources.Select(s => data.Images.ToFloats(s.ImageIndex))]),
            _ => throw new ArgumentException("Not a separation model.", nameof(model)),
        };
        SeparationOutputFolder.Write(folder, frontEnd, clip.Mixture, result, writeMixture: true, references: clip.Sources);
        if (model is not SoundOfMotionsTransformer m) return;
        int size = clip.FrameSize, plane = size * size, steps = clip.FrameCount - 1;
        for (int n = 0; n < clip.Videos.Length; n++)
        {
            var flow = OpticalFlow.Farneback(clip.Videos[n], clip.FrameCount, 1, size, size, m.Options.Flow);
            var speeds = MotionCommand.StepSpeeds(flow, steps, plane);
            int busiest = Array.IndexOf(speeds, speeds.Max());
            MotionPictures.WriteFlow(Path.Combine(folder, $"flow_{n}.png"), flow.AsSpan(busiest * 2 * plane, 2 * plane), size, size);
            var trajectories = DenseTrajectories.Track(flow, steps, size, size, m.Options.GridStride);
            MotionPictures.WriteTrajectories(Path.Combine(folder, $"trajectories_{n}.png"), clip.Videos[n].AsSpan(0, plane), 1, trajectories);
        }
    }
}
