using Microsoft.ML.AudioVisual.Datasets;
using Microsoft.ML.AudioVisual.Downstream;
using Microsoft.ML.Data;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.Downstream;

public sealed class DownstreamDatasetTests
{
    [Fact]
    public void Esc50ListsItemsAndReportsMissingFilesByName()
    {
        using var folder = new TempFolder();
        DownstreamLayouts.Esc50(folder.Path, classes: 3, perClass: 4, missing: 2);
        var dataset = Esc50.Load(folder.Path);

        Assert.Equal(MediaModality.Audio, dataset.Modality);
        Assert.Equal(["class0", "class1", "class2"], dataset.Classes); // target order
        Assert.Equal(10, dataset.Items.Count);
        Assert.Equal(2, dataset.Skipped.Count);
        Assert.All(dataset.Skipped, s => Assert.Equal(SkipCause.Missing, s.Cause));
        Assert.Equal(["4-1000-A-0.wav", "4-1000-B-0.wav"], dataset.Skipped.Select(s => Path.GetFileName(s.Path)));
        Assert.Contains("esc50.csv line 2", dataset.Skipped[0].Reason);
        Assert.Equal("10 audio items, 3 classes, 2 skipped (2 missing)", dataset.ToString()["esc50: ".Length..]);
        Assert.All(dataset.Items, i => Assert.Equal(4, i.Fold));
        Assert.Equal("1001", dataset.Items[0].Attributes["src_file"]);
        Assert.Equal(dataset.Items.Select(i => i.Label), dataset.Labels.Select(l => dataset.Classes[l]));

        var esc10 = Esc50.Load(folder.Path, esc10Only: true);
        Assert.Equal(["class0", "class2"], esc10.Classes);
        Assert.Equal("esc10", esc10.Name);
        Assert.Equal(6, esc10.Items.Count); // class 0 lost 2 to missing files
    }

    [Fact]
    public void Esc50WithoutRequiredColumnNamesTheFile()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(folder.File("meta"));
        File.WriteAllLines(folder.File("meta/esc50.csv"), ["filename,fold,category", "a.wav,1,dog"]);
        var error = Assert.Throws<InvalidDataException>(() => Esc50.Load(folder.Path));
        Assert.Contains("esc50.csv", error.Message);
        Assert.Contains("'target'", error.Message);
        Assert.Throws<FileNotFoundException>(() => Esc50.Load(folder.File("meta")));
    }

    [Fact]
    public void DcaseTableWithHeaderIdentifiersAndSplitFile()
    {
        using var folder = new TempFolder();
        var lines = new List<string> { "filename\tscene_label\tidentifier" };
        for (int i = 0; i < 6; i++)
        {
            string scene = i % 2 == 0 ? "park" : "metro";
            DownstreamLayouts.Tone(folder.File($"audio/{scene}-{i}.wav"), i % 2, i);
            lines.Add($"audio/{scene}-{i}.wav\t{scene}\tcity-{i / 2}");
        }
        lines.Add("audio/missing.wav\tpark\tcity-9");
        File.WriteAllLines(folder.File("meta.csv"), lines);

        var dataset = DcaseScenes.Load(folder.Path);
        Assert.Equal(["metro", "park"], dataset.Classes);
        Assert.Equal(6, dataset.Items.Count);
        Assert.Equal("missing.wav", Path.GetFileName(Assert.Single(dataset.Skipped).Path));
        Assert.Equal("city-1", dataset.Items[2].Attributes["identifier"]);
        Assert.False(dataset.HasDeclaredFolds);

        // A split file: 4 named, the other 2 are excluded (and said so), not dropped silently.
        File.WriteAllLines(folder.File("split.csv"), ["file,split", "audio/park-0.wav,train", "audio/metro-1.wav,train", "audio/park-2.wav,test", "audio/metro-3.wav,evaluate"]);
        var split = DcaseScenes.Load(folder.Path, splitFile: folder.File("split.csv"));
        Assert.Equal(4, split.Items.Count);
        Assert.Equal([Split.Train, Split.Train, Split.Test, Split.Test], split.Items.Select(i => i.Split!.Value));
        Assert.Equal(2, split.Skipped.Count(s => s.Cause == SkipCause.Excluded));
        Assert.Equal(3, split.Skipped.Count);

        File.WriteAllLines(folder.File("bad-split.csv"), ["audio/park-0.wav,holdout"]);
        Assert.Contains("holdout", Assert.Throws<InvalidDataException>(() => DcaseScenes.Load(folder.Path, splitFile: folder.File("bad-split.csv"))).Message);
    }

    [Fact]
    public void DcaseHeaderlessTableWithFoldsAndFolderFallback()
    {
        using var folder = new TempFolder();
        var lines = new List<string>();
        for (int i = 0; i < 4; i++)
        {
            DownstreamLayouts.Tone(folder.File($"a{i}.wav"), i % 2, i);
            lines.Add($"a{i}.wav,{(i % 2 == 0 ? "beach" : "bus")},{(i / 2) + 1}");
        }
        File.WriteAllLines(folder.File("meta.txt"), lines);
        var dataset = DcaseScenes.Load(folder.Path);
        Assert.Equal([1, 1, 2, 2], dataset.Items.Select(i => i.Fold!.Value));
        Assert.Equal(["beach", "bus"], dataset.Classes);

        // No table: one folder per class.
        using var folders = new TempFolder();
        DownstreamLayouts.ClassFolders(folders.Path, classes: 2, perClass: 2);
        var scenes = DcaseScenes.Load(folders.Path);
        Assert.Equal(4, scenes.Items.Count);
        Assert.Equal("dcase", scenes.Name);
    }

    [Fact]
    public void Ucf101ReadsTheOfficialListsAndGroups()
    {
        using var folder = new TempFolder();
        File.WriteAllLines(folder.File("classInd.txt"), ["1 ApplyEyeMakeup", "2 Archery"]);
        File.WriteAllLines(folder.File("trainlist01.txt"),
            ["ApplyEyeMakeup/v_ApplyEyeMakeup_g08_c01.avi 1", "Archery/v_Archery_g08_c02.avi 2", "Archery/v_Archery_g09_c01.avi 2"]);
        File.WriteAllLines(folder.File("testlist01.txt"), ["ApplyEyeMakeup/v_ApplyEyeMakeup_g01_c01.avi", "Archery/v_Archery_g01_c03.avi"]);
        foreach (var video in new[] { "ApplyEyeMakeup/v_ApplyEyeMakeup_g08_c01.avi", "Archery/v_Archery_g08_c02.avi", "ApplyEyeMakeup/v_ApplyEyeMakeup_g01_c01.avi", "Archery/v_Archery_g01_c03.avi" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(folder.File("UCF-101/" + video))!);
            File.WriteAllBytes(folder.File("UCF-101/" + video), [1]);
        }

        var dataset = Ucf101.Load(folder.Path);
        Assert.Equal(MediaModality.Video, dataset.Modality);
        Assert.Equal(["ApplyEyeMakeup", "Archery"], dataset.Classes);
        Assert.Equal(4, dataset.Items.Count);
        Assert.Equal([Split.Train, Split.Train, Split.Test, Split.Test], dataset.Items.Select(i => i.Split!.Value));
        Assert.Equal(["g08", "g08", "g01", "g01"], dataset.AttributeValues("group"));
        var missing = Assert.Single(dataset.Skipped);
        Assert.EndsWith("v_Archery_g09_c01.avi", missing.Path);
        Assert.Contains("trainlist01.txt line 3", missing.Reason);

        File.WriteAllLines(folder.File("trainlist01.txt"), ["Archery/v_Archery_g08_c02.avi 1"]);
        Assert.Contains("disagrees", Assert.Throws<InvalidDataException>(() => Ucf101.Load(folder.Path)).Message);
        Assert.Throws<FileNotFoundException>(() => Ucf101.Load(folder.Path, split: 2));
    }

    [Fact]
    public void MediaFolderInfersTheModalityAndReportsStrayFiles()
    {
        using var folder = new TempFolder();
        DownstreamLayouts.ClassFolders(folder.Path, classes: 2, perClass: 3, images: true);
        File.WriteAllText(folder.File("class0/notes.txt"), "not media"); // not a row: ignored
        DownstreamLayouts.Png(folder.File("loose.png"), 0, 1); // media outside any class folder
        DownstreamLayouts.Tone(folder.File("class1/sound.wav"), 1, 2); // another modality

        var error = Assert.Throws<InvalidDataException>(() => MediaFolder.Load(folder.Path));
        Assert.Contains("6 image and 1 audio", error.Message);

        var images = MediaFolder.Load(folder.Path, MediaModality.Image);
        Assert.Equal(6, images.Items.Count);
        Assert.Equal(["class0", "class1"], images.Classes);
        Assert.Equal(2, images.Skipped.Count);
        Assert.Contains(images.Skipped, s => s.Path.EndsWith("loose.png") && s.Reason.Contains("class folder"));
        Assert.Contains(images.Skipped, s => s.Path.EndsWith("sound.wav") && s.Reason.Contains("audio file"));
        Assert.Equal("item0.png", images.Items[0].Attributes["file"]);
    }

    [Fact]
    public void DataViewsCarryClassNamesFoldsAndGroups()
    {
        using var folder = new TempFolder();
        DownstreamLayouts.Esc50(folder.Path, classes: 2, perClass: 4, folds: [1, 2]);
        var dataset = Esc50.Load(folder.Path);
        var view = dataset.ToDataView(new MLContext(seed: 1), groupBy: "src_file");

        var label = view.Schema["Label"];
        Assert.Equal(2UL, Assert.IsType<KeyDataViewType>(label.Type).Count);
        var names = new VBuffer<ReadOnlyMemory<char>>();
        label.GetKeyValues(ref names);
        Assert.Equal(["class0", "class1"], names.DenseValues().Select(n => n.ToString()));
        Assert.Equal(dataset.Labels.Select(l => (uint)l + 1), view.GetColumn<uint>("Label"));
        Assert.Equal(dataset.Items.Select(i => i.Fold!.Value), view.GetColumn<int>("Fold"));
        Assert.Equal(dataset.AttributeValues("src_file"), view.GetColumn<string>("Group"));
        Assert.Null(view.Schema.GetColumnOrNull("Split"));

        using var plain = new TempFolder();
        var folderView = MediaFolder.Load(DownstreamLayouts.ClassFolders(plain.Path, 2, 2)).ToDataView(new MLContext(seed: 1));
        Assert.Equal(["Path", "Label"], folderView.Schema.Select(c => c.Name));
        Assert.Contains("'nope'", Assert.Throws<ArgumentException>(() => dataset.ToDataView(new MLContext(), groupBy: "nope")).Message);
    }

    [Fact]
    public void UnreadableFilesAreSkippedByNameDuringExtraction()
    {
        using var folder = new TempFolder();
        DownstreamLayouts.ClassFolders(folder.Path, classes: 2, perClass: 3);
        File.WriteAllText(folder.File("class0/broken.wav"), "RIFF....WAVEnot really");
        File.WriteAllBytes(folder.File("class1/empty.wav"), []);
        var dataset = MediaFolder.Load(folder.Path);
        Assert.Equal(8, dataset.Items.Count);

        var set = ClipFeatureSet.Extract(dataset, new LogMelFrameFeatures());
        Assert.Equal(6, set.Dataset.Items.Count);
        Assert.Equal(6, set.Windows.Count);
        Assert.Equal(["broken.wav", "empty.wav"], set.Dataset.Skipped.Select(s => Path.GetFileName(s.Path)));
        Assert.All(set.Dataset.Skipped, s => Assert.Equal(SkipCause.Unreadable, s.Cause));
        Assert.Equal("2 skipped (2 unreadable)", SkippedItem.Summarize(set.Dataset.Skipped));
    }
}
