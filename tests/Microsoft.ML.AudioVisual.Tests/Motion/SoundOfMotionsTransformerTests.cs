using Microsoft.ML.AudioVisual.Datasets;
using Microsoft.ML.AudioVisual.Motion;
using Microsoft.ML.AudioVisual.Separation;
using Microsoft.ML.Data;
using TorchSharp;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.Motion;

/// <summary>The trained Sound of Motions separator as an ML.NET transformer: direct and IDataView inference, save and load, bad input.</summary>
[Collection(TorchCollection.Name)]
public sealed class SoundOfMotionsTransformerTests : IDisposable
{
    private static readonly Lazy<AvMnistFsdd> George = new(() =>
        AvMnistFsdd.Load(SharedData.Path("data", "fsdd"), SharedData.Path("data", "mnist")).WhereSpeaker(s => s == "george"));

    private readonly int _threads = torch.get_num_threads();

    public SoundOfMotionsTransformerTests() => torch.set_num_threads(1);

    public void Dispose() => torch.set_num_threads(_threads);

    private sealed class Row
    {
        public float[] Mixture { get; set; } = [];
        public float[] Video0 { get; set; } = [];
        public float[] Video1 { get; set; } = [];
    }

    private static SoundOfMotionsTransformer Train(bool outputMasks = false) =>
        new MLContext(1).AudioVisual().TrainSoundOfMotions(George.Value, new SoundOfMotionsOptions
        {
            Epochs = 1, DuetsPerEpoch = 4, ValidationDuets = 0, BatchSize = 2, InferenceBatchSize = 3, Seed = 5, Threads = 1,
            Mask = SeparationMask.Ratio, OutputMasks = outputMasks,
        });

    /// <summary>Look-alike duets of George's test takes, the first one 2.5 clips long with videos of fewer frames than it needs.</summary>
    private static Row[] Rows(SoundOfMotionsTransformer model, int count)
    {
        var manifest = LookAlikeDuets.Manifest(George.Value, Split.Test, model.FrontEnd, seed: 2);
        var rows = manifest.Take(count).Select(d =>
        {
            var clip = LookAlikeDuets.Render(George.Value, d, model.FrontEnd, model.Options.Duets);
            return new Row { Mixture = clip.Mixture, Video0 = clip.Videos[0], Video1 = clip.Videos[1] };
        }).ToArray();
        var first = rows[0];
        int clipSamples = model.FrontEnd.ClipSamples;
        first.Mixture = [.. first.Mixture, .. first.Mixture, .. first.Mixture.AsSpan(0, clipSamples / 2)];
        first.Video0 = [.. first.Video0, .. first.Video0];
        return rows;
    }

    [SharedDataFact]
    public void TheDataViewPathEqualsTheDirectCallAndALoadedModelSeparatesAlike()
    {
        var context = new MLContext(seed: 1);
        using var model = Train(outputMasks: true);
        var rows = Rows(model, 4);
        var direct = model.Separate([.. rows.Select(r => r.Mixture)], [.. rows.Select(r => (IReadOnlyList<float[]>)[r.Video0, r.Video1])]);
        Assert.Equal(rows[0].Mixture.Length, direct[0].Sources[1].Length);
        Assert.Equal(3 * model.FrontEnd.SpectrogramFrames, direct[0].MaskFrames);
        Assert.All(direct, r => Assert.All(r.Sources, s => Assert.True(Array.TrueForAll(s, float.IsFinite))));
        Assert.True(direct[1].Sources[0].Any(v => v != 0), "an all-zero separation");

        var input = context.Data.LoadFromEnumerable(rows);
        var output = model.Transform(input);
        var viewSources = EstimatorWorkout.ReadFloats(output, "Separated1");
        EstimatorWorkout.AssertClose([.. direct.Select(r => r.Sources[1])], viewSources, "Separated1", 1e-4f);
        EstimatorWorkout.AssertClose([.. direct.Select(r => r.Masks[0])], EstimatorWorkout.ReadFloats(output, "Separated0Mask"), "Separated0Mask", 1e-4f);
        var engine = EstimatorWorkout.ReadThroughRowMapper(model, input, "Separated1");
        EstimatorWorkout.AssertClose(viewSources, engine["Separated1"], "Separated1 row by row", 1e-4f);

        using var folder = new TempFolder();
        model.Save(folder.File("motion.zip"));
        using var loaded = context.AudioVisual().LoadTransformer<SoundOfMotionsTransformer>(folder.File("motion.zip"));
        Assert.Equal(model.Standardization, loaded.Standardization);
        Assert.Equal(model.FramesPerClip, loaded.FramesPerClip);
        Assert.Equal(model.VideoFramesPerSecond, loaded.VideoFramesPerSecond);
        EstimatorWorkout.AssertClose(viewSources, EstimatorWorkout.ReadFloats(loaded.Transform(input), "Separated1"), "Separated1 after loading", 1e-5f);

        var bytes = File.ReadAllBytes(folder.File("motion.zip"));
        File.WriteAllBytes(folder.File("truncated.zip"), bytes[..(bytes.Length / 2)]);
        var error = Assert.Throws<InvalidDataException>(() => context.AudioVisual().LoadTransformer(folder.File("truncated.zip")));
        Assert.Contains("truncated.zip", error.Message);
    }

    [SharedDataFact]
    public void BadVideosAreRejectedNamingTheSource()
    {
        using var model = Train();
        var rows = Rows(model, 1);
        var wrongSize = Assert.Throws<ArgumentException>(() => model.Separate(rows[0].Mixture, [rows[0].Video0, rows[0].Video1[..^5]]));
        Assert.Contains("source 1", wrongSize.Message);
        var nan = (float[])rows[0].Video0.Clone();
        nan[7] = float.NaN;
        Assert.Contains("NaN", Assert.Throws<ArgumentException>(() => model.Separate(rows[0].Mixture, [nan, rows[0].Video1])).Message);
        Assert.Contains("2 sources", Assert.Throws<ArgumentException>(() => model.Separate(rows[0].Mixture, [rows[0].Video0])).Message);
        Assert.Contains("no samples", Assert.Throws<ArgumentException>(() => model.Separate([], [rows[0].Video0, rows[0].Video1])).Message);

        var context = new MLContext(1);
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Video1)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 3, 1, 5, 5);
        var badView = context.Data.LoadFromEnumerable(new[] { new Row { Mixture = rows[0].Mixture, Video0 = rows[0].Video0, Video1 = new float[75] } }, schema);
        Assert.Contains("Video1", Assert.ThrowsAny<Exception>(() => model.Transform(badView)).Message);
    }
}
