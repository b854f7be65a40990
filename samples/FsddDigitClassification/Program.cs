// Downstream use of self-supervised audio embeddings: FSDD spoken-digit classification with an ordinary
// ML.NET pipeline, OneVersusAll(LinearSvm) on z-scored features, next to two baselines on the same split:
// the raw log-mel spectrogram, and the same network with random weights.
//
//   dotnet run -c Release --project samples/FsddDigitClassification -- [DATA_DIR] [MINUTES]
//
// DATA_DIR holds fsdd/recordings and mnist (default ../shared/data). The AVE-Net is trained on AV-MNIST-FSDD
// pairs (spoken digit + handwritten digit) without digit labels; labels are used only by the downstream SVM.
using Microsoft.ML;
using Microsoft.ML.AudioVisual;
using Microsoft.ML.AudioVisual.Correspondence;
using Microsoft.ML.AudioVisual.Datasets;
using Microsoft.ML.Data;

string dataDir = args.Length > 0 ? args[0] : Path.Combine("..", "shared", "data");
double minutes = args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 4;

var mlContext = new MLContext(seed: 1);
var source = AvMnistFsdd.Load(Path.Combine(dataDir, "fsdd", "recordings"), Path.Combine(dataDir, "mnist"));
var train = AudioVisualExamples.FromAvMnistFsdd(source, Split.Train, pairCount: 12800, seed: 1);
var test = AudioVisualExamples.FromAvMnistFsdd(source, Split.Test, pairCount: 0, seed: 1);

Console.WriteLine($"Self-supervised AVE-Net training on {train.Pairs.Count} AV-MNIST-FSDD pairs ({minutes} min)...");
using var avc = mlContext.AudioVisual()
    .AvcEmbedding(new AvcEmbeddingOptions { VisualColumnName = AudioVisualExamples.ImageColumnName, GroupColumnName = AudioVisualExamples.GroupColumnName, Epochs = 100, Seed = 1, MaxTrainingTime = TimeSpan.FromMinutes(minutes) })
    .Fit(train.PairsView(mlContext));
using var randomNetwork = avc.WithRandomWeights(seed: 1);

double Downstream(ITransformer? featurizer, string featureColumn)
{
    // Frozen features -> z-score -> OneVersusAll(LinearSvm); label column named on both trainers.
    var trainView = featurizer?.Transform(train.AudioView(mlContext)) ?? train.AudioView(mlContext);
    var testView = featurizer?.Transform(test.AudioView(mlContext)) ?? test.AudioView(mlContext);
    // Cache the frozen features: the SVM passes over the data many times, and each pass would rerun the network.
    var pipeline = mlContext.Transforms.CopyColumns("Features", featureColumn)
        .AppendCacheCheckpoint(mlContext)
        .Append(mlContext.Transforms.NormalizeMeanVariance("Features"))
        .Append(mlContext.Transforms.Conversion.MapValueToKey("LabelKey", "Label"))
        .Append(mlContext.MulticlassClassification.Trainers.OneVersusAll(
            mlContext.BinaryClassification.Trainers.LinearSvm(labelColumnName: "LabelKey", numberOfIterations: 20), labelColumnName: "LabelKey"));
    var model = pipeline.Fit(trainView);
    var metrics = mlContext.MulticlassClassification.Evaluate(model.Transform(testView), labelColumnName: "LabelKey");
    return metrics.MicroAccuracy;
}

Console.WriteLine($"FSDD digits, official split (train {train.Spectrograms.Count} recordings, test {test.Spectrograms.Count}):");
Console.WriteLine($"  AVE-Net audio embeddings : {Downstream(avc, "AudioEmbedding"):P1}");
Console.WriteLine($"  raw log-mel (baseline)   : {Downstream(null, "Spectrogram"):P1}");
Console.WriteLine($"  random network (baseline): {Downstream(randomNetwork, "AudioEmbedding"):P1}");
