using System.CommandLine;
using System.Text.Json.Nodes;
using Microsoft.ML.AudioVisual.Correspondence;
using Microsoft.ML.AudioVisual.Localization;
using Microsoft.ML.AudioVisual.Datasets;
using Microsoft.ML.AudioVisual.IO;
using Microsoft.ML.AudioVisual.Media;
using Microsoft.ML.AudioVisual.Rendering;
using Microsoft.ML.AudioVisual.Reports;

namespace Microsoft.ML.AudioVisual.Cli.Commands;

// Microsoft.ML has a namespace named Command, which would otherwise shadow the System.CommandLine type here.
using Command = System.CommandLine.Command;

/// <summary><c>avl train localizer</c>, <c>avl eval localization</c> and <c>avl localize</c>.</summary>
internal static class LocalizerCommands
{
    /// <summary><c>avl train localizer (--fsdd DIR --mnist DIR | --videos DIR) [--init AVC_MODEL] [options] --out MODEL</c>.</summary>
    public static Command CreateTrain(CliOutput io)
    {
        var data = new ExampleSourceArguments(evaluation: false);
        var common = new TrainingArguments(new SoundLocalizerOptions()); // fine-tuning a trained AVE-Net: the localizer's gentler rate
        var sampling = new CorrespondenceArguments(new SoundLocalizerOptions());
        var init = new Option<string?>("--init") { Description = "A trained AVE-Net AvcEmbedding model to start from (default: train one first)." };
        var initMinutes = new Option<double>("--init-max-minutes") { Description = "Time limit of that first AvcEmbedding training.", DefaultValueFactory = _ => 8.0 };
        var grid = new Option<int>("--grid") { Description = "Training scenes: grid x grid composites.", DefaultValueFactory = _ => 2 };
        var freezeAudio = OnOffArgument.Create("--freeze-audio",
            "on: keep the start model's audio tower and head fixed and train the visual side; off: train both.", new SoundLocalizerOptions().FreezeAudio);
        var command = new Command("localizer", "Train SoundLocalizer (AVOL-Net) on composite scenes of the AV-MNIST-FSDD training split or of video frames.");
        foreach (var option in data.All.Concat(common.All).Concat(sampling.All)) command.Options.Add(option);
        command.Options.Add(init);
        command.Options.Add(initMinutes);
        command.Options.Add(grid);
        command.Options.Add(freezeAudio);
        command.SetAction(parse => io.Guard(() =>
        {
            int seed = parse.GetValue(common.Seed);
            var context = new MLContext(seed: seed);
            string? initPath = parse.GetValue(init);
            using var loaded = initPath is null ? null : context.AudioVisual().LoadTransformer<AvcEmbeddingTransformer>(initPath);
            var examples = data.LoadTraining(parse, context, seed, io, loaded?.AudioFrontEnd, initPath);
            using var trained = loaded is null ? TrainStartModel(io, context, examples, common, parse, parse.GetValue(initMinutes)) : null;
            var start = loaded ?? trained!;
            var options = new SoundLocalizerOptions { StartFrom = start, FreezeAudio = parse.IsOn(freezeAudio) };
            common.ApplyTo(options, parse);
            sampling.ApplyTo(options, parse);
            int cells = parse.GetValue(grid);
            var scenes = CompositeScenes.BuildExamples(examples, cells, examples.Pairs.Count, seed);
            io.Out.WriteLine($"Training SoundLocalizer on {scenes.Pairs.Count} {cells}x{cells} scenes.");
            if (scenes.ImageLabelSets is not null) options.VisibleGroupsColumnName = AudioVisualExamples.VisibleGroupsColumnName;
            using var model = TrainingRunner.FitLocalizer(io, context, scenes.PairsView(context), options);
            TrainingRunner.Save(io, model, parse.GetValue(common.Output)!);
            return 0;
        }));
        return command;
    }

    /// <summary>Without <c>--init</c>: an AVE-Net trained first on the same examples, whose towers the localizer starts from.</summary>
    private static AvcEmbeddingTransformer TrainStartModel(CliOutput io, MLContext context, AudioVisualExamples examples, TrainingArguments common, ParseResult parse, double minutes)
    {
        io.Out.WriteLine("No --init model: training AvcEmbedding (AVE-Net) first; the localizer starts from its towers.");
        var avcOptions = new AvcEmbeddingOptions();
        common.ApplyTo(avcOptions, parse);
        avcOptions.LearningRate = new AvcEmbeddingOptions().LearningRate;
        avcOptions.MaxTrainingTime = TimeSpan.FromMinutes(minutes);
        avcOptions.CheckpointDirectory = null;
        return TrainingRunner.FitAvc(io, context, examples.PairsView(context), avcOptions);
    }

    /// <summary><c>avl eval localization --model MODEL (--fsdd DIR --mnist DIR [--split test] | --videos DIR) --grid 2|3 --json OUT.json</c>.</summary>
    public static Command CreateEval(CliOutput io)
    {
        var model = new Option<string>("--model") { Description = "A SoundLocalizer model file.", Required = true };
        var data = new ExampleSourceArguments(evaluation: true);
        var grid = new Option<int>("--grid") { Description = "Scenes of grid x grid images (2 or 3).", DefaultValueFactory = _ => 2 };
        grid.AcceptOnlyFromAmong("2", "3");
        var json = new Option<string>("--json") { Description = "Report file to write.", Required = true };
        var seed = new Option<int>("--seed") { Description = "Seed of the scene list.", DefaultValueFactory = _ => 0 };
        var render = new Option<string?>("--render") { Description = "Folder to write heat-map PNGs of the first scenes into." };
        var command = new Command("localization",
            "The pointing game on composite scenes with its baselines, as JSON. Cells show digits (AV-MNIST-FSDD) or frames of different videos (--videos).")
        {
            model, grid, json, seed, render,
        };
        foreach (var option in data.All) command.Options.Add(option);
        command.SetAction(parse => io.Guard(() =>
        {
            var context = new MLContext(seed: parse.GetValue(seed));
            string modelPath = parse.GetValue(model)!;
            bool videos = data.IsVideo(parse); // usage errors before the model is loaded
            using var localizer = context.AudioVisual().LoadTransformer<SoundLocalizerTransformer>(modelPath);
            var (examples, description) = data.LoadEvaluation(parse, context, localizer.AudioFrontEnd, modelPath, modelFrameSize: null);
            var report = io.Busy("Evaluating", () => LocalizationEvaluator.Evaluate(localizer, examples, parse.GetValue(grid), parse.GetValue(seed)));
            var node = LocalizationReportWriter.ToJson(report, "all");
            foreach (var (key, value) in description) node[key] = value?.DeepClone();
            AtomicFile.WriteAllText(parse.GetValue(json)!, CliOutput.ToJson(node));
            io.ReportOn(parse.GetValue(json)!);
            if (parse.GetValue(render) is string folder)
                SceneHeatmaps.Write(localizer, examples, parse.GetValue(grid), count: 12, parse.GetValue(seed), folder, HeatmapRenderer.WritePng, labelName: videos ? "video" : "digit");
            io.WriteJson(node);
            return 0;
        }));
        return command;
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
            var info = MediaDecoder.Probe(imagePath);
            var video = info.Video ?? throw new MediaLoadException(imagePath, MediaProblem.NoVideoStream, "the file holds no picture.");
            var (width, height) = ImageSizeArgument.Parse(parse.GetValue(size), video.Width, video.Height);
            int channels = localizer.Shapes.Channels;
            var picture = ModelInputFiles.Image(imagePath, channels, height, width);
            var spectrogram = ModelInputFiles.Spectrogram(parse.GetValue(audio)!, localizer.AudioFrontEnd, parse.GetValue(model)!);
            var result = localizer.Localize([picture], height, width, [spectrogram])[0];
            var display = channels == 3 ? picture : ModelInputFiles.Image(imagePath, 3, height, width);
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
