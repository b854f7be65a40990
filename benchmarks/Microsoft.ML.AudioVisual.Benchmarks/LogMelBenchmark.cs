using System.Diagnostics;
using Microsoft.ML.AudioVisual.Spectral;

namespace Microsoft.ML.AudioVisual.Benchmarks;

/// <summary>
/// Throughput (seconds of audio per second) of the torchaudio-default preset at 16 kHz, n_fft 400, hop 160,
/// 64 mels, one thread, next to torchaudio's own <c>MelSpectrogram</c> measured in the same run.
/// Both sides time the median of alternating rounds so that machine load hits them alike.
/// </summary>
internal static class LogMelBenchmark
{
    public static int Run(string[] args)
    {
        double seconds = BenchmarkOptions.Number(args, "--seconds", 10.0);
        int repeats = (int)BenchmarkOptions.Number(args, "--repeats", 50);
        int rounds = (int)BenchmarkOptions.Number(args, "--rounds", 3);
        var options = SpectrogramOptions.TorchAudio(16000);
        options.HopLength = 160;
        options.MelBins = 64;
        var computer = new SpectrogramComputer(options);
        var random = new Random(0);
        var waveform = Enumerable.Range(0, (int)Math.Round(seconds * 16000)).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var destination = new float[computer.FrequencyBins * computer.FrameCount(waveform.Length)];

        Console.WriteLine($"Mel spectrogram throughput: 16 kHz, n_fft 400, hop 160, 64 mels, {seconds} s of audio per call, one thread, median of {repeats} calls");
        Console.WriteLine($"{"round",5} {"ours (s audio/s)",18} {"torchaudio (s audio/s)",24} {"ours/torchaudio",16}");
        var ratios = new List<double>();
        for (int round = 1; round <= rounds; round++)
        {
            for (int i = 0; i < 5; i++) computer.Compute(waveform, destination);
            var times = new double[repeats];
            for (int i = 0; i < repeats; i++)
            {
                var clock = Stopwatch.StartNew();
                computer.Compute(waveform, destination);
                times[i] = clock.Elapsed.TotalSeconds;
            }
            Array.Sort(times);
            double ours = seconds / times[repeats / 2];
            var peer = PeerProcess.RunPython("torchaudio_melspec.py", "--seconds", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--repeats", repeats.ToString(), "--threads", "1");
            double? theirs = (double?)peer?["seconds_of_audio_per_second"];
            if (theirs is double t) ratios.Add(ours / t);
            Console.WriteLine($"{round,5} {ours,18:0} {(theirs is double v ? v.ToString("0") : "n/a"),24} {(theirs is double r ? (ours / r).ToString("0.00") + "x" : "n/a"),16}");
        }
        if (ratios.Count > 0)
        {
            ratios.Sort();
            Console.WriteLine($"median ratio ours/torchaudio: {ratios[ratios.Count / 2]:0.00}x (above 1 means faster than torchaudio)");
        }
        return 0;
    }
}
