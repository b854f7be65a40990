// Serving frozen self-supervised audio embeddings with ONNX Runtime in an ordinary ML.NET pipeline, with no
// TorchSharp reference: LoadVideoFrames (audio only) -> LogMelSpectrogram -> ApplyOnnxModel -> OneVersusAll(LinearSvm).
//
//   avl train avc --fsdd ../shared/data/fsdd/recordings --mnist ../shared/data/mnist --out avc.zip
//   avl export onnx --model avc.zip --out avc-onnx
//   dotnet run -c Release --project samples/OnnxServing -- avc-onnx [FSDD_RECORDINGS]
//
// Set MLContext.GpuDeviceId to run the network on a GPU (build with -p:OnnxRuntimePackage=Microsoft.ML.OnnxRuntime.Gpu).
using Microsoft.ML;
using OnnxServing;

if (args.Length < 1)
{
    Console.Error.WriteLine("usage: OnnxServing MODEL_DIR [FSDD_RECORDINGS]   (MODEL_DIR from 'avl export onnx')");
    return 2;
}
string modelDirectory = args[0];
string recordings = args.Length > 1 ? args[1] : Path.Combine("..", "shared", "data", "fsdd", "recordings");

var mlContext = new MLContext(seed: 1);
var (train, test) = SpokenDigitServing.FsddSplit(recordings);
Console.WriteLine($"FSDD digits: train {train.Count} recordings, test {test.Count}; embeddings from {modelDirectory} (ONNX Runtime)");
double accuracy = SpokenDigitServing.TrainAndTest(mlContext, modelDirectory, train, test);
Console.WriteLine($"Test accuracy of the SVM on frozen ONNX embeddings: {accuracy:P1}");
return 0;
