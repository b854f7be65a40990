using System.CommandLine;
using System.Text.Json.Nodes;
using Microsoft.ML.AudioVisual.Correspondence;
using Microsoft.ML.AudioVisual.Localization;
using Microsoft.ML.AudioVisual.Training;
using Microsoft.ML.AudioVisual.Datasets;
using Microsoft.ML.AudioVisual.IO;
using Microsoft.ML.AudioVisual.Rendering;

namespace Microsoft.ML.AudioVisual.Cli.Commands;

// Microsoft.ML has a namespace named Command, which would otherwise shadow the System.CommandLine type here.
using Command = System.CommandLine.Command;

/// <summary><c>avl train localizer</c>, <c>avl eval localization</c> and <c>avl localize</c>.</summary>
internal static class LocalizerCommands
{
    /// <summary><c>avl train localizer --fsdd DIR --mnist DIR [--init AVC_MODEL] [options] --out MODEL</c>.</summary>
    public static Command CreateTrain(CliOutput io)
    {
        var common = new TrainCommand.TrainingArguments(defaultLearningRate: 1e-4); // fine-tuning a trained AVE-Net
        var init = new Option<string?>("--init") { Description = "A trained AVE-Net AvcEmbedding model to start from (default: train one first)." };
        var initMinutes = new Option<double>("--init-max-minutes") { Description = "Time limit of that first AvcEmbedding training.", DefaultValueFactory = _ => 8.0 };
        var grid = new Option<int>("--grid") { Description = "Training scenes: grid x grid composites.", DefaultValueFactory = _ => 2 };
        var command = new Command("localizer", "Train SoundLocalizer (AVOL-Net) on composite AV-MNIST-FSDD scenes of the training split.");
        foreach (var option in common.All) command.Options.Add(option);
        command.Options.Add(init);
        command.Options.Add(initMinutes);
        command.Options.Add(grid);
        command.SetAction(parse => io.Guard(() =>
        {
            int seed = parse.GetValue(common.Seed);
            var source = DataArguments.Load(parse.GetValue(common.Fsdd)!, parse.GetValue(common.Mnist)!);
            var examples = AudioVisualExamples.FromAvMnistFsdd(source, Split.Train, parse.GetValue(common.Pairs), seed);
            var context = new MLContext(seed: seed);

            AvcEmbeddingTransformer start;
            if (parse.GetValue(init) is string initPath)
            {
                start = context.AudioVisual().LoadTransformer<AvcEmbeddingTransformer>(initPath);
            }
            else
            {
                io.Out.WriteLine("No --init model: training AvcEmbedding (AVE-Net) first; the localizer starts from its towers.");
                var avcOptions = new AvcEmbeddingOptions();
                common.ApplyTo(avcOptions, parse);
                avcOptions.LearningRate = new AvcEmbeddingOptions().LearningRate;
                avcOptions.MaxTrainingTime = TimeSpan.FromMinutes(parse.GetValue(initMinutes));
                avcOptions.CheckpointDirectory = null;
                start = TrainCommand.TrainAvc(io, examples, avcOptions);
            }
            using (start)
            {
                var options = new SoundLocalizerOptions { StartFrom = start };
                common.ApplyTo(options, parse);
                var scenes = SceneRows(context, examples, parse.GetValue(grid), examples.Pairs.Count, seed);
                io.Out.WriteLine($"Training SoundLocalizer on {examples.Pairs.Count} {parse.GetValue(grid)}x{parse.GetValue(grid)} scenes.");
                using var model = TrainLocalizer(io, context, scenes, options);
                model.Save(parse.GetValue(common.Output)!);
                io.Out.WriteLine($"Saved {parse.GetValue(common.Output)} ({model.TrainingSummary!.Epochs} epochs, {model.TrainingSummary.Elapsed.TotalMinutes:0.0} min).");
            }
            return 0;
        }));
        return command;
    }

    /// <summary>Trains SoundLocalizer on scene rows with a progress display.</summary>
    internal static SoundLocalizerTransformer TrainLocalizer(CliOutput io, MLContext context, IDataView scenes, SoundLocalizerOptions options) =>
        TrainingDisplay.Run(io, "SoundLocalizer", progress =>
        {
            options.Progress = progress;
            return context.AudioVisual().SoundLocalizer(options).Fit(scenes);
        });

    /// <summary>Composite scenes as training rows: the scene, the target's sound, and the target class as the group.</summary>
    internal static IDataView SceneRows(MLContext context, AudioVisualExamples examples, int grid, int count, int seed)
    {
        var scenes = CompositeScenes.Build(examples, grid, count, seed);
        var images = scenes.Select(s => s.Image).ToArray();
        var labels = scenes.Select(s => s.TargetLabel).ToArray();
        var sceneSet = new AudioVisualExamples([examples.ImageShape[0], scenes[0].Height, scenes[0].Width], images, labels,
            examples.SpectrogramShape, scenes.Select(s => examples.Spectrograms[s.SoundIndex]).ToArray(), labels,
            Enumerable.Range(0, scenes.Count).Select(i => (i, i)).ToArray(), examples.FrontEnd);
        return sceneSet.PairsView(context);
    }

    /// <summary><c>avl eval localization --model MODEL --fsdd DIR --mnist DIR --grid 2|3 --json OUT.json [--split test]</c>.</summary>
    public static Command CreateEval(CliOutput io)
    {
        var model = new Option<string>("--model") { Description = "A SoundLocalizer model file.", Required = true };
        var fsdd = new Option<string>("--fsdd") { Description = "Folder of FSDD WAV recordings (any speakers).", Required = true };
        var mnist = new Option<string>("--mnist") { Description = "Folder with MNIST idx files (any length).", Required = true };
        var grid = new Option<int>("--grid") { Description = "Scenes of grid x grid images (2 or 3).", DefaultValueFactory = _ => 2 };
        grid.AcceptOnlyFromAmong("2", "3");
        var json = new Option<string>("--json") { Description = "Report file to write.", Required = true };
        var split = new Option<string?>("--split") { Description = "test: only the official test split." };
        var seed = new Option<int>("--seed") { Description = "Seed of the scene list.", DefaultValueFactory = _ => 0 };
        var render = new Option<string?>("--render") { Description = "Folder to write heat-map PNGs of the first scenes into." };
        var command = new Command("localization", "The pointing game on composite scenes with its baselines, as JSON.")
        {
            model, fsdd, mnist, grid, json, split, seed, render,
        };
        command.SetAction(parse => io.Guard(() =>
        {
            var context = new MLContext(seed: parse.GetValue(seed));
            using var localizer = context.AudioVisual().LoadTransformer<SoundLocalizerTransformer>(parse.GetValue(model)!);
            var source = DataArguments.Load(parse.GetValue(fsdd)!, parse.GetValue(mnist)!);
            var data = AudioVisualExamples.FromAvMnistFsdd(source, DataArguments.ParseSplit(parse.GetValue(split)), 0, 0, localizer.AudioFrontEnd?.Options);
            var report = LocalizationEvaluator.Evaluate(localizer, data, parse.GetValue(grid), parse.GetValue(seed));
            var node = new JsonObject
            {
                ["pointing_accuracy"] = report.PointingAccuracy,
                ["baseline_center_accuracy"] = report.BaselineCenterAccuracy,
                ["baseline_random_accuracy"] = report.BaselineRandomAccuracy,
                ["avc_accuracy"] = report.AvcAccuracy,
                ["scenes"] = report.Scenes,
                ["grid"] = report.Grid,
                ["chance_accuracy"] = 1.0 / (report.Grid * report.Grid),
                ["split"] = parse.GetValue(split) ?? "all",
            };
            AtomicFile.WriteAllText(parse.GetValue(json)!, CliOutput.ToJson(node));
            if (parse.GetValue(render) is string folder) RenderScenes(localizer, data, parse.GetValue(grid), parse.GetValue(seed), folder, 12);
            io.WriteJson(node);
            return 0;
        }));
        return command;
    }

    private static void RenderScenes(SoundLocalizerTransformer localizer, AudioVisualExamples data, int grid, int seed, string folder, int count)
    {
        var scenes = CompositeScenes.Build(data, grid, count, seed);
        var results = localizer.Localize(scenes.Select(s => s.Image).ToList(), scenes[0].Height, scenes[0].Width, scenes.Select(s => data.Spectrograms[s.SoundIndex]).ToList());
        for (int i = 0; i < scenes.Count; i++)
        {
            var s = scenes[i];
            HeatmapRenderer.WritePng(Path.Combine(folder, $"scene{i:00}_digit{s.TargetLabel}_cell{s.TargetCell}.png"), s.Image, data.ImageShape[0], s.Height, s.Width,
                results[i].Heatmap, results[i].GridHeight, results[i].GridWidth, scale: 4);
        }
    }

    /// <summary><c>avl localize --model MODEL --image IMG --audio WAV --out HEAT.png [--json OUT.json]</c>.</summary>
    public static Command CreateLocalize(CliOutput io)
    {
        var model = new Option<string>("--model") { Description = "A SoundLocalizer model file.", Required = true };
        var image = new Option<string>("--image") { Description = "The picture.", Required = true };
        var audio = new Option<string>("--audio") { Description = "The sound (WAV or any FFmpeg audio).", Required = true };
        var output = new Option<string>("--out") { Description = "Heat-map overlay PNG to write.", Required = true };
        var json = new Option<string?>("--json") { Description = "Also write score, peak cell, peak position and the map as JSON." };
        var size = new Option<string?>("--size") { Description = "Resize the picture to S or WxH first (default: its own size)." };
        var command = new Command("localize", "Show where in a picture a sound comes from.") { model, image, audio, output, json, size };
        command.SetAction(parse => io.Guard(() =>
        {
            var context = new MLContext(seed: 0);
            using var localizer = context.AudioVisual().LoadTransformer<SoundLocalizerTransformer>(parse.GetValue(model)!);
            var imagePath = parse.GetValue(image)!;
            var info = Media.MediaDecoder.Probe(imagePath);
            var video = info.Video ?? throw new Media.MediaLoadException(imagePath, Media.MediaProblem.NoVideoStream, "the file holds no picture.");
            var (width, height) = FramesCommand.ParseSize(parse.GetValue(size), video.Width, video.Height);
            int channels = localizer.Shapes.Channels;
            var picture = ModelInputs.Image(imagePath, channels, height, width);
            var options = localizer.Options;
            var spectrogram = ModelInputs.Spectrogram(parse.GetValue(audio)!, parse.GetValue(model)!, localizer.AudioFrontEnd?.Options, localizer.AudioFrontEnd?.ClipSeconds);
            var result = localizer.Localize([picture], height, width, [spectrogram])[0];
            var display = channels == 3 ? picture : ModelInputs.Image(imagePath, 3, height, width);
            HeatmapRenderer.WritePng(parse.GetValue(output)!, display, 3, height, width, result.Heatmap, result.GridHeight, result.GridWidth);
            var (x, y) = result.PeakInImage(width, height);
            var node = new JsonObject
            {
                ["score"] = result.Score,
                ["peak_cell"] = new JsonArray(result.PeakRow, result.PeakColumn),
                ["peak_position"] = new JsonArray(Math.Round(x, 2), Math.Round(y, 2)),
                ["image_size"] = new JsonArray(width, height),
                ["grid"] = new JsonArray(result.GridHeight, result.GridWidth),
                ["map"] = new JsonArray(Enumerable.Range(0, result.GridHeight)
                    .Select(r => (JsonNode)new JsonArray(result.Heatmap.Skip(r * result.GridWidth).Take(result.GridWidth).Select(v => (JsonNode)Math.Round(v, 5)).ToArray())).ToArray()),
            };
            if (parse.GetValue(json) is string jsonPath) AtomicFile.WriteAllText(jsonPath, CliOutput.ToJson(node));
            io.Out.WriteLine($"score {result.Score:0.000}, peak cell ({result.PeakRow}, {result.PeakColumn}) at ({x:0}, {y:0}) px; wrote {parse.GetValue(output)}");
            return 0;
        }));
        return command;
    }
}
