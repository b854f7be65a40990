using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.AudioVisual.Correspondence;
using Microsoft.ML.AudioVisual.Datasets;
using Microsoft.ML.AudioVisual.Onnx;
using Microsoft.ML.AudioVisual.Towers;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Benchmarks;

/// <summary>
/// Embedding throughput (embeddings per second) of one AvcEmbedding model, same run, same inputs: the TorchSharp
/// transformer's batched inference at batch 1 and 64, the exported ONNX files through ML.NET's <c>ApplyOnnxModel</c> at
/// batch 1 (one item per row, ML.NET's ordinary per-row path) and 64 (64 items per row, the batch dimension fixed by
/// the stage's ShapeDictionary), and ONNX Runtime's own session at batch 1 and 64 (the runtime without ML.NET), each
/// with 1 and 2 threads. Before timing, the batched ApplyOnnxModel outputs are checked against the per-row ones. The model is <c>--model MODEL.zip</c>, or by
/// default a small AVE-Net trained for one epoch on random rows of the AV-MNIST-FSDD shapes (speed does not depend on
/// the weights).
/// </summary>
internal static class InferenceBenchmark
{
    public static int Run(string[] args)
    {
        int rows = (int)BenchmarkOptions.Number(args, "--rows", 1024);
        int rounds = (int)BenchmarkOptions.Number(args, "--rounds", 3);
        var modelPath = args.SkipWhile(a => a != "--model").Skip(1).FirstOrDefault();
        var context = new MLContext(seed: 0);
        using var model = modelPath is null ? SmallModel(context) : context.AudioVisual().LoadTransformer<AvcEmbeddingTransformer>(modelPath);
        var directory = Path.Combine(Path.GetTempPath(), $"avl-inference-bench-{Environment.ProcessId}");
        model.ExportOnnx(directory);
        try
        {
            var served = context.AudioVisual().LoadOnnxModel(directory);
            var shapes = model.Shapes;
            var generator = new Random(0);
            List<float[]> Noise(int size) => Enumerable.Range(0, rows).Select(_ => Enumerable.Range(0, size).Select(_ => (float)generator.NextDouble()).ToArray()).ToList();
            var inputs = new Dictionary<string, List<float[]>> { ["audio"] = Noise(shapes.AudioSize), ["visual"] = Noise(shapes.VisualSize) };
            Console.WriteLine($"AvcEmbedding inference, {rows} rows, best of {rounds} rounds; spectrogram {shapes.AudioBins}x{shapes.AudioFrames}, image {shapes.Channels}x{shapes.Height}x{shapes.Width}, {model.EmbeddingDimension}-d");
            foreach (var network in new[] { "audio", "visual" })
                Console.WriteLine($"{network}: ApplyOnnxModel with 64 items per row differs from one item per row by at most {PackedRowsDifference(context, served, network, inputs[network]):E1}");
            Console.WriteLine($"{"network",-7} {"engine",-34} {"batch",5} {"threads",7} {"embeddings/s",13}");
            foreach (var network in new[] { "audio", "visual" })
                foreach (int threads in new[] { 1, 2 })
                {
                    var data = inputs[network];
                    foreach (int batch in new[] { 1, 64 })
                        Print(network, "TorchSharp transformer", batch, threads, Best(rounds, rows, () => TorchSharpRun(model, network, data, batch, threads)));
                    foreach (int batch in new[] { 1, 64 })
                        Print(network, "ONNX Runtime via ApplyOnnxModel", batch, threads, Best(rounds, rows, ApplyOnnxModel(context, served, network, data, batch, threads)));
                    foreach (int batch in new[] { 1, 64 })
                    {
                        using var session = new OnnxSession(served, network, threads);
                        Print(network, "ONNX Runtime session (no ML.NET)", batch, threads, Best(rounds, rows, () => session.Run(data, batch)));
                    }
                }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
        return 0;
    }

    private static void Print(string network, string engine, int batch, int threads, double rate) =>
        Console.WriteLine($"{network,-7} {engine,-34} {batch,5} {threads,7} {rate,13:0}");

    /// <summary>Rows per second of the fastest of <paramref name="rounds"/> runs, after one warm-up run.</summary>
    private static double Best(int rounds, int rows, Action run)
    {
        run();
        double best = double.MaxValue;
        for (int i = 0; i < rounds; i++)
        {
            var clock = Stopwatch.StartNew();
            run();
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return rows / best;
    }

    private static void TorchSharpRun(AvcEmbeddingTransformer model, string network, List<float[]> data, int batch, int threads)
    {
        set_num_threads(threads);
        int dim = model.EmbeddingDimension, size = data[0].Length;
        var output = new float[batch * dim];
        for (int start = 0; start < data.Count; start += batch)
        {
            int count = Math.Min(batch, data.Count - start);
            var flat = Microsoft.ML.AudioVisual.Torch.TensorStaging.Flatten(data, start, count, size, network);
            if (network == "audio") model.Engine.Run([], 1, flat, count, [], output.AsSpan(0, count * dim), []);
            else model.Engine.Run(flat, model.Shapes.Frames, [], count, output.AsSpan(0, count * dim), [], []);
        }
    }

    /// <summary>
    /// The fitted pipeline (session created once) over <paramref name="data"/> packed <paramref name="batch"/> items per
    /// row; the returned action scores every row.
    /// </summary>
    private static Action ApplyOnnxModel(MLContext context, OnnxAudioVisualModel served, string network, List<float[]> data, int batch, int threads)
    {
        var (view, transformer, outputName) = Fitted(context, served, network, data, batch, threads);
        return () =>
        {
            foreach (var _ in transformer.Transform(view).GetColumn<float[]>(outputName)) { }
        };
    }

    /// <summary>The largest difference between the embeddings of 64-item rows and of one-item rows.</summary>
    private static double PackedRowsDifference(MLContext context, OnnxAudioVisualModel served, string network, List<float[]> data)
    {
        float[] Embeddings(int batch)
        {
            var (view, transformer, outputName) = Fitted(context, served, network, data, batch, threads: 1);
            return transformer.Transform(view).GetColumn<float[]>(outputName).SelectMany(e => e).ToArray();
        }
        var single = Embeddings(1);
        var packed = Embeddings(64);
        if (single.Length != packed.Length) throw new InvalidOperationException($"{network}: {packed.Length} values from 64-item rows, {single.Length} from one-item rows.");
        return single.Zip(packed, (a, b) => Math.Abs((double)a - b)).Max();
    }

    private static (IDataView View, ITransformer Transformer, string OutputName) Fitted(MLContext context, OnnxAudioVisualModel served, string network, List<float[]> data, int batch, int threads)
    {
        if (data.Count % batch != 0) throw new ArgumentException($"--rows must be a multiple of {batch}.");
        var description = served.Manifest.Network(network);
        var input = description.Inputs[0];
        var packed = data.Chunk(batch).Select(items => new Row { Values = items.SelectMany(v => v).ToArray() });
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Values)].ColumnName = input.Name;
        schema[input.Name].ColumnType = new VectorDataViewType(NumberDataViewType.Single, (int[])[batch, .. input.Shape.Skip(1).Select(d => (int)d)]);
        var view = context.Data.LoadFromEnumerable(packed, schema);
        var estimator = batch == 1 ? served.ApplyNetwork(network, threads: threads) : served.ApplyNetworkToPackedRows(network, batch, threads);
        return (view, estimator.Fit(view), description.Outputs[0].Name);
    }

    /// <summary>ONNX Runtime's own session over one network, batches of any size.</summary>
    private sealed class OnnxSession : IDisposable
    {
        private readonly SessionOptions _options;
        private readonly InferenceSession _session;
        private readonly OnnxTensorDescription _input;

        public OnnxSession(OnnxAudioVisualModel served, string network, int threads)
        {
            _input = served.Manifest.Network(network).Inputs[0];
            _options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1 };
            _session = new InferenceSession(served.NetworkFile(network), _options);
        }

        public void Run(List<float[]> data, int batch)
        {
            int size = data[0].Length;
            for (int start = 0; start < data.Count; start += batch)
            {
                int count = Math.Min(batch, data.Count - start);
                var flat = new float[count * size];
                for (int i = 0; i < count; i++) data[start + i].CopyTo(flat, i * size);
                int[] dims = [count, .. _input.Shape.Skip(1).Select(d => (int)d)];
                using var results = _session.Run([NamedOnnxValue.CreateFromTensor(_input.Name, new DenseTensor<float>(flat, dims))]);
            }
        }

        public void Dispose()
        {
            _session.Dispose();
            _options.Dispose();
        }
    }

    private static AvcEmbeddingTransformer SmallModel(MLContext context)
    {
        var generator = new Random(0);
        float[] Noise(int n) => Enumerable.Range(0, n).Select(_ => (float)generator.NextDouble()).ToArray();
        const int items = 256;
        var examples = new AudioVisualExamples([1, 28, 28], Enumerable.Range(0, items).Select(_ => Noise(28 * 28)).ToArray(), Enumerable.Range(0, items).Select(i => i % 10).ToArray(),
            [40, 101], Enumerable.Range(0, items).Select(_ => Noise(40 * 101)).ToArray(), Enumerable.Range(0, items).Select(i => i % 10).ToArray(),
            Enumerable.Range(0, items).Select(i => (i, i)).ToArray());
        return context.AudioVisual().AvcEmbedding(new AvcEmbeddingOptions
        {
            VisualColumnName = AudioVisualExamples.ImageColumnName, GroupColumnName = AudioVisualExamples.GroupColumnName,
            Epochs = 1, BatchSize = 64, ValidationFraction = 0, Threads = 2, Seed = 0, Tower = TowerArchitecture.Small,
        }).Fit(examples.PairsView(context));
    }

    private sealed class Row
    {
        public float[] Values { get; set; } = [];
    }
}
