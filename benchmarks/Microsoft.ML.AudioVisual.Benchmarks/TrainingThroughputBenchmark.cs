using System.Diagnostics;
using Microsoft.ML.AudioVisual.Correspondence;
using Microsoft.ML.AudioVisual.Towers;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Benchmarks;

/// <summary>
/// AVE-Net training throughput (pairs per second) next to the same network in PyTorch, same shapes, batch and
/// threads, measured in the same run, two ways: "step" times forward, backward and Adam on fixed tensors (the
/// network alone); "loop" times the library's shared training loop (<c>AvcEmbedding.Fit</c>: pair sampling,
/// batch staging, dispose scopes, metrics) against a PyTorch loop that gathers its batches from memory the same way.
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
        int rounds = Option(args, "--rounds", 3);
        var only = args.SkipWhile(a => a != "--arch").Skip(1).FirstOrDefault();
        var mode = args.SkipWhile(a => a != "--mode").Skip(1).FirstOrDefault() ?? "both";
        Console.WriteLine($"AVE-Net training throughput, {threads} thread(s); median step over the timed steps; {rounds} alternating round(s), median ratio last");
        Console.WriteLine($"{"mode",-5} {"arch",-6} {"batch",5} {"params",9} {"ours pairs/s",13} {"pytorch pairs/s",16} {"ours/pytorch",13}");
        foreach (var arch in Archs.Where(a => only is null || a.Name == only))
        {
            int batch = Option(args, "--batch", arch.Name == "small" ? 128 : 8);
            int steps = Option(args, "--steps", arch.Name == "small" ? 20 : 3);
            int warmup = arch.Name == "small" ? 3 : 1;
            var common = new[] { "--arch", arch.Name, "--batch", batch.ToString(), "--threads", threads.ToString(), "--steps", steps.ToString(), "--warmup", warmup.ToString() };
            // Alternate ours and theirs, round after round, so that the machine's load changes (large on shared VMs) hit both;
            // the median of the rounds' ratios is the figure to read.
            foreach (var (name, run) in new (string, bool)[] { ("step", mode is "step" or "both"), ("loop", mode is "loop" or "both") })
            {
                if (!run) continue;
                var ratios = new List<double>();
                for (int round = 0; round < rounds; round++)
                {
                    var (ours, parameters) = name == "step" ? Measure(arch, batch, threads, steps) : MeasureLoop(arch, batch, threads, steps, warmup);
                    var peer = PeerProcess.RunPython(name == "step" ? "avc_train_step.py" : "avc_train_loop.py", common);
                    Print(name, arch, batch, parameters, ours, peer);
                    if ((double?)peer?["pairs_per_second"] is double theirs) ratios.Add(ours / theirs);
                }
                if (ratios.Count > 0)
                    Console.WriteLine($"{name,-5} {arch.Name,-6} median ours/pytorch over {ratios.Count} rounds: {ratios.Order().ElementAt(ratios.Count / 2):0.00}x");
            }
        }
        return 0;
    }

    private static void Print(string mode, Arch arch, int batch, long parameters, double ours, System.Text.Json.Nodes.JsonObject? peer)
    {
        double? theirs = (double?)peer?["pairs_per_second"];
        Console.WriteLine($"{mode,-5} {arch.Name,-6} {batch,5} {parameters,9} {ours,13:0.0} {(theirs is double t ? t.ToString("0.0") : "n/a"),16} {(theirs is double r ? (ours / r).ToString("0.00") + "x" : "n/a"),13}");
    }

    /// <summary>
    /// Pairs per second of <c>AvcEmbedding.Fit</c> itself on in-memory random rows of the architecture's shapes: the
    /// median time between consecutive step reports of the shared loop, after the warm-up steps.
    /// </summary>
    private static (double PairsPerSecond, long Parameters) MeasureLoop(Arch arch, int batch, int threads, int steps, int warmup)
    {
        var context = new MLContext(seed: 0);
        int rows = batch * (steps + warmup + 1);
        var generator = new Random(0);
        float[] Noise(long n) => Enumerable.Range(0, (int)n).Select(_ => (float)generator.NextDouble()).ToArray();
        long imageSize = arch.Image.Aggregate(1L, (a, b) => a * b), audioSize = arch.Spectrogram.Aggregate(1L, (a, b) => a * b);
        var examples = new Datasets.AudioVisualExamples([.. arch.Image.Select(d => (int)d)], Enumerable.Range(0, 64).Select(_ => Noise(imageSize)).ToArray(),
            Enumerable.Range(0, 64).Select(i => i % 10).ToArray(), [.. arch.Spectrogram.Select(d => (int)d)],
            Enumerable.Range(0, 64).Select(_ => Noise(audioSize)).ToArray(), Enumerable.Range(0, 64).Select(i => i % 10).ToArray(),
            Enumerable.Range(0, rows).Select(i => (i % 64, i % 64)).ToArray());
        var stamps = new List<double>();
        var clock = Stopwatch.StartNew();
        var options = new AvcEmbeddingOptions
        {
            VisualColumnName = Datasets.AudioVisualExamples.ImageColumnName, GroupColumnName = Datasets.AudioVisualExamples.GroupColumnName,
            Epochs = 1, BatchSize = batch, ValidationFraction = 0, Threads = threads, Seed = 0, Tower = arch.Tower, HiddenDimension = arch.Hidden,
            Progress = new ProgressCallback(p => { if (!p.IsEpochEnd) stamps.Add(clock.Elapsed.TotalSeconds); }),
        };
        using var model = context.AudioVisual().AvcEmbedding(options).Fit(examples.PairsView(context));
        var times = stamps.Zip(stamps.Skip(1), (a, b) => b - a).Skip(warmup).Order().ToList();
        return (batch / times[times.Count / 2], model.Network.parameters().Sum(p => p.numel()));
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
