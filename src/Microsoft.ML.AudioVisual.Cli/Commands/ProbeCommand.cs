using System.CommandLine;
using System.Text.Json.Nodes;
using Microsoft.ML.AudioVisual.Media;

namespace Microsoft.ML.AudioVisual.Cli.Commands;

// Microsoft.ML has a namespace named Command, which would otherwise shadow the System.CommandLine type here.
using Command = System.CommandLine.Command;

/// <summary><c>avl probe FILE</c>: prints duration, video size and rate, audio rate and channels as JSON.</summary>
internal static class ProbeCommand
{
    public static Command Create(CliOutput io)
    {
        var file = new Argument<string>("FILE") { Description = "A media file (video, audio or image)." };
        var command = new Command("probe", "Print what a media file holds, as JSON.") { file };
        command.SetAction(parse => io.Guard(() =>
        {
            io.WriteJson(ToJson(MediaDecoder.Probe(parse.GetValue(file)!)));
            return 0;
        }));
        return command;
    }

    internal static JsonObject ToJson(MediaInfo info) => new()
    {
        ["path"] = info.Path,
        ["duration"] = Math.Round(info.Duration, 6),
        ["start_time"] = Math.Round(info.StartTime, 6),
        ["still_image"] = info.IsStillImage,
        ["video"] = info.Video is { } v
            ? new JsonObject
            {
                ["width"] = v.Width,
                ["height"] = v.Height,
                ["fps"] = Math.Round(v.FrameRate, 6),
                ["duration"] = Math.Round(v.Duration, 6),
                ["codec"] = v.Codec,
            }
            : null,
        ["audio"] = info.Audio is { } a
            ? new JsonObject
            {
                ["sample_rate"] = a.SampleRate,
                ["channels"] = a.Channels,
                ["duration"] = Math.Round(a.Duration, 6),
                ["codec"] = a.Codec,
            }
            : null,
    };
}
