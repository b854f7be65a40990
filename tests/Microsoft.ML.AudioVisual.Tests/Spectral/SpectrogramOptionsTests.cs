using Microsoft.ML.AudioVisual.Spectral;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.Spectral;

public sealed class SpectrogramOptionsTests
{
    [Fact]
    public void DefaultsAreTorchAudioMelSpectrogram()
    {
        var o = new SpectrogramOptions();
        Assert.Equal(16000, o.SampleRate);
        Assert.Equal(400, o.FftSize);
        Assert.Null(o.WindowLength);
        Assert.Null(o.HopLength);
        Assert.Equal(200, o.ResolvedHopLength);
        Assert.Equal(WindowFunction.HannPeriodic, o.Window);
        Assert.True(o.Center);
        Assert.Equal(PaddingMode.Reflect, o.PadMode);
        Assert.Equal(SpectrumKind.Power, o.Spectrum);
        Assert.Equal(FrequencyScale.Mel, o.Scale);
        Assert.Equal(MelScale.Htk, o.MelScale);
        Assert.Equal(MelNormalization.None, o.MelNormalization);
        Assert.Equal(128, o.MelBins);
        Assert.Equal(8000, o.ResolvedMaxFrequency);
        Assert.Equal(LogCompression.None, o.Log);
        Assert.Equal(1e-10, o.DecibelAmplitudeMin);
        Assert.Null(o.DecibelTopDb);
        o.Validate();
    }

    [Fact]
    public void PresetsHaveTheDocumentedParameters()
    {
        SpectrogramOptions torch = SpectrogramOptions.TorchAudio();
        Assert.Equal(16000, torch.SampleRate);
        Assert.Equal(200, torch.ResolvedHopLength);

        SpectrogramOptions librosa = SpectrogramOptions.Librosa();
        Assert.Equal((22050, 2048, 512, 128), (librosa.SampleRate, librosa.FftSize, librosa.ResolvedHopLength, librosa.MelBins));
        Assert.Equal((MelScale.Slaney, MelNormalization.Slaney, PaddingMode.Constant, SpectrumKind.Power), (librosa.MelScale, librosa.MelNormalization, librosa.PadMode, librosa.Spectrum));

        SpectrogramOptions l3 = SpectrogramOptions.L3();
        Assert.Equal((48000, 512, 480, 240, false), (l3.SampleRate, l3.FftSize, l3.WindowLength, l3.ResolvedHopLength, l3.Center));
        Assert.Equal((SpectrumKind.Magnitude, FrequencyScale.Linear, LogCompression.NaturalLog, 1e-7), (l3.Spectrum, l3.Scale, l3.Log, l3.NaturalLogOffset));

        SpectrogramOptions pp = SpectrogramOptions.PixelPlayer();
        Assert.Equal((11025, 1022, 256, true, PaddingMode.Constant), (pp.SampleRate, pp.FftSize, pp.ResolvedHopLength, pp.Center, pp.PadMode));
        Assert.Equal((SpectrumKind.Magnitude, FrequencyScale.LogFrequency, 256, LogCompression.None), (pp.Spectrum, pp.Scale, pp.LogFrequencyBins, pp.Log));

        foreach (SpectrogramOptions o in new[] { torch, librosa, l3, pp })
        {
            o.Validate();
        }
    }

    [Theory]
    [InlineData("torchaudio", 16000, 400)]
    [InlineData("TorchAudio", 16000, 400)]
    [InlineData(" librosa ", 22050, 2048)]
    [InlineData("L3", 48000, 512)]
    [InlineData("PIXELPLAYER", 11025, 1022)]
    public void FromPresetIsCaseInsensitive(string name, int sampleRate, int fftSize)
    {
        SpectrogramOptions o = SpectrogramOptions.FromPreset(name);
        Assert.Equal(sampleRate, o.SampleRate);
        Assert.Equal(fftSize, o.FftSize);
        Assert.Equal(44100, SpectrogramOptions.FromPreset(name, 44100).SampleRate);
    }

    [Fact]
    public void FromPresetRejectsUnknownNamesAndListsValidOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => SpectrogramOptions.FromPreset("kaldi"));
        Assert.Equal("name", error.ParamName);
        Assert.Contains("'kaldi'", error.Message);
        Assert.Contains("torchaudio, librosa, l3, pixelplayer", error.Message);
        Assert.Throws<ArgumentNullException>(() => SpectrogramOptions.FromPreset(null!));
    }

    [Fact]
    public void CloneIsIndependent()
    {
        SpectrogramOptions a = SpectrogramOptions.L3();
        SpectrogramOptions b = a.Clone();
        b.FftSize = 1024;
        b.WindowLength = null;
        Assert.Equal(512, a.FftSize);
        Assert.Equal(480, a.WindowLength);
    }

    public static TheoryData<string, Action<SpectrogramOptions>, string> InvalidOptions() => new()
    {
        { nameof(SpectrogramOptions.SampleRate), o => o.SampleRate = 0, "0" },
        { nameof(SpectrogramOptions.FftSize), o => o.FftSize = -4, "-4" },
        { nameof(SpectrogramOptions.WindowLength), o => o.WindowLength = 401, "401" },
        { nameof(SpectrogramOptions.WindowLength), o => o.WindowLength = 0, "0" },
        { nameof(SpectrogramOptions.HopLength), o => o.HopLength = 0, "0" },
        { nameof(SpectrogramOptions.HopLength), o => o.WindowLength = 1, "WindowLength / 2 = 0" },
        { nameof(SpectrogramOptions.Window), o => o.Window = (WindowFunction)9, "9" },
        { nameof(SpectrogramOptions.PadMode), o => o.PadMode = (PaddingMode)9, "9" },
        { nameof(SpectrogramOptions.Scale), o => o.Scale = (FrequencyScale)9, "9" },
        { nameof(SpectrogramOptions.Log), o => o.Log = (LogCompression)9, "9" },
        { nameof(SpectrogramOptions.MelBins), o => o.MelBins = 0, "0" },
        { nameof(SpectrogramOptions.LogFrequencyBins), o => o.LogFrequencyBins = 0, "0" },
        { nameof(SpectrogramOptions.MinFrequency), o => o.MinFrequency = -1, "-1" },
        { nameof(SpectrogramOptions.MinFrequency), o => o.MinFrequency = 8000, "8000" },
        { nameof(SpectrogramOptions.MaxFrequency), o => o.MaxFrequency = double.NaN, "NaN" },
        { nameof(SpectrogramOptions.DecibelAmplitudeMin), o => o.DecibelAmplitudeMin = 0, "0" },
        { nameof(SpectrogramOptions.DecibelReference), o => o.DecibelReference = -1, "-1" },
        { nameof(SpectrogramOptions.DecibelTopDb), o => o.DecibelTopDb = -80, "-80" },
        { nameof(SpectrogramOptions.NaturalLogOffset), o => o.NaturalLogOffset = -1, "-1" },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void ValidateNamesTheParameterAndValue(string parameter, Action<SpectrogramOptions> breakIt, string valueText)
    {
        var options = new SpectrogramOptions();
        breakIt(options);
        var error = Assert.ThrowsAny<ArgumentException>(options.Validate);
        Assert.Equal(parameter, error.ParamName);
        Assert.Contains(valueText, error.Message);
        Assert.ThrowsAny<ArgumentException>(() => new SpectrogramComputer(options));
    }
}
