using System.Diagnostics;
using Microsoft.ML.AudioVisual.Correspondence;
using Microsoft.ML.AudioVisual.Towers;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Benchmarks;

/// <summary>
/// AVE-Net training throughput (pairs per second: forward, backward, Adam) of our TorchSharp model next to
/// the same network in PyTorch, same shapes, batch and threads, measured in the same run.
/// </summary>
internal static class TrainingThroughputBenchmark
{
    private sealed record Arch(string Name, TowerArchitecture Tower, int? Hidden, long[] Image, long[] Spectrogram);

    private static readonly Arch[] Archs =
    [
        new("small", TowerArchitecture.Small, null, [1, 28, 28], [40, 101]),
        new("paper", TowerArchitecture.Paper, 128, [3, 224, 224], [257, 199]),
    ];

    public static int Run(string[] args)
    {
        int threads = Option(args, "--threads", 2);
        var only = args.SkipWhile(a => a != "--arch").Skip(1).FirstOrDefault();
        Console.WriteLine($"AVE-Net training throughput, {threads} thread(s); median step over the timed steps");
        Console.WriteLine($"{"arch",-6} {"batch",5} {"params",9} {"ours pairs/s",13} {"pytorch pairs/s",16} {"ours/pytorch",13}");
        foreach (var arch in Archs.Where(a => only is null || a.Name == only))
        {
            int batch = Option(args, "--batch", arch.Name == "small" ? 128 : 8);
            int steps = Option(args, "--steps", arch.Name == "small" ? 20 : 3);
            var (ours, parameters) = Measure(arch, batch, threads, steps);
            var peer = PeerProcess.RunPython("avc_train_step.py", "--arch", arch.Name, "--batch", batch.ToString(), "--threads", threads.ToString(),
                "--steps", steps.ToString(), "--warmup", arch.Name == "small" ? "3" : "1");
            double? theirs = (double?)peer?["pairs_per_second"];
            Console.WriteLine($"{arch.Name,-6} {batch,5} {parameters,9} {ours,13:0.0} {(theirs is double t ? t.ToString("0.0") : "n/a"),16} {(theirs is double r ? (ours / r).ToString("0.00") + "x" : "n/a"),13}");
        }
        return 0;
    }

    private static (double PairsPerSecond, long Parameters) Measure(Arch arch, int batch, int threads, int steps)
    {
        set_num_threads(threads);
        random.manual_seed(0);
        using var model = new AveNet((int)arch.Image[0], arch.Tower, 128, arch.Hidden);
        using var optimizer = optim.Adam(model.parameters(), lr: 1e-3, weight_decay: 1e-5);
        using var images = randn([batch, .. arch.Image]);
        using var spectrograms = randn([batch, 1, .. arch.Spectrogram]);
        using var labels = randint(0, 2, [batch]);
        model.train();
        long parameters = model.parameters().Sum(p => p.numel());

        void Step()
        {
            using var scope = NewDisposeScope();
            var loss = nn.functional.cross_entropy(model.CorrespondenceLogits(images, spectrograms), labels);
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
        }

        for (int i = 0; i < (arch.Name == "small" ? 3 : 1); i++) Step();
        var times = new List<double>();
        for (int i = 0; i < steps; i++)
        {
            var clock = Stopwatch.StartNew();
            Step();
            times.Add(clock.Elapsed.TotalSeconds);
        }
        times.Sort();
        return (batch / times[times.Count / 2], parameters);
    }

    private static int Option(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out int v) ? v : fallback;
    }
}
