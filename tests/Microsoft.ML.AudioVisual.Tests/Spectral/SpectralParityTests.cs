using Microsoft.ML.AudioVisual.Spectral;
using Xunit;
using Xunit.Abstractions;

namespace Microsoft.ML.AudioVisual.Tests.Spectral;

/// <summary>
/// Parity with the torchaudio 0.13.1 / PyTorch 1.13 outputs in <c>../shared/reference</c>: one test per case.
/// Linear values: max |ours - ref| &lt;= 1e-5 · max |ref|. Decibels: within 1e-3 dB where the reference is above
/// its top_db floor.
/// </summary>
public sealed class SpectralParityTests(ITestOutputHelper output)
{
    private const double RelativeTolerance = 1e-5;
    private const double DecibelTolerance = 1e-3;

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (ReferenceCase c in ReferenceCases.Cases)
        {
            data.Add(c.Id);
        }

        return data;
    }

    [SharedDataTheory]
    [MemberData(nameof(Cases))]
    public void MatchesReference(string caseId)
    {
        ReferenceCase c = ReferenceCases.Get(caseId);
        var reference = Microsoft.ML.AudioVisual.IO.NpyFile.Read(ReferenceCases.PathOf(c.Output));
        (float[] expected, int[] shape) = (reference.ToSingles(), reference.Shape);
        Assert.Equal(c.OutputShape, shape);
        float[] input = Microsoft.ML.AudioVisual.IO.NpyFile.Read(ReferenceCases.PathOf(c.Input)).ToSingles();

        switch (c.Kind)
        {
            case "melspectrogram":
                AssertRelative(Compute(MelOptions(c), input, shape), expected);
                break;
            case "melspectrogram_db":
            {
                SpectrogramOptions options = MelOptions(c);
                options.Log = LogCompression.Decibels;
                options.DecibelTopDb = 80;
                AssertDecibels(Compute(options, input, shape), expected, 80);
                break;
            }

            case "spectrogram":
                Assert.Equal("l3", c.Preset);
                AssertRelative(Compute(SpectrogramOptions.L3(c.SampleRate), input, shape), expected);
                break;
            case "stft_magnitude":
            {
                SpectrogramOptions options = SpectrogramOptions.PixelPlayer(c.SampleRate);
                Assert.Equal(c.Int("n_fft"), options.FftSize);
                Assert.Equal(c.Int("hop_length"), options.HopLength);
                options.Scale = FrequencyScale.Linear;
                AssertRelative(Compute(options, input, shape), expected);
                break;
            }

            case ReferenceCases.StftComplexKind:
                AssertRelative(ShortTimeFourierTransform.Forward(input, c.Int("n_fft"), c.Int("hop_length"), center: true, padMode: PaddingMode.Constant), expected);
                break;
            case "logfreq_warp":
                AssertRelative(LogFrequencyWarp.Apply(input, 512, 256, c.Int("out_bins")), expected);
                break;
            case ReferenceCases.PixelPlayerPipelineKind:
                AssertRelative(Compute(SpectrogramOptions.PixelPlayer(c.SampleRate), input, shape), expected);
                break;
            case "istft":
            {
                int frames = 256;
                Assert.Equal(((c.Int("n_fft") / 2) + 1) * frames * 2, input.Length);
                float[] signal = ShortTimeFourierTransform.Inverse(input, frames, c.Int("n_fft"), c.Int("hop_length"), center: true, length: c.Int("length"));
                AssertRelative(signal, expected);
                break;
            }

            default:
                Assert.Fail($"Unknown case kind '{c.Kind}': add it to {nameof(SpectralParityTests)}.");
                break;
        }
    }

    private static SpectrogramOptions MelOptions(ReferenceCase c)
    {
        SpectrogramOptions options = SpectrogramOptions.TorchAudio(c.SampleRate);
        options.FftSize = c.Int("n_fft");
        options.HopLength = c.Int("hop_length");
        options.MelBins = c.Int("n_mels");
        options.MelScale = c.String("mel_scale") == "slaney" ? MelScale.Slaney : MelScale.Htk;
        options.MelNormalization = c.String("norm") == "slaney" ? MelNormalization.Slaney : MelNormalization.None;
        options.PadMode = c.String("pad_mode") == "constant" ? PaddingMode.Constant : PaddingMode.Reflect;
        return options;
    }

    private static float[] Compute(SpectrogramOptions options, float[] input, int[] shape)
    {
        var computer = new SpectrogramComputer(options);
        Assert.Equal(shape[0], computer.FrequencyBins);
        Assert.Equal(shape[1], computer.FrameCount(input.Length));
        return computer.Compute(input);
    }

    private void AssertRelative(float[] actual, float[] expected)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = expected.Max(v => Math.Abs((double)v));
        double worst = 0;
        int worstIndex = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs((double)actual[i] - expected[i]);
            if (error > worst)
            {
                worst = error;
                worstIndex = i;
            }
        }

        output.WriteLine($"max |ours - ref| = {worst:g4} = {worst / scale:g4} x max|ref| (max|ref| = {scale:g6}); worst at flat index {worstIndex}: ours {actual[worstIndex]:g9}, ref {expected[worstIndex]:g9}");
        Assert.True(worst <= RelativeTolerance * scale, $"max |ours - ref| = {worst:g4} exceeds {RelativeTolerance} x max|ref| = {RelativeTolerance * scale:g4} at flat index {worstIndex} (ours {actual[worstIndex]}, ref {expected[worstIndex]})");
    }

    private void AssertDecibels(float[] actual, float[] expected, double topDb)
    {
        Assert.Equal(expected.Length, actual.Length);
        double floor = expected.Max() - topDb;
        double worst = 0;
        int worstIndex = 0, compared = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            if (expected[i] > floor + DecibelTolerance)
            {
                compared++;
                double error = Math.Abs((double)actual[i] - expected[i]);
                if (error > worst)
                {
                    worst = error;
                    worstIndex = i;
                }
            }
            else
            {
                // At the reference floor we must be at (or within tolerance of) our own floor too.
                Assert.True(actual[i] <= expected[i] + DecibelTolerance, $"index {i}: ref is at its floor ({expected[i]} dB) but ours is {actual[i]} dB");
            }
        }

        output.WriteLine($"max |ours - ref| = {worst:g4} dB over {compared} of {expected.Length} values above the floor ({floor:g6} dB)");
        Assert.True(worst <= DecibelTolerance, $"max |ours - ref| = {worst:g4} dB exceeds {DecibelTolerance} dB at flat index {worstIndex} (ours {actual[worstIndex]}, ref {expected[worstIndex]})");
    }
}
