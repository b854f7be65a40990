using System.CommandLine;
using System.Text.Json.Nodes;
using Microsoft.ML.AudioVisual.Datasets;
using Microsoft.ML.AudioVisual.IO;
using Microsoft.ML.AudioVisual.Synchronization;

namespace Microsoft.ML.AudioVisual.Cli.Commands;

// Microsoft.ML has a namespace named Command, which would otherwise shadow the System.CommandLine type here.
using Command = System.CommandLine.Command;

/// <summary><c>avl sync --model MODEL VIDEO [--json OUT.json]</c>: the audio offset of a video, its confidence and the curve.</summary>
internal static class SyncCommand
{
    public static Command Create(CliOutput io)
    {
        var model = new Option<string>("--model") { Description = "An AudioVisualSync model file.", Required = true };
        var video = new Argument<string>("VIDEO") { Description = "A video with sound (anything FFmpeg reads)." };
        var json = new Option<string?>("--json") { Description = "Also write the result as JSON here." };
        var command = new Command("sync", "Estimate how far a video's sound is out of sync with its picture (positive: the sound is late).") { model, video, json };
        command.SetAction(parse => io.Guard(() =>
        {
            var context = new MLContext(seed: 0);
            using var transformer = context.AudioVisual().LoadTransformer<AudioVisualSyncTransformer>(parse.GetValue(model)!);
            var shapes = transformer.Shapes;
            var frontEnd = transformer.AudioFrontEnd?.Options ?? throw new InvalidOperationException(
                $"Model '{parse.GetValue(model)}' records no audio front-end, so it cannot read a video's sound.");
            if (shapes.Height != shapes.Width) throw new InvalidOperationException($"Model '{parse.GetValue(model)}' takes {shapes.Width}x{shapes.Height} frames; only square frames are read from files.");
            var clip = SyncVideoFile.Load(context, parse.GetValue(video)!, shapes.FramesPerSecond, shapes.Width, shapes.Channels, frontEnd.SampleRate);
            var estimate = transformer.EstimateOffset(clip);
            io.Out.WriteLine($"{clip.Name}: offset {estimate.OffsetSeconds:+0.000;-0.000;0.000} s ({estimate.OffsetFrames:+0;-0;0} frames at {shapes.FramesPerSecond} fps; " +
                             (estimate.OffsetFrames > 0 ? "the sound is late" : estimate.OffsetFrames < 0 ? "the sound is early" : "in sync") +
                             $"), confidence {estimate.Confidence:0.###}, sync score at 0: {estimate.InSyncScore:0.###}");
            io.Out.WriteLine("offset_s\tdistance");
            for (int i = 0; i < estimate.Curve.Count; i++) io.Out.WriteLine($"{estimate.OffsetsSeconds[i]:+0.000;-0.000;0.000}\t{estimate.Curve[i]:0.0000}");
            if (parse.GetValue(json) is string path) AtomicFile.WriteAllText(path, CliOutput.ToJson(ToJson(clip.Name, estimate)));
            return 0;
        }));
        return command;
    }

    internal static JsonObject ToJson(string video, SyncOffsetEstimate estimate) => new()
    {
        ["video"] = video,
        ["offset_seconds"] = estimate.OffsetSeconds,
        ["offset_frames"] = estimate.OffsetFrames,
        ["confidence"] = estimate.Confidence,
        ["in_sync_score"] = Finite(estimate.InSyncScore),
        ["offsets_seconds"] = new JsonArray(estimate.OffsetsSeconds.Select(o => (JsonNode?)o).ToArray()),
        ["curve"] = new JsonArray(estimate.Curve.Select(d => Finite(d)).ToArray()),
    };

    /// <summary>JSON has no NaN: non-finite values become null.</summary>
    private static JsonNode? Finite(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;
}
