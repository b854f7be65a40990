using System.CommandLine;
using System.Text;
using Microsoft.ML.AudioVisual.Correspondence;
using Microsoft.ML.AudioVisual.Localization;
using Microsoft.ML.AudioVisual.Datasets;
using Microsoft.ML.AudioVisual.IO;
using Microsoft.ML.AudioVisual.Media;
using Microsoft.ML.AudioVisual.Rendering;
using Microsoft.ML.AudioVisual.Spectral;

namespace Microsoft.ML.AudioVisual.Cli.Commands;

// Microsoft.ML has a namespace named Command, which would otherwise shadow the System.CommandLine type here.
using Command = System.CommandLine.Command;

/// <summary>
/// <c>avl animals [--data DIR] [--out DIR]</c>: the real-photo localisation demo. Nine farm animals, one photo
/// and one recording each (GCompris): AVE-Net and then AVOL-Net learn from augmented crops and sound
/// snippets, and the heat maps of 2x2 collages (each animal with three others, its sound playing) are
/// written as PNGs to look at. With one photo per animal this shows the pipeline on real media; it is not
/// a measure of generalisation.
/// </summary>
internal static class AnimalsCommand
{
    private const int CellSize = 48;

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

    private sealed record Animal(string Name, float[] Photo, int Height, int Width, float[] Sound);

    private static int Run(CliOutput io, string dataFolder, string outFolder, double minutes, int seed, int? threads)
    {
        if (!(minutes > 0)) throw new CliUsageException($"--minutes must be positive, got {minutes}.");
        var folder = Path.Combine(dataFolder, "gcompris", "animals");
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"Animal folder '{folder}' does not exist.");
        var frontEnd = AudioVisualExamples.FsddFrontEnd();
        var animals = Directory.EnumerateFiles(folder, "*.png").Order(StringComparer.Ordinal)
            .Where(png => File.Exists(Path.ChangeExtension(png, ".ogg")))
            .Select(png => Load(png, frontEnd.SampleRate)).ToList();
        if (animals.Count < 4) throw new InvalidDataException($"'{folder}' holds {animals.Count} photo/sound pairs; the collages need at least 4.");
        io.Out.WriteLine($"{animals.Count} animals: {string.Join(", ", animals.Select(a => a.Name))}.");

        var computer = new SpectrogramComputer(frontEnd);
        var examples = Augmented(animals, computer, count: 3000, seed);
        var context = new MLContext(seed: seed);
        var avcOptions = new AvcEmbeddingOptions
        {
            VisualColumnName = AudioVisualExamples.ImageColumnName, GroupColumnName = AudioVisualExamples.GroupColumnName, Epochs = 200, Seed = seed, Threads = threads, ValidationFraction = 0.05,
            MaxTrainingTime = TimeSpan.FromMinutes(minutes * 0.6),
        };
        using var avc = TrainCommand.TrainAvc(io, examples, avcOptions);
        var localizerOptions = new SoundLocalizerOptions
        {
            StartFrom = avc, VisualColumnName = AudioVisualExamples.ImageColumnName, GroupColumnName = AudioVisualExamples.GroupColumnName, Epochs = 200, Seed = seed, Threads = threads, ValidationFraction = 0.05,
            MaxTrainingTime = TimeSpan.FromMinutes(minutes * 0.4),
        };
        using var localizer = LocalizerCommands.TrainLocalizer(io, context, LocalizerCommands.SceneRows(context, examples, 2, 3000, seed), localizerOptions);

        // One collage per animal: its full photo (centre-cropped) with three others, and its loudest second of sound.
        Directory.CreateDirectory(outFolder);
        var random = new Random(seed);
        int display = 2 * CellSize * 2;
        var report = new StringBuilder("| animal | score | peak in its photo |\n| --- | --- | --- |\n");
        int hits = 0;
        for (int k = 0; k < animals.Count; k++)
        {
            var others = Enumerable.Range(0, animals.Count).Where(i => i != k).OrderBy(_ => random.Next()).Take(3).ToList();
            int target = random.Next(4);
            others.Insert(target, k);
            var collage = CompositeScenes.Compose(others.Select(i => CentreSquare(animals[i], display / 2)).ToList(), 3, display / 2, display / 2, grid: 2);
            var spectrogram = computer.Compute(Loudest(animals[k].Sound, frontEnd.SampleRate));
            var result = localizer.Localize([collage], display, display, [spectrogram])[0];
            var (x, y) = result.PeakInImage(display, display);
            bool hit = (int)(x / (display / 2)) == target % 2 && (int)(y / (display / 2)) == target / 2;
            hits += hit ? 1 : 0;
            HeatmapRenderer.WritePng(Path.Combine(outFolder, $"collage_{animals[k].Name}.png"), collage, 3, display, display,
                result.Heatmap, result.GridHeight, result.GridWidth, scale: 2);
            report.AppendLine($"| {animals[k].Name} | {result.Score:0.00} | {(hit ? "yes" : "no")} |");
        }
        report.AppendLine($"\nPeak inside the sounding animal's photo in {hits} of {animals.Count} collages (chance 25 %). One photo and one recording per animal: the networks saw these very photos (augmented), so this shows the pipeline on real media, not generalisation.");
        AtomicFile.WriteAllText(Path.Combine(outFolder, "report.md"), report.ToString());
        io.Out.WriteLine(report.ToString());
        io.Out.WriteLine($"Wrote {animals.Count} heat-map PNGs to {outFolder}.");
        return 0;
    }

    private static Animal Load(string png, int sampleRate)
    {
        var info = MediaDecoder.Probe(png);
        int width = info.Video!.Width, height = info.Video.Height;
        var photo = MediaDecoder.DecodeFrames(png, [0.0], new FrameFormat(width, height), info: info).Pixels;
        var sound = MediaDecoder.DecodeAudio(Path.ChangeExtension(png, ".ogg"), sampleRate).Samples;
        return new Animal(Path.GetFileNameWithoutExtension(png), photo, height, width, sound);
    }

    /// <summary>Random crops, mirrors and brightness of the photos; random loud snippets, gains and noise of the sounds.</summary>
    private static AudioVisualExamples Augmented(List<Animal> animals, SpectrogramComputer computer, int count, int seed)
    {
        var random = new Random(seed);
        var images = new float[count][];
        var sounds = new float[count][];
        var labels = new int[count];
        int rate = computer.Options.SampleRate;
        for (int i = 0; i < count; i++)
        {
            int k = i % animals.Count;
            var a = animals[k];
            double side = Math.Min(a.Width, a.Height) * (0.55 + 0.45 * random.NextDouble());
            double left = random.NextDouble() * (a.Width - side), top = random.NextDouble() * (a.Height - side);
            var image = PlanarImage.CropResize(a.Photo, 3, a.Height, a.Width, left, top, side, side, CellSize, CellSize, mirror: random.Next(2) == 0);
            float gain = (float)(0.75 + 0.5 * random.NextDouble());
            for (int p = 0; p < image.Length; p++) image[p] = Math.Clamp(image[p] * gain, 0f, 1f);
            var snippet = Snippet(a.Sound, rate, random);
            float loudness = (float)(0.4 + 1.2 * random.NextDouble());
            for (int s = 0; s < snippet.Length; s++) snippet[s] = snippet[s] * loudness + (float)((random.NextDouble() - 0.5) * 0.002);
            images[i] = image;
            sounds[i] = computer.Compute(snippet);
            labels[i] = k;
        }
        int frames = computer.FrameCount(rate);
        return new AudioVisualExamples([3, CellSize, CellSize], images, labels, [computer.FrequencyBins, frames], sounds, labels,
            Enumerable.Range(0, count).Select(i => (i, i)).ToArray(), new AudioFrontEnd(computer.Options, 1.0));
    }

    /// <summary>A random one-second window whose energy is at least a quarter of the loudest window's (centre-padded when shorter).</summary>
    private static float[] Snippet(float[] sound, int rate, Random random)
    {
        if (sound.Length <= rate) return Fsdd.FitCentred(sound, rate);
        var energies = WindowEnergies(sound, rate);
        double loudest = energies.Max();
        var candidates = energies.Select((e, i) => (e, i)).Where(p => p.e >= 0.25 * loudest).Select(p => p.i).ToArray();
        int start = candidates[random.Next(candidates.Length)] * rate / 10;
        return sound.AsSpan(start, rate).ToArray();
    }

    private static float[] Loudest(float[] sound, int rate)
    {
        if (sound.Length <= rate) return Fsdd.FitCentred(sound, rate);
        var energies = WindowEnergies(sound, rate);
        int best = Array.IndexOf(energies, energies.Max());
        return sound.AsSpan(best * rate / 10, rate).ToArray();
    }

    /// <summary>Energy of every one-second window starting at a multiple of 0.1 s.</summary>
    private static double[] WindowEnergies(float[] sound, int rate)
    {
        int step = rate / 10;
        int windows = (sound.Length - rate) / step + 1;
        var energies = new double[windows];
        for (int w = 0; w < windows; w++)
            for (int s = w * step; s < w * step + rate; s++) energies[w] += sound[s] * sound[s];
        return energies;
    }

    private static float[] CentreSquare(Animal a, int size)
    {
        int side = Math.Min(a.Width, a.Height);
        return PlanarImage.CropResize(a.Photo, 3, a.Height, a.Width, (a.Width - side) / 2.0, (a.Height - side) / 2.0, side, side, size, size);
    }
}
