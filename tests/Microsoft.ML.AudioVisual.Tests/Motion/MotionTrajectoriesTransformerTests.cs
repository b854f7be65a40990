using Microsoft.ML.AudioVisual.Media;
using Microsoft.ML.AudioVisual.Motion;
using Microsoft.ML.Data;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.Motion;

public sealed class MotionTrajectoriesTransformerTests
{
    private const int FrameCount = 4, Size = 32;

    private sealed class Clip
    {
        [VectorType(FrameCount, 3, Size, Size)]
        public float[] Frames { get; set; } = [];
    }

    private sealed class OneFrame
    {
        [VectorType(1, 3, Size, Size)]
        public float[] Frames { get; set; } = [];
    }

    private sealed class Unshaped
    {
        public float[] Frames { get; set; } = [];
    }

    private sealed class TextRow
    {
        public string Frames { get; set; } = "";
    }

    private static Clip Moving(double vx, double vy) => new() { Frames = MotionClips.Translating(FrameCount, 3, Size, Size, vx, vy) };

    [Fact]
    public void PassesTheEstimatorWorkoutAndMatchesTheLibraryCalls()
    {
        var context = new MLContext(seed: 1);
        var rows = new[] { Moving(1, 0.5), Moving(-2, 1) };
        var data = context.Data.LoadFromEnumerable(rows);
        var wrong = context.Data.LoadFromEnumerable([new TextRow { Frames = "x" }]);
        var estimator = context.AudioVisual().MotionTrajectories(gridStride: 8);

        var transformer = EstimatorWorkout.Run(context, estimator, data, wrong, "Frames", "Trajectories");

        var output = transformer.Transform(data);
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Single, FrameCount - 1, 2, 4, 4), output.Schema["Trajectories"].Type);
        var values = EstimatorWorkout.ReadFloats(output, "Trajectories");
        var flow = OpticalFlow.Farneback(rows[1].Frames, FrameCount, 3, Size, Size);
        Assert.Equal(DenseTrajectories.Track(flow, FrameCount - 1, Size, Size, 8).Displacements, values[1]);
        Assert.Equal(8, transformer.Options.GridStride);
    }

    private sealed class PathRow
    {
        public string Path { get; set; } = "";
    }

    [SharedDataFact]
    public void DecodedVideoFlowsIntoTrajectoriesInOnePipeline()
    {
        var context = new MLContext(seed: 1);
        var data = context.Data.LoadFromEnumerable([new PathRow { Path = SharedData.Path("data", "video", "grid", "bbaf2n.mpg") }]);
        var pipeline = context.AudioVisual().LoadVideoFrames(new VideoFrameLoaderOptions
            {
                FrameCount = 6, FramesPerSecond = 12.5, ClipStart = 0.8, Width = 90, Height = 72, AudioColumnName = null, FrameTimesColumnName = null,
            })
            .Append(context.AudioVisual().MotionTrajectories(gridStride: 6));
        var model = pipeline.Fit(data);
        var output = model.Transform(data);
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Single, 5, 2, 12, 15), output.Schema["Trajectories"].Type);
        var values = EstimatorWorkout.ReadFloats(output, "Trajectories")[0];
        Assert.Contains(values, v => MathF.Abs(v) > 0.3f);

        using var folder = new TempFolder();
        context.AudioVisual().SaveModel(model, data.Schema, folder.File("pipeline.zip"));
        var loaded = context.AudioVisual().LoadModel(folder.File("pipeline.zip"), out _);
        Assert.Equal(values, EstimatorWorkout.ReadFloats(loaded.Transform(data), "Trajectories")[0]);
    }

    [Fact]
    public void FlowOptionsSurviveSaveAndLoad()
    {
        var context = new MLContext(seed: 1);
        var options = new MotionTrajectoriesOptions
        {
            OutputColumnName = "Motion", GridStride = 4,
            Flow = new FarnebackOptions { Levels = 2, WindowSize = 9, Iterations = 5, PolyN = 7, PolySigma = 1.5, GaussianWindow = true },
        };
        var data = context.Data.LoadFromEnumerable([Moving(1, 1)]);
        var transformer = context.AudioVisual().MotionTrajectories(options).Fit(data);
        using var folder = new TempFolder();
        transformer.Save(folder.File("motion.zip"));
        var loaded = context.AudioVisual().LoadTransformer<MotionTrajectoriesTransformer>(folder.File("motion.zip"));
        Assert.Equal(options.Flow, loaded.Options.Flow);
        Assert.Equal((4, "Motion", "Frames"), (loaded.Options.GridStride, loaded.Options.OutputColumnName, loaded.Options.InputColumnName));
        var expected = EstimatorWorkout.ReadFloats(transformer.Transform(data), "Motion");
        Assert.Equal(expected, EstimatorWorkout.ReadFloats(loaded.Transform(data), "Motion"));
        Assert.Equal((FrameCount - 1) * 2 * 8 * 8, expected[0].Length);
    }

    [Fact]
    public void SchemaErrorsNameTheColumnAndTheExpectedType()
    {
        var context = new MLContext(seed: 1);
        var one = context.Data.LoadFromEnumerable([new OneFrame { Frames = new float[3 * Size * Size] }]);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => context.AudioVisual().MotionTrajectories().Fit(one));
        Assert.Contains("Schema mismatch for input column 'Frames'", error.Message);
        Assert.Contains("T >= 2", error.Message);

        var unshaped = context.Data.LoadFromEnumerable([new Unshaped { Frames = new float[10] }]);
        Assert.Contains("'Frames'", Assert.Throws<ArgumentOutOfRangeException>(() => context.AudioVisual().MotionTrajectories().Fit(unshaped)).Message);

        var data = context.Data.LoadFromEnumerable([Moving(1, 0)]);
        Assert.Contains("Could not find input column 'Video'",
            Assert.Throws<ArgumentOutOfRangeException>(() => context.AudioVisual().MotionTrajectories(inputColumnName: "Video").Fit(data)).Message);
        Assert.Contains("GridStride", Assert.Throws<ArgumentOutOfRangeException>(() => context.AudioVisual().MotionTrajectories(gridStride: 40).Fit(data)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => context.AudioVisual().MotionTrajectories(gridStride: 0));
    }

    [Fact]
    public void NonFiniteFramesFailNamingTheColumnAndRow()
    {
        var context = new MLContext(seed: 1);
        var bad = Moving(1, 0);
        bad.Frames[Size * Size * 3 * 2 + 5] = float.NaN;
        var data = context.Data.LoadFromEnumerable([Moving(1, 0), bad]);
        var output = context.AudioVisual().MotionTrajectories().Fit(data).Transform(data);
        var error = Assert.Throws<InvalidDataException>(() => EstimatorWorkout.ReadFloats(output, "Trajectories"));
        Assert.Contains("Column 'Frames' at row 1", error.Message);
        Assert.Contains("frame 2", error.Message);
    }
}
