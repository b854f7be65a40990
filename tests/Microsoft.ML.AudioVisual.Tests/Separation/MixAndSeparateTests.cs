using Microsoft.ML.AudioVisual.Separation;
using Microsoft.ML.AudioVisual.Towers;
using Microsoft.ML.AudioVisual.Training;
using Microsoft.ML.Data;
using TorchSharp;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.Separation;

/// <summary>MixAndSeparate on toy sizes: each group a tone with its own picture.</summary>
[Collection(TorchCollection.Name)]
public sealed class MixAndSeparateTests
{
    private const int Groups = 4;
    private const int ImageSide = 8;

    private static readonly SeparationFrontEnd ToyFrontEnd = ToySeparators.FrontEnd;

    public MixAndSeparateTests() => torch.set_num_threads(1);

    private static MixAndSeparateOptions Options(int epochs = 2) => new()
    {
        AudioColumnName = "Audio",
        VisualColumnName = "Image",
        GroupColumnName = "Group",
        Epochs = epochs,
        BatchSize = 4,
        MixturesPerEpoch = 8,
        ValidationMixtures = 4,
        ValidationFraction = 0.25,
        Seed = 3,
        Threads = 1,
        InferenceBatchSize = 3,
        FrontEnd = ToyFrontEnd,
        Architecture = new SeparationArchitecture
        {
            Downs = 2,
            Width = 4,
            Channels = 4,
            FrameNet = FrameNetKind.Small,
            FrameTower = new TowerArchitecture { Widths = [4, 8], PoolAfterLastBlock = false },
        },
    };

    private static float[] Tone(int group, int length, int phase) =>
        [.. Enumerable.Range(0, length).Select(i => 0.4f * (float)Math.Sin((2 * Math.PI * (400 + (group * 700)) * (i + phase) / 8000.0)))];

    private static float[] Picture(int group, int variant)
    {
        var image = new float[ImageSide * ImageSide];
        for (int i = 0; i < ImageSide; i++) image[(group * 2 * ImageSide) + i] = 1f - (0.1f * variant);
        return image;
    }

    private static IDataView Rows(MLContext context, int perGroup = 6, int groups = Groups)
    {
        var rows = new List<ToyRow>();
        for (int g = 0; g < groups; g++)
            for (int v = 0; v < perGroup; v++)
                rows.Add(new ToyRow { Audio = Tone(g, 500 + (40 * v), v * 7), Image = Picture(g, v % 3), Group = g });
        var schema = SchemaDefinition.Create(typeof(ToyRow));
        schema[nameof(ToyRow.Image)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 1, ImageSide, ImageSide);
        return context.Data.LoadFromEnumerable(rows, schema);
    }

    private static IDataView InferenceRows(MLContext context)
    {
        var rows = Enumerable.Range(0, 5).Select(i =>
        {
            int a = i % Groups, b = (i + 1) % Groups;
            var mixture = Tone(a, 1500, i).Zip(Tone(b, 1500, 3 * i), (x, y) => (x + y) / 2).ToArray();
            return new InferenceRow { Mixture = mixture, Image0 = Picture(a, 0), Image1 = Picture(b, 1) };
        }).ToList();
        var schema = SchemaDefinition.Create(typeof(InferenceRow));
        schema[nameof(InferenceRow.Mixture)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 1500);
        schema[nameof(InferenceRow.Image0)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 1, ImageSide, ImageSide);
        schema[nameof(InferenceRow.Image1)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 1, ImageSide, ImageSide);
        return context.Data.LoadFromEnumerable(rows, schema);
    }

    [Theory]
    [InlineData(false, UNetUpsampling.BilinearConvolution)]
    [InlineData(true, UNetUpsampling.BilinearConvolution)]   // the sound net conditioned on each source's picture (FiLM)
    [InlineData(true, UNetUpsampling.TransposedConvolution)]   // the CPU preset's sound net
    public void TrainsSavesLoadsAndTheDataViewPathEqualsTheDirectCall(bool conditionSoundNet, UNetUpsampling upsampling)
    {
        var context = new MLContext(seed: 1);
        var options = Options();
        options.Architecture = options.Architecture with { ConditionSoundNet = conditionSoundNet, Upsampling = upsampling };
        options.OutputMasks = true;
        // Ratio masks: an untrained binary mask may threshold to silence, which validation (rightly) skips.
        options.Mask = SeparationMask.Ratio;
        var validation = new List<IReadOnlyDictionary<string, double>?>();
        options.Progress = new SynchronousProgress<TrainingProgress>(p => { if (p.IsEpochEnd) validation.Add(p.Validation); });
        using var model = context.AudioVisual().MixAndSeparate(options).Fit(Rows(context));
        Assert.Equal(2, validation.Count);
        // Validation reports NSDR unless every estimate of an untrained toy network is silent (then it is skipped, not faked).
        Assert.All(validation, v => Assert.True(v is null || double.IsFinite(v[MixAndSeparateTask.NsdrMetric])));

        var input = InferenceRows(context);
        var mixtures = EstimatorWorkout.ReadFloats(input, "Mixture");
        var images0 = EstimatorWorkout.ReadFloats(input, "Image0");
        var images1 = EstimatorWorkout.ReadFloats(input, "Image1");
        var direct = model.Separate(mixtures, [.. images0.Zip(images1, (a, b) => (IReadOnlyList<float[]>)[a, b])]);
        Assert.All(direct, r => Assert.Equal(1500, r.Sources[0].Length));
        Assert.All(direct, r => Assert.Equal(2 * ToyFrontEnd.SpectrogramFrames, r.MaskFrames));

        var output = model.Transform(input);
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Single, 1500), output.Schema["Separated1"].Type);
        var viewSources = EstimatorWorkout.ReadFloats(output, "Separated1");
        var viewMasks = EstimatorWorkout.ReadFloats(output, "Separated0Mask");
        // Batches of other compositions may round differently in libtorch; the values agree to float precision.
        EstimatorWorkout.AssertClose([.. direct.Select(r => r.Sources[1])], viewSources, "Separated1", 1e-4f);
        EstimatorWorkout.AssertClose([.. direct.Select(r => r.Masks[0])], viewMasks, "Separated0Mask", 1e-4f);

        using var folder = new TempFolder();
        model.Save(folder.File("separator.zip"));
        using var loaded = context.AudioVisual().LoadTransformer<MixAndSeparateTransformer>(folder.File("separator.zip"));
        Assert.Equal(model.VisualShape, loaded.VisualShape);
        Assert.Equal(model.Standardization, loaded.Standardization);
        Assert.Equal((conditionSoundNet, upsampling), (loaded.Options.Architecture.ConditionSoundNet, loaded.Options.Architecture.Upsampling));
        var again = EstimatorWorkout.ReadFloats(loaded.Transform(input), "Separated1");
        EstimatorWorkout.AssertClose(viewSources, again, "Separated1 after loading", 1e-5f);
    }

    [Theory]
    [InlineData(SeparationMask.Binary)]
    [InlineData(SeparationMask.Wiener)]   // soft targets, applied as binary masks are
    public void NormalizedSoftMasksMakeTheSourcesAddUpToTheMixtureAndTheSettingIsSaved(SeparationMask mask)
    {
        var context = new MLContext(seed: 1);
        var options = Options(epochs: 1);
        options.Mask = mask;
        using var model = context.AudioVisual().MixAndSeparate(options).Fit(Rows(context));
        Assert.True(model.NormalizeSoftMasks);
        var input = InferenceRows(context);
        var mixtures = EstimatorWorkout.ReadFloats(input, "Mixture");
        var visuals = EstimatorWorkout.ReadFloats(input, "Image0").Zip(EstimatorWorkout.ReadFloats(input, "Image1"), (a, b) => (IReadOnlyList<float[]>)[a, b]).ToArray();
        double Gap(IReadOnlyList<SeparationResult> results) =>
            results.Select((r, m) => mixtures[m].Select((x, i) => (double)Math.Abs(x - r.Sources[0][i] - r.Sources[1][i])).Max()).Max();

        var normalized = model.Separate(mixtures, visuals);
        model.NormalizeSoftMasks = false;
        var predicted = model.Separate(mixtures, visuals);

        Assert.True(Gap(normalized) < 1e-4, $"Normalised masks: the sources miss the mixture by {Gap(normalized)}.");
        Assert.True(Gap(predicted) > 1e-3, "Independent sigmoids should not add up to one by themselves.");
        Assert.Equal(predicted[0].Masks[0], normalized[0].Masks[0]);
        Assert.All(predicted.SelectMany(r => r.Masks).SelectMany(m => m), v => Assert.InRange(v, 0f, 1f));
        using var folder = new TempFolder();
        model.Save(folder.File("separator.zip"));
        using var loaded = context.AudioVisual().LoadTransformer<MixAndSeparateTransformer>(folder.File("separator.zip"));
        Assert.False(loaded.NormalizeSoftMasks);
        Assert.Equal(mask, loaded.Options.Mask);
    }

    [Fact]
    public void TimeShiftsAverageThePassesOfTheDelayedMixturesAndTheSettingIsSaved()
    {
        var context = new MLContext(seed: 1);
        using var model = context.AudioVisual().MixAndSeparate(Options(epochs: 1)).Fit(Rows(context));
        Assert.Equal(MixAndSeparateOptions.DefaultTimeShifts, model.TimeShifts);
        var input = InferenceRows(context);
        var mixtures = EstimatorWorkout.ReadFloats(input, "Mixture");
        var visuals = EstimatorWorkout.ReadFloats(input, "Image0").Zip(EstimatorWorkout.ReadFloats(input, "Image1"), (a, b) => (IReadOnlyList<float[]>)[a, b]).ToArray();
        int delay = ToyFrontEnd.HopLength / 2;

        model.TimeShifts = 1;
        var once = model.Separate(mixtures, visuals);
        var late = model.Separate([.. mixtures.Select(m => (float[])[.. m[^delay..], .. m[..^delay]])], visuals);
        model.TimeShifts = 2;
        var averaged = model.Separate(mixtures, visuals);

        for (int m = 0; m < mixtures.Count; m++)
        {
            int length = mixtures[m].Length;
            for (int n = 0; n < 2; n++)
            {
                var expected = Enumerable.Range(0, length).Select(t => (once[m].Sources[n][t] + late[m].Sources[n][(t + delay) % length]) / 2);
                Assert.All(expected.Zip(averaged[m].Sources[n]), p => Assert.Equal(p.First, p.Second, 1e-5f));
                Assert.Equal(once[m].Masks[n], averaged[m].Masks[n]);
            }
            // Each pass's normalised masks add up to its mixture, so the average still adds up to the mixture.
            Assert.All(mixtures[m].Select((x, t) => x - averaged[m].Sources[0][t] - averaged[m].Sources[1][t]), gap => Assert.InRange(gap, -1e-4f, 1e-4f));
        }
        float changed = once.Zip(averaged, (a, b) => a.Sources.Zip(b.Sources, (x, y) => x.Zip(y, (u, v) => Math.Abs(u - v)).Max()).Max()).Max();
        Assert.True(changed > 1e-6f, $"Two passes changed the single pass's waveforms by at most {changed}.");
        Assert.Throws<ArgumentOutOfRangeException>(() => model.TimeShifts = 0);

        using var folder = new TempFolder();
        model.Save(folder.File("separator.zip"));
        using (var loaded = context.AudioVisual().LoadTransformer<MixAndSeparateTransformer>(folder.File("separator.zip")))
            Assert.Equal(2, loaded.TimeShifts);
        var invalid = Options();
        invalid.TimeShifts = 0;
        Assert.Contains(nameof(MixAndSeparateOptions.TimeShifts), Assert.ThrowsAny<ArgumentException>(() => context.AudioVisual().MixAndSeparate(invalid)).Message);
    }

    [Fact]
    public void TrainingPicksTheMaskExponentOnHeldOutMixturesUnlessOneIsGivenAndItIsSavedAndChangeable()
    {
        var context = new MLContext(seed: 1);
        using var model = context.AudioVisual().MixAndSeparate(Options(epochs: 1)).Fit(Rows(context));
        Assert.NotNull(model.Options.MaskExponent);
        Assert.Contains(model.MaskExponent, MixAndSeparateOptions.MaskExponentCandidates);

        var input = InferenceRows(context);
        var mixtures = EstimatorWorkout.ReadFloats(input, "Mixture");
        var visuals = EstimatorWorkout.ReadFloats(input, "Image0").Zip(EstimatorWorkout.ReadFloats(input, "Image1"), (a, b) => (IReadOnlyList<float[]>)[a, b]).ToArray();
        model.MaskExponent = 1;
        var plain = model.Separate(mixtures, visuals);
        model.MaskExponent = 4;
        var sharp = model.Separate(mixtures, visuals);
        // Sharper masks move energy between the sources, and the sources still add up to the mixture.
        double moved = plain[0].Sources[0].Zip(sharp[0].Sources[0], (a, b) => (double)Math.Abs(a - b)).Max();
        Assert.True(moved > 1e-3, $"An exponent of 4 changed the first source by at most {moved}.");
        double gap = sharp.Select((r, m) => mixtures[m].Select((x, i) => (double)Math.Abs(x - r.Sources[0][i] - r.Sources[1][i])).Max()).Max();
        Assert.True(gap < 1e-4, $"Sharpened masks: the sources miss the mixture by {gap}.");
        Assert.Equal(plain[0].Masks[0], sharp[0].Masks[0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.MaskExponent = 0);

        using var folder = new TempFolder();
        model.Save(folder.File("separator.zip"));
        using (var loaded = context.AudioVisual().LoadTransformer<MixAndSeparateTransformer>(folder.File("separator.zip")))
            Assert.Equal(4, loaded.MaskExponent);

        // A given exponent is kept; without validation mixtures nothing is picked and the masks are only normalised.
        var given = Options(epochs: 1);
        given.MaskExponent = 1.5;
        using (var kept = context.AudioVisual().MixAndSeparate(given).Fit(Rows(context)))
            Assert.Equal(1.5, kept.MaskExponent);
        var unvalidated = Options(epochs: 1);
        unvalidated.ValidationMixtures = 0;
        using (var unpicked = context.AudioVisual().MixAndSeparate(unvalidated).Fit(Rows(context)))
        {
            Assert.Null(unpicked.Options.MaskExponent);
            Assert.Equal(1, unpicked.MaskExponent);
        }
        var invalid = Options();
        invalid.MaskExponent = -2;
        Assert.Contains(nameof(MixAndSeparateOptions.MaskExponent), Assert.ThrowsAny<ArgumentException>(() => context.AudioVisual().MixAndSeparate(invalid)).Message);
    }

    [Fact]
    public void TrainingMixturesChangeLoudnessWithinTheGainsAndValidationMixturesDoNot()
    {
        var context = new MLContext(seed: 1);
        var options = Options();
        options.SourceGain = 6;
        options.MixtureGain = 12;
        var data = SeparationExampleSet.Read(Rows(context), options);
        var mixer = new SeparationMixer(data, [.. Enumerable.Range(0, data.Count)], options);
        Assert.Null(mixer.Draw(new Random(5)).Gains);

        var draws = Enumerable.Range(0, 200).Select(i => mixer.Draw(new Random(i), augment: true)).ToArray();
        static double Decibels(float gain) => 20 * Math.Log10(gain);
        Assert.All(draws, d => Assert.All(d.Gains!, g => Assert.InRange(Decibels(g), -18.0001, 18.0001)));
        Assert.All(draws, d => Assert.InRange(Decibels(d.Gains![0]) - Decibels(d.Gains[1]), -12.0001, 12.0001));
        var all = draws.SelectMany(d => d.Gains!).Select(Decibels).ToArray();
        Assert.True(all.Min() < -12 && all.Max() > 12, $"gains drawn from {all.Min():0.0} to {all.Max():0.0} dB");

        // The gains scale each rendered source; the mixture stays their sum.
        var draw = draws[0];
        var plain = mixer.Prepare(draw with { Gains = null });
        var scaled = mixer.Prepare(draw);
        for (int n = 0; n < 2; n++)
            for (int i = 0; i < plain.Mixture.Length; i += 37)
                Assert.Equal(draw.Gains![n] * plain.Sources[n][i], scaled.Sources[n][i], 5);
        for (int i = 0; i < scaled.Mixture.Length; i++) Assert.Equal(scaled.Sources[0][i] + scaled.Sources[1][i], scaled.Mixture[i], 5);

        // Without gains, augmented draws are the plain draws: the same random sequence, so earlier runs repeat exactly.
        var off = Options();
        off.MixtureGain = 0;
        var quiet = new SeparationMixer(data, [.. Enumerable.Range(0, data.Count)], off);
        var (a, b) = (quiet.Draw(new Random(9), augment: true), quiet.Draw(new Random(9)));
        Assert.Null(a.Gains);
        Assert.Equal(b.AudioRows, a.AudioRows);
        Assert.Equal(b.Offsets, a.Offsets);
    }

    [Fact]
    public void LiveTensorCountStaysFlatAcrossEpochsAndInference()
    {
        var context = new MLContext(seed: 1);
        var live = new List<long>();
        var options = Options(epochs: 4);
        options.Progress = new SynchronousProgress<TrainingProgress>(p => { if (p.IsEpochEnd) live.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount); });
        DisposeScopeManager.Statistics.Reset();
        using var model = context.AudioVisual().MixAndSeparate(options).Fit(Rows(context));
        Assert.Equal(4, live.Count);
        Assert.True(live[1] == live[3], $"live tensors after epochs 2 and 4: {live[1]} vs {live[3]}");
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        EstimatorWorkout.ReadFloats(model.Transform(InferenceRows(context)), "Separated0");
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void BadInputFailsWithClearErrors()
    {
        var context = new MLContext(seed: 1);
        var tooMany = Options();
        tooMany.Sources = 5;
        Assert.Contains("Sources", Assert.Throws<ArgumentOutOfRangeException>(() => context.AudioVisual().MixAndSeparate(tooMany)).Message);
        var negativeGain = Options();
        negativeGain.MixtureGain = -3;
        Assert.Contains("MixtureGain", Assert.Throws<ArgumentOutOfRangeException>(() => context.AudioVisual().MixAndSeparate(negativeGain)).Message);

        var missing = Options();
        missing.AudioColumnName = "Nope";
        Assert.Contains("Nope", Assert.Throws<ArgumentOutOfRangeException>(() => context.AudioVisual().MixAndSeparate(missing).Fit(Rows(context))).Message);

        Assert.Contains("groups", Assert.Throws<InvalidOperationException>(() => context.AudioVisual().MixAndSeparate(Options()).Fit(Rows(context, groups: 1))).Message);

        using var model = context.AudioVisual().MixAndSeparate(Options(epochs: 1)).Fit(Rows(context));
        Assert.Contains("2 sources", Assert.Throws<ArgumentException>(() => model.Separate(new float[800], [Picture(0, 0)])).Message);
        Assert.Contains("NaN", Assert.Throws<ArgumentException>(() => model.Separate([float.NaN, 0f], [Picture(0, 0), Picture(1, 0)])).Message);
        Assert.Contains("Mixture", Assert.Throws<ArgumentOutOfRangeException>(() => model.Transform(Rows(context))).Message, StringComparison.Ordinal);
    }

    private sealed class ToyRow
    {
        public float[] Audio { get; set; } = [];

        public float[] Image { get; set; } = [];

        public int Group { get; set; }
    }

    private sealed class InferenceRow
    {
        public float[] Mixture { get; set; } = [];

        public float[] Image0 { get; set; } = [];

        public float[] Image1 { get; set; } = [];
    }
}
