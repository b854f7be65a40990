using Microsoft.ML.AudioVisual.Media;
using Microsoft.ML.AudioVisual.Separation;
using Microsoft.ML.Data;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.Separation;

/// <summary>Separator training rows from the user's videos and from the instrument pictures and recordings, with the time split.</summary>
public sealed class SeparationRowsTests
{
    private static readonly SeparationFrontEnd FrontEnd = SeparationFrontEnd.Small;

    [SharedDataFact]
    public void VideosGiveClipsOfTheFrontEndLengthGroupedByVideo()
    {
        using var folder = new TempFolder();
        string[] names = ["bbaf2n.mpg", "lwbsza.mpg"];
        foreach (var name in names) File.Copy(SharedData.Path("data", "video", "grid", name), folder.File(name));
        var context = new MLContext(seed: 1);
        var rows = SeparationVideoRows.Load(context, folder.Path, FrontEnd, framesPerClip: 2);

        Assert.Equal(names, rows.Videos);
        var schema = rows.Rows.Schema;
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Single, 2, 3, FrontEnd.ImageSize, FrontEnd.ImageSize), schema[SeparationRows.ImageColumnName].Type);
        var audio = EstimatorWorkout.ReadFloats(rows.Rows, SeparationRows.AudioColumnName);
        var groups = rows.Rows.GetColumn<string>(SeparationRows.GroupColumnName).ToArray();
        Assert.Equal(rows.Clips, audio.Count);
        Assert.All(audio, a => Assert.Equal(FrontEnd.ClipSamples, a.Length));
        Assert.All(audio, a => Assert.False(SeparationRows.IsSilent(a)));
        // 3 s videos in clips of 0.51 s: at most 5 clips each, the silent ones left out and counted.
        Assert.Equal(names, groups.Distinct());
        Assert.All(names, n => Assert.InRange(groups.Count(g => g == n), 1, 5));
        Assert.Equal(10, rows.Clips + rows.SilentClips);

        // Each clip of a video is a clip-aligned piece of its soundtrack.
        var soundtrack = MediaDecoder.DecodeAudio(folder.File(names[0]), FrontEnd.SampleRate).Samples;
        int clip = FrontEnd.ClipSamples;
        foreach (var row in audio.Where((_, r) => groups[r] == names[0]))
            Assert.Contains(Enumerable.Range(0, soundtrack.Length / clip), c => soundtrack.AsSpan(c * clip, clip).SequenceEqual(row));

        var error = Assert.Throws<InvalidDataException>(() => SeparationVideoRows.Load(context, SharedData.Path("data", "video", "mdn"), FrontEnd with { ClipSamples = 4095 * 40 }));
        Assert.Contains("at least two", error.Message);
    }

    [SharedDataFact]
    public void InstrumentRowsNeverReachTheHeldOutSeconds()
    {
        using var folder = new TempFolder();
        string[] names = ["drum_kit", "trumpet"];
        foreach (var name in names)
            foreach (var extension in new[] { ".png", ".ogg" })
                File.Copy(SharedData.Path("data", "gcompris", "instruments", name + extension), folder.File(name + extension));
        var set = InstrumentSeparationSet.Load(folder.Path, FrontEnd, heldOutSeconds: 1.0);
        Assert.Equal(names, set.Instruments);
        Assert.Equal(2, set.HeldOutClips); // 1 s = 8,000 samples: two clips of 4,095

        var context = new MLContext(seed: 1);
        var view = set.TrainingRows(context);
        var audio = EstimatorWorkout.ReadFloats(view, SeparationRows.AudioColumnName);
        var groups = view.GetColumn<string>(SeparationRows.GroupColumnName).ToArray();
        int clip = FrontEnd.ClipSamples, heldOut = set.HeldOutClips * clip;
        var demo = set.HeldOutMixture(0, 1);
        for (int i = 0; i < names.Length; i++)
        {
            var recording = MediaDecoder.DecodeAudio(folder.File(names[i] + ".ogg"), FrontEnd.SampleRate).Samples;
            int trainingEnd = recording.Length - heldOut;
            var rows = audio.Where((_, r) => groups[r] == names[i]).ToArray();
            Assert.NotEmpty(rows);
            // Every row is a clip of the recording starting on the quarter-clip grid and ending before the held-out part.
            foreach (var row in rows)
            {
                int start = Enumerable.Range(0, ((trainingEnd - clip) / (clip / 4)) + 1).Select(k => k * (clip / 4))
                    .FirstOrDefault(s => recording.AsSpan(s, clip).SequenceEqual(row), -1);
                Assert.True(start >= 0 && start + clip <= trainingEnd, $"a {names[i]} row is not a training clip");
            }
            // The held-out reference is the recording's end, scaled by 1/2 as mixed.
            Assert.Equal(recording.AsSpan(trainingEnd).ToArray().Select(v => v / 2), demo.References[i]);
        }
        Assert.Equal(demo.References[0].Zip(demo.References[1], (a, b) => a + b), demo.Mixture);
        Assert.Equal(2, demo.Manifest.Count);
        Assert.Throws<ArgumentException>(() => set.HeldOutMixture(1, 1));
        Assert.Contains("drum_kit.ogg", Assert.Throws<InvalidDataException>(() => InstrumentSeparationSet.Load(folder.Path, FrontEnd, heldOutSeconds: 3.5)).Message);
    }
}
