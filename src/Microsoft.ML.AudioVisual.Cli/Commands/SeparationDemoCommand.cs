using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.ML.AudioVisual.IO;
using Microsoft.ML.AudioVisual.Rendering;
using Microsoft.ML.AudioVisual.Rendering.Reports;
using Microsoft.ML.AudioVisual.Separation;
using Microsoft.ML.AudioVisual.Training;

namespace Microsoft.ML.AudioVisual.Cli.Commands;

// Microsoft.ML has a namespace named Command, which would otherwise shadow the System.CommandLine type here.
using Command = System.CommandLine.Command;

/// <summary>
/// <c>avl demo separation --instruments DIR --out DIR [--pair a,b] [--max-minutes M]</c>: trains a separator on instrument
/// recordings with their drawings (<see cref="InstrumentSeparationSet"/>: each recording's last part held out), then
/// separates a held-out mixture of one pair by the two drawings and writes WAVs, PNGs and the scores beside the mixture
/// baseline and the ideal-binary-mask oracle. One recording per instrument: a demo, not a benchmark.
/// </summary>
internal static class SeparationDemoCommand
{
    public static Command Create(CliOutput io)
    {
        var instruments = new Option<string>("--instruments") { Description = "Folder of NAME.png drawings with NAME.ogg recordings (e.g. ../shared/data/gcompris/instruments).", Required = true };
        var output = new Option<string>("--out") { Description = "Folder for model.zip, report.json, the WAVs, the PNGs and report.html.", DefaultValueFactory = _ => "avl-separation-demo" };
        var pair = new Option<string>("--pair") { Description = "The two instruments of the demo mixture, comma-separated.", DefaultValueFactory = _ => "accordion,trumpet" };
        var minutes = new Option<double>("--max-minutes") { Description = "Training time limit in minutes.", DefaultValueFactory = _ => 5.0 };
        var epochs = new Option<int>("--epochs") { Description = "Most passes (the time limit usually ends training first).", DefaultValueFactory = _ => 1000 };
        var mixtures = new Option<int>("--mixtures-per-epoch") { Description = "Fresh two-instrument mixtures per epoch.", DefaultValueFactory = _ => 128 };
        var heldOut = new Option<double>("--held-out-seconds") { Description = "Seconds held out at the end of each recording (rounded up to whole clips).", DefaultValueFactory = _ => InstrumentSeparationSet.DefaultHeldOutSeconds };
        var seed = new Option<int>("--seed") { Description = "Seed of mixtures and initialisation.", DefaultValueFactory = _ => 1 };
        var threads = new Option<int?>("--threads") { Description = "libtorch threads (default: libtorch's choice)." };
        var threshold = SeparationCommands.MaskThresholdOption();
        var normalize = SeparationCommands.NormalizeMasksOption();
        var exponent = SeparationCommands.MaskExponentOption();
        var shifts = SeparationCommands.TimeShiftsOption();
        var allPairs = new Option<bool>("--all-pairs") { Description = "Also score the held-out mixtures of every pair of instruments (slow: BSS_EVAL of hundreds of clips)." };
        var command = new Command("separation", "Train a separator on instrument recordings with their drawings; separate a held-out mixture of two of them (WAVs, PNGs, scores).")
        {
            instruments, output, pair, minutes, epochs, mixtures, heldOut, seed, threads, threshold, normalize, exponent, shifts, allPairs,
        };
        command.SetAction(parse => io.Guard(() =>
        {
            if (!(parse.GetValue(minutes) > 0)) throw new CliUsageException($"--max-minutes must be positive, got {parse.GetValue(minutes)}.");
            var names = parse.GetValue(pair)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (names.Length != 2) throw new CliUsageException($"--pair needs two instrument names separated by a comma, got '{parse.GetValue(pair)}'.");
            var options = new MixAndSeparateOptions
            {
                AudioColumnName = SeparationRows.AudioColumnName,
                VisualColumnName = SeparationRows.ImageColumnName,
                GroupColumnName = SeparationRows.GroupColumnName,
                Epochs = parse.GetValue(epochs),
                MixturesPerEpoch = parse.GetValue(mixtures),
                // Training clips overlap, so rows held out at random would share audio with training rows: the held-out seconds are the test.
                ValidationFraction = 0,
                Seed = parse.GetValue(seed),
                Threads = parse.GetValue(threads),
                MaxTrainingTime = TimeSpan.FromMinutes(parse.GetValue(minutes)),
                Progress = new SeparationCommands.EpochLines(io),
                // Hop 64: with the default hop 128 even the ideal binary mask falls below the mixture on these recordings
                // (all pairs: oracle NSDR -0.56 dB vs 11.45 with hop 64).
                FrontEnd = SeparationFrontEnd.Small with { HopLength = 64 },
                // The time limit ends training, so a schedule over --epochs would barely decay; one recording per instrument
                // has one loudness. The demo keeps the recipe its README numbers were measured with.
                LearningRateSchedule = LearningRateSchedule.Constant,
                MixtureGain = 0,
                Architecture = SeparationArchitecture.SmallBilinear,
                TimeShifts = 1,
            };
            var set = InstrumentSeparationSet.Load(parse.GetValue(instruments)!, options.FrontEnd, parse.GetValue(heldOut));
            int first, second;
            try
            {
                (first, second) = (set.IndexOf(names[0]), set.IndexOf(names[1]));
            }
            catch (ArgumentException e)
            {
                throw new CliUsageException($"--pair: {e.Message}");
            }
            if (first == second) throw new CliUsageException($"--pair needs two different instruments, got '{names[0]}' twice.");
            io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{set.Instruments.Count} instruments; the last {set.HeldOutClips * options.FrontEnd.ClipSamples / (double)options.FrontEnd.SampleRate:0.##} s of each recording are held out."));

            var context = new MLContext(seed: options.Seed);
            using var model = context.AudioVisual().MixAndSeparate(options).Fit(set.TrainingRows(context));
            string folder = parse.GetValue(output)!;
            Directory.CreateDirectory(folder);
            model.Save(Path.Combine(folder, "model.zip"));
            SeparationCommands.ApplyMaskThreshold(model, parse.GetValue(threshold));
            SeparationCommands.ApplyNormalizeMasks(model, parse.GetValue(normalize));
            SeparationCommands.ApplyMaskExponent(model, parse.GetValue(exponent));
            SeparationCommands.ApplyTimeShifts(model, parse.GetValue(shifts));

            var demo = set.HeldOutMixture(first, second);
            io.Out.WriteLine($"Separating the held-out {demo.Names[0]} + {demo.Names[1]} mixture ({demo.Mixture.Length / (double)model.FrontEnd.SampleRate:0.##} s) by their drawings...");
            var report = SeparationEvaluator.Evaluate(model, demo.Manifest, r => demo.Recordings[r], set.Image);
            io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{demo.Names[0]} + {demo.Names[1]} (held out, {report.Mixtures} clips): NSDR {report.Nsdr:0.00} dB (SDR {report.Sdr:0.00}, SIR {report.Sir:0.00}, SAR {report.Sar:0.00}); mixture SDR {report.MixtureSdr:0.00}; ideal binary mask NSDR {report.OracleIbmNsdr:0.00}."));

            float[][] visuals = [set.Image(first), set.Image(second)];
            var result = model.Separate(demo.Mixture, visuals);
            var pictures = visuals.Select(v => new SeparationPicture(v, v, 3, model.VisualShape.Height, model.VisualShape.Width)).ToArray();
            SeparationOutputFolder.Write(folder, model.FrontEnd, demo.Mixture, result, writeMixture: true, references: demo.References,
                pictures: pictures, pixelMaps: model.PixelEnergy(demo.Mixture, visuals));

            var json = new JsonObject
            {
                ["pair"] = new JsonArray(demo.Names.Select(n => (JsonNode?)n).ToArray()),
                ["held_out_seconds"] = demo.Mixture.Length / (double)model.FrontEnd.SampleRate,
                ["demo_mixture"] = SeparationCommands.ReportJson(report),
                ["mask_threshold"] = SeparationCommands.MaskThresholdJson(model),
                ["normalized_masks"] = model.Options.NormalizesAppliedMasks,
                ["mask_exponent"] = SeparationCommands.MaskExponentJson(model),
                ["instruments"] = set.Instruments.Count,
                ["training_epochs"] = model.TrainingSummary!.Epochs,
                ["training_steps"] = model.TrainingSummary.Steps,
                ["training_minutes"] = model.TrainingSummary.Elapsed.TotalMinutes,
                ["note"] = "One recording per instrument: the held-out seconds come from the recordings the model learned from. A demo, not a benchmark.",
            };
            if (parse.GetValue(allPairs))
            {
                io.Out.WriteLine("Scoring the held-out mixtures of every pair...");
                var (manifest, recordings) = set.HeldOutManifest(set.AllPairs);
                var every = SeparationEvaluator.Evaluate(model, manifest, r => recordings[r], set.Image);
                json["all_held_out_pairs"] = SeparationCommands.ReportJson(every);
                io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"All {set.AllPairs.Count()} held-out pairs ({every.Mixtures} clips, {every.Skipped} skipped): NSDR {every.Nsdr:0.00} dB (SDR {every.Sdr:0.00}, SIR {every.Sir:0.00}, SAR {every.Sar:0.00}); mixture SDR {every.MixtureSdr:0.00}; ideal binary mask NSDR {every.OracleIbmNsdr:0.00}."));
            }
            AtomicFile.WriteAllText(Path.Combine(folder, "report.json"), CliOutput.ToJson(json));
            RunReport.Write(folder);
            io.Out.WriteLine($"Wrote {folder}: model.zip, report.json, mixture.wav, source_<i>.wav, reference_<i>.wav, PNGs and {RunReport.FileName} (all on one page).");
            return 0;
        }));
        return command;
    }
}
