using System.Diagnostics;
using Microsoft.ML.AudioVisual.Separation;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Benchmarks;

/// <summary>
/// Forward-pass time of the Sound of Pixels network (evaluation mode, inference_mode) for both presets at their
/// documented input sizes, and one training step (forward, backward, SGD) of the Small preset.
/// </summary>
internal static class SeparationForwardBenchmark
{
    private sealed record Case(string Name, SeparationArchitecture Architecture, int Batch, long Bins, long Frames, int VideoFrames, long ImageSize);

    public static int Run(string[] args)
    {
        int threads = Option(args, "--threads", 2);
        int repeats = Option(args, "--repeats", 5);
        set_num_threads(threads);
        Case[] cases =
        [
            new("small", SeparationArchitecture.Small, Option(args, "--small-batch", 4), 128, 128, 3, 64),
            new("paper", SeparationArchitecture.Paper, Option(args, "--paper-batch", 1), 256, 256, 3, 224),
        ];
        Console.WriteLine($"Sound of Pixels forward pass, {threads} thread(s), median of {repeats} after one warm-up");
        Console.WriteLine($"{"preset",-6} {"batch",5} {"params",11} {"sound ms",9} {"frame ms",9} {"mask ms",8} {"total ms",9} {"train step ms",14}");
        foreach (var c in cases)
        {
            manual_seed(0);
            using var network = new SoundOfPixelsNetwork(c.Architecture);
            long parameters = network.parameters().Sum(p => p.numel());
            using var spectrogram = randn(c.Batch, 1, c.Bins, c.Frames);
            using var frames = randn(new long[] { c.Batch, c.VideoFrames, 3, c.ImageSize, c.ImageSize });
            network.eval();
            var sound = new List<double>();
            var frame = new List<double>();
            var mask = new List<double>();
            for (int r = 0; r <= repeats; r++)
            {
                using var scope = NewDisposeScope();
                using var inference = inference_mode();
                var watch = Stopwatch.StartNew();
                var a = network.SoundFeatures(spectrogram);
                double t1 = watch.Elapsed.TotalMilliseconds;
                var v = network.FrameFeatures(frames);
                double t2 = watch.Elapsed.TotalMilliseconds;
                network.MaskLogits(v, a).sigmoid();
                double t3 = watch.Elapsed.TotalMilliseconds;
                if (r == 0) continue;
                sound.Add(t1);
                frame.Add(t2 - t1);
                mask.Add(t3 - t2);
            }
            string train = c.Name == "small" ? TrainStep(network, spectrogram, frames, repeats).ToString("0") : "-";
            Console.WriteLine($"{c.Name,-6} {c.Batch,5} {parameters,11:N0} {Median(sound),9:0} {Median(frame),9:0} {Median(mask),8:0} {Median(sound) + Median(frame) + Median(mask),9:0} {train,14}");
        }
        return 0;
    }

    private static double TrainStep(SoundOfPixelsNetwork network, Tensor spectrogram, Tensor frames, int repeats)
    {
        network.train();
        using var optimizer = optim.SGD(network.parameters(), 1e-3, momentum: 0.9);
        using var target = zeros(spectrogram.shape).bernoulli_(0.5);
        var times = new List<double>();
        for (int r = 0; r <= repeats; r++)
        {
            using var scope = NewDisposeScope();
            var watch = Stopwatch.StartNew();
            var logits = network.MaskLogits(network.FrameFeatures(frames), network.SoundFeatures(spectrogram));
            var loss = nn.functional.binary_cross_entropy_with_logits(logits, target);
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            if (r > 0) times.Add(watch.Elapsed.TotalMilliseconds);
        }
        return Median(times);
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static int Option(string[] args, string name, int fallback) => (int)BenchmarkOptions.Number(args, name, fallback);
}
