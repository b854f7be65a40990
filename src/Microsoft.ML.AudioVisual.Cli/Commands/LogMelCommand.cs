using System.CommandLine;
using Microsoft.ML.AudioVisual.IO;
using Microsoft.ML.AudioVisual.Media;
using Microsoft.ML.AudioVisual.Spectral;

namespace Microsoft.ML.AudioVisual.Cli.Commands;

// Microsoft.ML has a namespace named Command, which would otherwise shadow the System.CommandLine type here.
using Command = System.CommandLine.Command;

/// <summary>
/// <c>avl logmel INPUT.{wav,npy} --preset torchaudio|librosa|l3|pixelplayer [--sample-rate --n-fft --hop --n-mels ...] [--db] --out OUT.npy</c>:
/// writes the spectrogram as float32 <c>[bins, frames]</c>. A preset sets the peer library's defaults; flags override them.
/// </summary>
internal static class LogMelCommand
{
    public static Command Create(CliOutput io)
    {
        var input = new Argument<string>("INPUT") { Description = "A WAV file, or a float32 [N] .npy waveform at --sample-rate." };
        var preset = new Option<string>("--preset") { Description = "torchaudio, librosa, l3 or pixelplayer.", DefaultValueFactory = _ => "torchaudio" };
        preset.AcceptOnlyFromAmong("torchaudio", "librosa", "l3", "pixelplayer");
        var sampleRate = new Option<int?>("--sample-rate") { Description = "Sample rate in Hz (required for .npy input; WAV input is resampled to it)." };
        var nFft = new Option<int?>("--n-fft") { Description = "FFT size." };
        var winLength = new Option<int?>("--win-length") { Description = "Window length (default n_fft)." };
        var hop = new Option<int?>("--hop") { Description = "Hop length (default win_length / 2)." };
        var nMels = new Option<int?>("--n-mels") { Description = "Mel bins." };
        var fMin = new Option<double?>("--f-min") { Description = "Lowest mel frequency in Hz." };
        var fMax = new Option<double?>("--f-max") { Description = "Highest mel frequency in Hz." };
        var melScale = new Option<string?>("--mel-scale") { Description = "htk or slaney." };
        melScale.AcceptOnlyFromAmong("htk", "slaney");
        var norm = new Option<string?>("--norm") { Description = "Mel filter normalisation: none or slaney." };
        norm.AcceptOnlyFromAmong("none", "slaney");
        var padMode = new Option<string?>("--pad-mode") { Description = "reflect or constant." };
        padMode.AcceptOnlyFromAmong("reflect", "constant");
        var center = new Option<bool?>("--center") { Description = "Pad n_fft/2 on both sides (true/false)." };
        var power = new Option<double?>("--power") { Description = "1 for magnitude, 2 for power." };
        var db = new Option<bool>("--db") { Description = "Convert to decibels (torchaudio AmplitudeToDB, top_db 80 unless --top-db)." };
        var topDb = new Option<double?>("--top-db") { Description = "Dynamic range floor below the maximum, in dB (with --db)." };
        var output = new Option<string>("--out") { Description = "Output .npy file.", Required = true };
        var command = new Command("logmel", "Compute a (log-)mel or other spectrogram of a waveform to an NPY file.")
        {
            input, preset, sampleRate, nFft, winLength, hop, nMels, fMin, fMax, melScale, norm, padMode, center, power, db, topDb, output,
        };
        command.SetAction(parse => io.Guard(() =>
        {
            var path = parse.GetValue(input)!;
            var (waveform, rate) = ReadWaveform(path, parse.GetValue(sampleRate));
            var options = SpectrogramOptions.FromPreset(parse.GetValue(preset)!, rate);
            if (parse.GetValue(nFft) is int n) options.FftSize = n;
            if (parse.GetValue(winLength) is int w) options.WindowLength = w;
            if (parse.GetValue(hop) is int h) options.HopLength = h;
            if (parse.GetValue(nMels) is int m) options.MelBins = m;
            if (parse.GetValue(fMin) is double lo) options.MinFrequency = lo;
            if (parse.GetValue(fMax) is double hi) options.MaxFrequency = hi;
            if (parse.GetValue(melScale) is string scale) options.MelScale = scale == "slaney" ? MelScale.Slaney : MelScale.Htk;
            if (parse.GetValue(norm) is string nm) options.MelNormalization = nm == "slaney" ? MelNormalization.Slaney : MelNormalization.None;
            if (parse.GetValue(padMode) is string pm) options.PadMode = pm == "constant" ? PaddingMode.Constant : PaddingMode.Reflect;
            if (parse.GetValue(center) is bool c) options.Center = c;
            if (parse.GetValue(power) is double p)
                options.Spectrum = p switch { 1 => SpectrumKind.Magnitude, 2 => SpectrumKind.Power, _ => throw new CliUsageException($"--power must be 1 or 2, got {p}.") };
            if (parse.GetValue(db))
            {
                options.Log = LogCompression.Decibels;
                options.DecibelTopDb = parse.GetValue(topDb) ?? 80;
            }
            else if (parse.GetValue(topDb) is not null)
            {
                throw new CliUsageException("--top-db needs --db.");
            }
            SpectrogramComputer computer;
            try
            {
                computer = new SpectrogramComputer(options);
            }
            catch (ArgumentException e)
            {
                throw new CliUsageException(e.Message);
            }
            int frames;
            try
            {
                frames = computer.FrameCount(waveform.Length);
            }
            catch (ArgumentException e)
            {
                throw new InvalidDataException($"'{path}' holds {waveform.Length} samples, too few for this spectrogram ({e.Message}).");
            }
            var values = computer.Compute(waveform);
            var outPath = parse.GetValue(output)!;
            NpyFile.Write(outPath, values, computer.FrequencyBins, frames);
            io.Out.WriteLine($"Wrote [{computer.FrequencyBins}, {frames}] float32 to {outPath}");
            return 0;
        }));
        return command;
    }

    private static (float[] Samples, int Rate) ReadWaveform(string path, int? sampleRate)
    {
        if (sampleRate is <= 0) throw new CliUsageException($"--sample-rate must be positive, got {sampleRate}.");
        if (path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase))
        {
            if (sampleRate is not int rate) throw new CliUsageException($"'{path}': .npy input needs --sample-rate.");
            var array = NpyFile.Read(path);
            if (array.Shape.Length != 1 || array.DataType is not (NpyDataType.Float32 or NpyDataType.Float64))
                throw new InvalidDataException($"'{path}': expected a float32 [N] waveform, got {array.DataType} [{string.Join(", ", array.Shape)}].");
            var samples = array.ToSingles();
            int bad = Array.FindIndex(samples, v => !float.IsFinite(v));
            if (bad >= 0) throw new InvalidDataException($"'{path}': sample {bad} is {samples[bad]}; waveforms must be finite.");
            return (samples, rate);
        }
        var clip = WavFile.Read(path);
        if (sampleRate is int target && target != clip.SampleRate)
            return (new AudioResampler(clip.SampleRate, target).Resample(clip.Samples), target);
        return (clip.Samples, clip.SampleRate);
    }
}
