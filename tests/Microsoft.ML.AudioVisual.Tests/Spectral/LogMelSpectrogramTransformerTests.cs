using Microsoft.ML.AudioVisual.Media;
using Microsoft.ML.AudioVisual.Spectral;
using Microsoft.ML.Data;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.Spectral;

public sealed class LogMelSpectrogramTransformerTests
{
    private sealed class Wave
    {
        [VectorType(8000)]
        public float[] Audio { get; set; } = [];
    }

    private sealed class VariableWave
    {
        public float[] Audio { get; set; } = [];
    }

    private sealed class TextRow
    {
        public string Audio { get; set; } = "";
    }

    private static float[] Tone(int n, double hz, int rate = 8000) => Enumerable.Range(0, n).Select(i => (float)Math.Sin(2 * Math.PI * hz * i / rate)).ToArray();

    [Fact]
    public void PassesTheEstimatorWorkoutAndMatchesTheComputer()
    {
        var context = new MLContext(seed: 1);
        var options = SpectrogramOptions.TorchAudio(8000);
        options.HopLength = 80;
        options.MelBins = 40;
        options.Log = LogCompression.Decibels;
        options.DecibelTopDb = 80;
        var rows = new[] { new Wave { Audio = Tone(8000, 440) }, new Wave { Audio = Tone(8000, 1500) } };
        var data = context.Data.LoadFromEnumerable(rows);
        var wrong = context.Data.LoadFromEnumerable([new TextRow { Audio = "x" }]);
        var estimator = context.AudioVisual().LogMelSpectrogram("Spectrogram", "Audio", options);

        var transformer = EstimatorWorkout.Run(context, estimator, data, wrong, "Audio", "Spectrogram");

        var output = transformer.Transform(data);
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Single, 40, 101), output.Schema["Spectrogram"].Type);
        var values = EstimatorWorkout.ReadFloats(output, "Spectrogram");
        Assert.Equal(new SpectrogramComputer(options).Compute(rows[1].Audio), values[1]);
    }

    [Fact]
    public void VariableLengthWaveformsGiveVariableLengthSpectrograms()
    {
        var context = new MLContext(seed: 1);
        var data = context.Data.LoadFromEnumerable([new VariableWave { Audio = Tone(4000, 300) }, new VariableWave { Audio = Tone(6000, 300) }]);
        var output = context.AudioVisual().LogMelSpectrogram(options: SpectrogramOptions.TorchAudio(8000)).Fit(data).Transform(data);
        Assert.False(((VectorDataViewType)output.Schema["Spectrogram"].Type).IsKnownSize);
        var values = EstimatorWorkout.ReadFloats(output, "Spectrogram");
        Assert.Equal(128 * (1 + 4000 / 200), values[0].Length);
        Assert.Equal(128 * (1 + 6000 / 200), values[1].Length);
    }

    [Fact]
    public void NaNWaveformsAndTooShortClipsAreClearErrors()
    {
        var context = new MLContext(seed: 1);
        var bad = Tone(8000, 440);
        bad[1234] = float.NaN;
        var data = context.Data.LoadFromEnumerable([new Wave { Audio = Tone(8000, 440) }, new Wave { Audio = bad }]);
        var output = context.AudioVisual().LogMelSpectrogram(options: SpectrogramOptions.TorchAudio(8000)).Fit(data).Transform(data);
        var error = Assert.Throws<InvalidDataException>(() => EstimatorWorkout.ReadFloats(output, "Spectrogram"));
        Assert.Contains("row 1", error.Message);
        Assert.Contains("sample 1234", error.Message);

        var tiny = context.Data.LoadFromEnumerable([new VariableWave { Audio = Tone(100, 440) }]);
        var tinyOut = context.AudioVisual().LogMelSpectrogram(options: SpectrogramOptions.TorchAudio(8000)).Fit(tiny).Transform(tiny);
        Assert.Contains("too few", Assert.Throws<InvalidDataException>(() => EstimatorWorkout.ReadFloats(tinyOut, "Spectrogram")).Message);
    }

    [Fact]
    public void WrongSampleRateAnnotationIsRejected()
    {
        using var folder = new TempFolder();
        var path = folder.File("tone.wav");
        Microsoft.ML.AudioVisual.IO.WavFile.Write(path, Tone(16000, 440, 16000), 16000);
        var context = new MLContext(seed: 1);
        var paths = context.Data.LoadFromEnumerable([new PathRow { Path = path }]);
        var loaded = context.AudioVisual().LoadVideoFrames(new VideoFrameLoaderOptions { FramesColumnName = null, FrameTimesColumnName = null, SampleRate = 16000 }).Fit(paths).Transform(paths);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => context.AudioVisual().LogMelSpectrogram(options: SpectrogramOptions.TorchAudio(8000)).Fit(loaded));
        Assert.Contains("16000 Hz", error.Message);
        Assert.Contains("8000 Hz", error.Message);
        // The matching rate composes into a pipeline.
        var spectrograms = context.AudioVisual().LogMelSpectrogram(options: SpectrogramOptions.TorchAudio(16000)).Fit(loaded).Transform(loaded);
        Assert.Equal(128 * 81, EstimatorWorkout.ReadFloats(spectrograms, "Spectrogram").Single().Length);
    }

    private sealed class PathRow
    {
        public string Path { get; set; } = "";
    }
}
