using System.Diagnostics;
using Microsoft.ML.AudioVisual.Separation;
using Microsoft.ML.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Benchmarks;

/// <summary>
/// MixAndSeparate training throughput (mixtures per second, Small preset without FiLM, 2 sources) next to the same network and
/// step in PyTorch (python/sound_of_pixels_train_step.py), same batch and threads, in the same run, two ways: "step"
/// times forward, weighted BCE, backward and Adam on fixed tensors (the network alone); "loop" times
/// <c>MixAndSeparate.Fit</c> itself on in-memory waveforms (mixing, STFT, warp, targets in C#, staging, dispose
/// scopes) against the same PyTorch step, so its ratio includes everything the library adds around the network.
/// </summary>
internal static class SeparationTrainingBenchmark
{
    private const int Sources = 2;

    /// <summary>The Small preset without <see cref="SeparationArchitecture.ConditionSoundNet"/>, which the PyTorch twin lacks.</summary>
    private static SeparationArchitecture BenchmarkedArchitecture => SeparationArchitecture.Small with { ConditionSoundNet = false };

    public static int Run(string[] args)
    {
        int threads = Option(args, "--threads", 2);
        int batch = Option(args, "--batch", 16);
        int steps = Option(args, "--steps", 20);
        const int warmup = 3;
        var mode = args.SkipWhile(a => a != "--mode").Skip(1).FirstOrDefault() ?? "both";
        var frontEnd = SeparationFrontEnd.Small;
        // The PyTorch twin has no FiLM: both sides run the preset's sound net with late fusion only.
        var architecture = BenchmarkedArchitecture;
        var common = new[]
        {
            "--width", architecture.Width.ToString(),
            "--upsampling", architecture.Upsampling == UNetUpsampling.TransposedConvolution ? "transposed" : "bilinear",
            "--batch", batch.ToString(), "--sources", Sources.ToString(), "--threads", threads.ToString(), "--steps", steps.ToString(),
            "--warmup", warmup.ToString(), "--bins", frontEnd.LogFrequencyBins.ToString(), "--frames", frontEnd.SpectrogramFrames.ToString(),
        };
        Console.WriteLine($"MixAndSeparate training throughput (Small preset, late fusion: width {architecture.Width}, {architecture.Upsampling} decoder; {Sources} sources, {frontEnd.LogFrequencyBins} x {frontEnd.SpectrogramFrames} spectrograms), " +
                          $"{threads} thread(s); median step over {steps} steps");
        Console.WriteLine($"{"mode",-5} {"batch",5} {"params",9} {"ours mix/s",11} {"pytorch mix/s",14} {"ours/pytorch",13}");
        // Ours and theirs alternate so that a change of machine load hits both.
        if (mode is "step" or "both")
        {
            var (ours, parameters) = MeasureStep(frontEnd, batch, threads, steps, warmup);
            Print("step", batch, parameters, ours, PeerProcess.RunPython("sound_of_pixels_train_step.py", common));
        }
        if (mode is "loop" or "both")
        {
            var (ours, parameters) = MeasureLoop(batch, threads, steps, warmup);
            Print("loop", batch, parameters, ours, PeerProcess.RunPython("sound_of_pixels_train_step.py", common));
        }
        return 0;
    }

    private static void Print(string mode, int batch, long parameters, double ours, System.Text.Json.Nodes.JsonObject? peer)
    {
        double? theirs = (double?)peer?["mixtures_per_second"];
        Console.WriteLine($"{mode,-5} {batch,5} {parameters,9} {ours,11:0.0} {(theirs is double t ? t.ToString("0.0") : "n/a"),14} " +
                          $"{(theirs is double r ? (ours / r).ToString("0.00") + "x" : "n/a"),13}");
    }

    private static (double MixturesPerSecond, long Parameters) MeasureStep(SeparationFrontEnd frontEnd, int batch, int threads, int steps, int warmup)
    {
        set_num_threads(threads);
        random.manual_seed(0);
        using var network = new SoundOfPixelsNetwork(BenchmarkedArchitecture);
        using var optimizer = optim.Adam(network.parameters(), lr: 1e-3);
        using var spectrograms = randn(batch, 1, frontEnd.LogFrequencyBins, frontEnd.SpectrogramFrames);
        using var frames = randn(new long[] { batch * Sources, 1, 3, 28, 28 });
        using var targets = randint(0, 2, [batch, Sources, frontEnd.LogFrequencyBins, frontEnd.SpectrogramFrames]).to(float32);
        using var weight = rand(batch, 1, frontEnd.LogFrequencyBins, frontEnd.SpectrogramFrames);
        network.train();

        void Step()
        {
            using var scope = NewDisposeScope();
            var loss = SeparationForward.Loss(SeparationForward.MaskLogits(network, spectrograms, frames, Sources), targets, weight, SeparationMask.Binary);
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
        }

        for (int i = 0; i < warmup; i++) Step();
        var times = new List<double>();
        for (int i = 0; i < steps; i++)
        {
            var clock = Stopwatch.StartNew();
            Step();
            times.Add(clock.Elapsed.TotalSeconds);
        }
        times.Sort();
        return (batch / times[times.Count / 2], network.parameters().Sum(p => p.numel()));
    }

    /// <summary>The median time between consecutive step reports of <c>MixAndSeparate.Fit</c> on random 0.2-0.6 s recordings of ten groups.</summary>
    private static (double MixturesPerSecond, long Parameters) MeasureLoop(int batch, int threads, int steps, int warmup)
    {
        var context = new MLContext(seed: 0);
        var generator = new Random(0);
        var rows = Enumerable.Range(0, 200).Select(i => new Row
        {
            Audio = [.. Enumerable.Range(0, generator.Next(1600, 4800)).Select(_ => (float)(generator.NextDouble() - 0.5))],
            Image = [.. Enumerable.Range(0, 28 * 28).Select(_ => (float)generator.NextDouble())],
            Group = i % 10,
        }).ToList();
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Image)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 1, 28, 28);
        var stamps = new List<double>();
        var clock = Stopwatch.StartNew();
        var options = new MixAndSeparateOptions
        {
            AudioColumnName = nameof(Row.Audio), VisualColumnName = nameof(Row.Image), GroupColumnName = nameof(Row.Group),
            Architecture = BenchmarkedArchitecture, Epochs = 1, BatchSize = batch, MixturesPerEpoch = batch * (steps + warmup + 1), ValidationFraction = 0, ValidationMixtures = 0,
            Threads = threads, Seed = 0,
            Progress = new ProgressCallback(p => { if (!p.IsEpochEnd) stamps.Add(clock.Elapsed.TotalSeconds); }),
        };
        using var model = context.AudioVisual().MixAndSeparate(options).Fit(context.Data.LoadFromEnumerable(rows, schema));
        var times = stamps.Zip(stamps.Skip(1), (a, b) => b - a).Skip(warmup).Order().ToList();
        using var network = new SoundOfPixelsNetwork(BenchmarkedArchitecture);
        return (batch / times[times.Count / 2], network.parameters().Sum(p => p.numel()));
    }

    private sealed class Row
    {
        public float[] Audio { get; set; } = [];

        public float[] Image { get; set; } = [];

        public int Group { get; set; }
    }

    private static int Option(string[] args, string name, int fallback) => (int)BenchmarkOptions.Number(args, name, fallback);
}
