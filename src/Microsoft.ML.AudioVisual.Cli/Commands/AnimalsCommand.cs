using Microsoft.ML.AudioVisual.Rendering;
using System.CommandLine;
using Microsoft.ML.AudioVisual.Correspondence;
using Microsoft.ML.AudioVisual.Datasets;
using Microsoft.ML.AudioVisual.IO;
using Microsoft.ML.AudioVisual.Localization;
using Microsoft.ML.AudioVisual.Reports;

namespace Microsoft.ML.AudioVisual.Cli.Commands;

// Microsoft.ML has a namespace named Command, which would otherwise shadow the System.CommandLine type here.
using Command = System.CommandLine.Command;

/// <summary>
/// <c>avl animals [--data DIR] [--out DIR]</c>: the real-photo localisation demo. Nine farm animals, one photo
/// and one recording each (GCompris): AVE-Net and then AVOL-Net learn from augmented crops and sound
/// snippets (<see cref="PhotoSoundAugmentation"/>), and the heat maps of 2x2 collages (each animal with three
/// others, its sound playing; <see cref="PhotoCollageLocalization"/>) are written as PNGs to look at. With one
/// photo per animal this shows the pipeline on real media; it is not a measure of generalisation.
/// </summary>
internal static class AnimalsCommand
{
    private const int CellSize = 48;
    private const int Examples = 3000;

    public static Command Create(CliOutput io)
    {
        var data = new Option<string>("--data") { Description = "Folder holding gcompris/animals (default ../shared/data).", DefaultValueFactory = _ => Path.Combine("..", "shared", "data") };
        var output = new Option<string>("--out") { Description = "Folder for the heat-map PNGs and report.", DefaultValueFactory = _ => "avl-animals-output" };
        var minutes = new Option<double>("--minutes") { Description = "Training time (AVE-Net 60 %, AVOL-Net 40 %).", DefaultValueFactory = _ => 4.0 };
        var seed = new Option<int>("--seed") { Description = "Seed of augmentation, initialisation and sampling.", DefaultValueFactory = _ => 1 };
        var threads = new Option<int?>("--threads") { Description = "libtorch threads." };
        var command = new Command("animals", "Localise farm-animal sounds in collages of real photos; writes heat-map PNGs.") { data, output, minutes, seed, threads };
        command.SetAction(parse => io.Guard(() => Run(io, parse.GetValue(data)!, parse.GetValue(output)!, parse.GetValue(minutes), parse.GetValue(seed), parse.GetValue(threads))));
        return command;
    }

    private static int Run(CliOutput io, string dataFolder, string outFolder, double minutes, int seed, int? threads)
    {
        if (!(minutes > 0)) throw new CliUsageException($"--minutes must be positive, got {minutes}.");
        var frontEnd = AudioVisualExamples.FsddFrontEnd();
        var folder = Path.Combine(dataFolder, "gcompris", "animals");
        var animals = PhotoSoundFolder.Load(folder, frontEnd.SampleRate);
        if (animals.Count < PhotoCollageLocalization.MinimumPairs)
            throw new InvalidDataException($"'{folder}' holds {animals.Count} photo/sound pairs; the collages need at least {PhotoCollageLocalization.MinimumPairs}.");
        io.Out.WriteLine($"{animals.Count} animals: {string.Join(", ", animals.Select(a => a.Name))}.");

        var examples = PhotoSoundAugmentation.Build(animals, frontEnd, Examples, CellSize, seed);
        var context = new MLContext(seed: seed);
        var avcOptions = new AvcEmbeddingOptions { MaxTrainingTime = TimeSpan.FromMinutes(minutes * 0.6) };
        Configure(avcOptions, seed, threads);
        using var avc = TrainingRunner.FitAvc(io, context, examples.PairsView(context), avcOptions);
        var localizerOptions = new SoundLocalizerOptions { StartFrom = avc, MaxTrainingTime = TimeSpan.FromMinutes(minutes * 0.4) };
        Configure(localizerOptions, seed, threads);
        var scenes = CompositeScenes.BuildExamples(examples, grid: 2, Examples, seed);
        if (scenes.ImageLabelSets is not null) localizerOptions.VisibleGroupsColumnName = AudioVisualExamples.VisibleGroupsColumnName;
        using var localizer = TrainingRunner.FitLocalizer(io, context, scenes.PairsView(context), localizerOptions);

        // One collage per animal, cells twice the training crops: its full photo (centre square) with three others, and its loudest second of sound.
        var report = PhotoCollageLocalization.Run(localizer, animals, frontEnd, 2 * CellSize, outFolder, seed, HeatmapRenderer.WritePng).ToMarkdown("animal",
            "One photo and one recording per animal: the networks saw these very photos (augmented), so this shows the pipeline on real media, not generalisation.");
        AtomicFile.WriteAllText(Path.Combine(outFolder, "report.md"), report);
        io.Out.WriteLine(report);
        io.Out.WriteLine($"Wrote {animals.Count} heat-map PNGs to {outFolder}.");
        return 0;
    }

    /// <summary>The demo's recipe for both trainers: columns of the example views, many epochs (the time limit ends training), a small validation share.</summary>
    private static void Configure(CorrespondenceTrainingOptions options, int seed, int? threads)
    {
        options.VisualColumnName = AudioVisualExamples.ImageColumnName;
        options.AudioColumnName = AudioVisualExamples.SpectrogramColumnName;
        options.GroupColumnName = AudioVisualExamples.GroupColumnName;
        options.Epochs = 200;
        options.Seed = seed;
        options.Threads = threads;
        options.ValidationFraction = 0.05;
    }
}
