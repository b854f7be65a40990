using Microsoft.ML.AudioVisual.Benchmarks;

// Benchmarks print ratios against a peer measured in the same run:
//   dotnet run -c Release --project benchmarks/Microsoft.ML.AudioVisual.Benchmarks -- train [--arch small|paper] [--threads 2]
//   dotnet run -c Release --project benchmarks/Microsoft.ML.AudioVisual.Benchmarks -- logmel [--seconds 10]
//   dotnet run -c Release --project benchmarks/Microsoft.ML.AudioVisual.Benchmarks -- decode [folder] [--rounds 5] [--profile]
//   dotnet run -c Release --project benchmarks/Microsoft.ML.AudioVisual.Benchmarks -- separation [--threads 2] [--repeats 5] [--small-batch 4]
//   dotnet run -c Release --project benchmarks/Microsoft.ML.AudioVisual.Benchmarks -- inference [--model MODEL.zip] [--rows 1024]
return args.FirstOrDefault() switch
{
    "train" => TrainingThroughputBenchmark.Run(args[1..]),
    "logmel" => LogMelBenchmark.Run(args[1..]),
    "decode" => DecodeBenchmark.Run(args[1..]),
    "separation" => SeparationForwardBenchmark.Run(args[1..]),
    "separation-train" => SeparationTrainingBenchmark.Run(args[1..]),
    "inference" => InferenceBenchmark.Run(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: bench train [--arch small|paper] [--batch B] [--threads T] [--steps N] | bench logmel [--seconds S] [--repeats R] | bench decode [folder] [--rounds R] [--frames T] [--fps F] [--size S] [--audio-seconds A] [--profile] | bench separation [--threads T] [--repeats R] [--small-batch B] [--paper-batch B] | bench separation-train [--mode step|loop|both] [--batch B] [--threads T] [--steps N] | bench inference [--model MODEL.zip] [--rows N] [--rounds R]");
    return 2;
}
