using Microsoft.ML.AudioVisual.Datasets;
using Microsoft.ML.AudioVisual.Motion;
using Microsoft.ML.AudioVisual.Separation;
using Xunit;
using Xunit.Abstractions;

namespace Microsoft.ML.AudioVisual.Tests.Motion;

public sealed class LookAlikeDuetsTests(ITestOutputHelper output)
{
    private static readonly Lazy<AvMnistFsdd> George = new(() =>
        AvMnistFsdd.Load(SharedData.Path("data", "fsdd"), SharedData.Path("data", "mnist")).WhereSpeaker(s => s == "george"));

    private static readonly SeparationFrontEnd FrontEnd = SeparationFrontEnd.Small;

    [SharedDataFact]
    public void TheImagesMoveWithTheirRecordingsLoudness()
    {
        var data = George.Value;
        var manifest = LookAlikeDuets.Manifest(data, Split.Test, FrontEnd, seed: 7);
        Assert.Equal(data.GetRecordingIndices(Split.Test).Count, manifest.Count);
        Assert.All(manifest, d =>
        {
            Assert.True(d.LookAlike);
            Assert.Equal(d.Mixture.Sources[0].ImageIndex, d.Mixture.Sources[1].ImageIndex);
            Assert.NotEqual(d.Mixture.Sources[0].Group, d.Mixture.Sources[1].Group);
        });

        var correlations = new List<(double Shift, double Size)>();
        foreach (var duet in manifest.Take(10))
        {
            var clip = LookAlikeDuets.Render(data, duet, FrontEnd);
            Assert.Equal(8, clip.FrameCount); // 4095 samples at 8 kHz and 16 fps
            Assert.Equal(64, clip.FrameSize);
            for (int n = 0; n < 2; n++)
            {
                // Loudness measured here, from the waveform, independently of the generator's envelope.
                var rms = FrameRms(clip.Sources[n], clip.FrameCount);
                var shift = new double[clip.FrameCount];
                var size = new double[clip.FrameCount];
                // Shift and growth are measured from the quietest frame, where the image is closest to rest.
                var (restX, restY, restInk) = Moments(clip.Videos[n], Array.IndexOf(rms, rms.Min()), clip.FrameSize);
                for (int k = 0; k < clip.FrameCount; k++)
                {
                    var (x, y, ink) = Moments(clip.Videos[n], k, clip.FrameSize);
                    shift[k] = Math.Sqrt(((x - restX) * (x - restX)) + ((y - restY) * (y - restY)));
                    size[k] = Math.Sqrt(ink / restInk); // ink grows with the area
                }
                correlations.Add((Pearson(shift, rms), Pearson(size, rms)));
            }
        }
        output.WriteLine($"{correlations.Count} sources: correlation of frame RMS with image shift min {correlations.Min(c => c.Shift):0.000} " +
            $"mean {correlations.Average(c => c.Shift):0.000}, with image size min {correlations.Min(c => c.Size):0.000} mean {correlations.Average(c => c.Size):0.000}");
        Assert.All(correlations, c =>
        {
            Assert.True(c.Shift > 0.8, $"shift correlation {c.Shift}");
            Assert.True(c.Size > 0.8, $"size correlation {c.Size}");
        });
    }

    [SharedDataFact]
    public void OpticalFlowRecoversTheEnvelopeMotion()
    {
        // What a motion network will see: the flow on the image moves with the change of loudness between frames.
        var data = George.Value;
        var manifest = LookAlikeDuets.Manifest(data, Split.Test, FrontEnd, seed: 7);
        var correlations = new List<double>();
        foreach (var duet in manifest.Take(5))
        {
            var clip = LookAlikeDuets.Render(data, duet, FrontEnd);
            int size = clip.FrameSize, plane = size * size;
            for (int n = 0; n < 2; n++)
            {
                var flow = OpticalFlow.Farneback(clip.Videos[n], clip.FrameCount, 1, size, size);
                var speed = new double[clip.FrameCount - 1];
                var change = new double[clip.FrameCount - 1];
                for (int t = 0; t < speed.Length; t++)
                {
                    double sum = 0, weight = 0;
                    for (int i = 0; i < plane; i++)
                    {
                        double ink = clip.Videos[n][(t * plane) + i]; // flow on the image, not on the black around it
                        sum += ink * Math.Sqrt((flow[(t * 2 * plane) + i] * flow[(t * 2 * plane) + i]) + (flow[(t * 2 * plane) + plane + i] * flow[(t * 2 * plane) + plane + i]));
                        weight += ink;
                    }
                    speed[t] = sum / weight;
                    change[t] = Math.Abs(clip.Envelopes[n][t + 1] - clip.Envelopes[n][t]);
                }
                correlations.Add(Pearson(speed, change));
            }
        }
        output.WriteLine($"{correlations.Count} sources: correlation of mean flow speed on the image with |loudness change| " +
            $"min {correlations.Min():0.000} mean {correlations.Average():0.000}");
        Assert.True(correlations.Average() > 0.8, $"mean correlation {correlations.Average()}");
    }

    [SharedDataFact]
    public void TheSameSeedGivesTheSameDuets()
    {
        var data = George.Value;
        var a = LookAlikeDuets.Manifest(data, Split.Test, FrontEnd, seed: 3, lookAlikeFraction: 0.5);
        var b = LookAlikeDuets.Manifest(data, Split.Test, FrontEnd, seed: 3, lookAlikeFraction: 0.5);
        var c = LookAlikeDuets.Manifest(data, Split.Test, FrontEnd, seed: 4, lookAlikeFraction: 0.5);
        Assert.Equal(a.Select(Describe), b.Select(Describe));
        Assert.NotEqual(a.Select(Describe), c.Select(Describe));
        var first = LookAlikeDuets.Render(data, a[0], FrontEnd);
        var again = LookAlikeDuets.Render(data, b[0], FrontEnd);
        Assert.Equal(first.Mixture, again.Mixture);
        Assert.Equal(first.Videos[0], again.Videos[0]);
        Assert.Equal(first.Videos[1], again.Videos[1]);

        // Half of the duets look alike; the others show an image of each source's own digit.
        int lookAlike = a.Count(d => d.LookAlike);
        output.WriteLine($"{lookAlike} of {a.Count} duets look alike at fraction 0.5");
        Assert.InRange(lookAlike, a.Count / 4, 3 * a.Count / 4);
        Assert.All(a.Where(d => !d.LookAlike), d => Assert.All(d.Mixture.Sources, s => Assert.Equal(s.Group, data.Images.Labels[s.ImageIndex])));
        Assert.All(LookAlikeDuets.Manifest(data, Split.Test, FrontEnd, seed: 3, lookAlikeFraction: 0), d => Assert.False(d.LookAlike));
    }

    [SharedDataFact]
    public void TrainingDuetsComeFromTheTrainingSplits()
    {
        var data = George.Value;
        var manifest = LookAlikeDuets.Manifest(data, Split.Train, FrontEnd, seed: 1);
        var trainRecordings = data.GetRecordingIndices(Split.Train).ToHashSet();
        Assert.All(manifest, d => Assert.All(d.Mixture.Sources, s =>
        {
            Assert.Contains(s.RecordingIndex, trainRecordings);
            Assert.InRange(s.ImageIndex, 0, AvMnistFsdd.MnistTrainCount - 1);
        }));
        Assert.Throws<ArgumentOutOfRangeException>(() => LookAlikeDuets.Manifest(data, Split.Train, FrontEnd, seed: 1, lookAlikeFraction: 1.5));
    }

    private static string Describe(LookAlikeDuet duet) =>
        $"{duet.LookAlike} {string.Join(";", duet.Mixture.Sources)} {string.Join(";", duet.Directions)}";

    private static double[] FrameRms(float[] samples, int frames)
    {
        var rms = new double[frames];
        for (int k = 0; k < frames; k++)
        {
            int start = k * samples.Length / frames, end = (k + 1) * samples.Length / frames;
            rms[k] = Math.Sqrt(samples[start..end].Sum(s => (double)s * s) / (end - start));
        }
        return rms;
    }

    /// <summary>The ink-weighted centre and the total ink of frame <paramref name="k"/> of a <c>[T, 1, S, S]</c> video.</summary>
    private static (double X, double Y, double Ink) Moments(float[] video, int k, int size)
    {
        double ink = 0, sx = 0, sy = 0;
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
            {
                double v = video[(k * size * size) + (y * size) + x];
                ink += v;
                sx += v * x;
                sy += v * y;
            }
        return (sx / ink, sy / ink, ink);
    }

    private static double Pearson(double[] a, double[] b)
    {
        double ma = a.Average(), mb = b.Average(), ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            ab += (a[i] - ma) * (b[i] - mb);
            aa += (a[i] - ma) * (a[i] - ma);
            bb += (b[i] - mb) * (b[i] - mb);
        }
        return ab / Math.Sqrt(aa * bb);
    }
}
