using System.Diagnostics;
using System.IO.Compression;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Microsoft.ML.AudioVisual.Cli;
using Microsoft.ML.AudioVisual.Correspondence;
using Microsoft.ML.AudioVisual.IO;
using Microsoft.ML.AudioVisual.Torch;
using Microsoft.ML.AudioVisual.Towers;
using Xunit;
using Xunit.Abstractions;

namespace Microsoft.ML.AudioVisual.Tests.Packaging;

/// <summary>
/// What <c>dotnet pack</c> makes: the four library packages and <c>avl</c> as a .NET tool, installed with
/// <c>dotnet tool install</c> and run as a user runs it.
/// </summary>
/// <remarks>
/// The solution is packed with <c>--no-build</c> in the configuration these tests were built in (Debug under a plain
/// <c>dotnet test</c>), from the outputs the test run has just built: a Release pack would compile the four projects
/// again and copy libtorch (~600 MB) into a second set of output folders, for no difference in what is tested (the
/// package layout, the tool's entry point, the natives and their load fix do not depend on the configuration). Release
/// packages come from <c>dotnet pack -c Release</c>. The tool package holds libtorch, so packing it (compression,
/// ~25 s on 2 cores) dominates; the install (~8 s) reads only the local folder. In the TorchSharp collection: it trains
/// in-process and must not compete with other libtorch tests for the cores.
/// </remarks>
[Collection(TorchCollection.Name)]
public sealed class PackagesTests(ITestOutputHelper output)
{
    private const string ToolPackageId = "Microsoft.ML.AudioVisual.Cli";

    private static readonly string Version =
        typeof(AvlApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;

    [DotnetCliFact]
    public void PackedToolInstallsAndRunsItsCommands()
    {
        using var temp = new TempFolder(); // under /tmp: outside the repository and its global.json
        var packages = Directory.CreateDirectory(temp.File("packages")).FullName;
        var clock = Stopwatch.StartNew();
        var pack = DotnetCli.Run(SharedData.RepositoryRoot, TimeSpan.FromMinutes(10), "pack", "Microsoft.ML.AudioVisual.sln",
            "-c", DotnetCli.Configuration, "--no-build", "-o", packages, $"-p:PublishDir={temp.File("publish")}/",
            "--disable-build-servers", "-nodeReuse:false", "-v:q", "-nologo");
        Assert.True(pack.ExitCode == 0, $"dotnet pack failed:\n{pack.Output}");
        output.WriteLine($"pack: {clock.Elapsed.TotalSeconds:F1} s");

        CheckLibraryPackages(packages);

        // Only the local folder as a source: the install is offline and finds exactly the package just made.
        File.WriteAllText(temp.File("nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{packages}" />
              </packageSources>
            </configuration>
            """);
        var tools = temp.File("tools");
        clock.Restart();
        var install = DotnetCli.Run(temp.Path, TimeSpan.FromMinutes(5), "tool", "install", "--tool-path", tools,
            "--configfile", temp.File("nuget.config"), ToolPackageId, "--version", Version);
        Assert.True(install.ExitCode == 0, $"dotnet tool install failed:\n{install.Output}");
        output.WriteLine($"install: {clock.Elapsed.TotalSeconds:F1} s");

        var avl = Path.Combine(tools, OperatingSystem.IsWindows() ? "avl.exe" : "avl");
        clock.Restart();
        var version = RunTool(avl, temp.Path, "--version");
        Assert.Equal(Version, version.Trim());

        // probe: FFmpeg through the tool, the same JSON as the in-process command.
        var clip = Ffmpeg.MakeClip(temp.File("clip.mp4"), 1, width: 32, height: 24);
        var probe = RunTool(avl, temp.Path, "probe", clip);
        Assert.Equal(InProcess("probe", clip), probe);
        Assert.Equal(32, (int)JsonNode.Parse(probe)!["video"]!["width"]!);

        // logmel: a generated WAV, the same values as the in-process command.
        var wav = temp.File("tone.wav");
        WavFile.Write(wav, Enumerable.Range(0, 16000).Select(i => 0.5f * MathF.Sin(2 * MathF.PI * 440 * i / 16000f)).ToArray(), 16000);
        string[] logmel = ["logmel", wav, "--sample-rate", "16000", "--n-mels", "40", "--db"];
        RunTool(avl, temp.Path, [.. logmel, "--out", temp.File("tool.npy")]);
        InProcess([.. logmel, "--out", temp.File("in-process.npy")]);
        var fromTool = NpyFile.Read(temp.File("tool.npy"));
        Assert.Equal(40, fromTool.Shape[0]);
        Assert.Equal(NpyFile.Read(temp.File("in-process.npy")).ToSingles(), fromTool.ToSingles());

        // motion: OpenCV's native library travels in the tool package and loads there.
        string[] motion = ["motion", "--video", clip, "--stride", "8", "--frames", "4"];
        RunTool(avl, temp.Path, [.. motion, "--out", temp.File("tool-motion")]);
        InProcess([.. motion, "--out", temp.File("in-process-motion")]);
        var motionFromTool = NpyFile.Read(Path.Combine(temp.File("tool-motion"), "trajectories.npy"));
        Assert.Equal([3, 2, 3, 4], motionFromTool.Shape);
        Assert.Equal(NpyFile.Read(Path.Combine(temp.File("in-process-motion"), "trajectories.npy")).ToSingles(), motionFromTool.ToSingles());

        CheckTorchRunsInTheTool(avl, tools, temp);
        output.WriteLine($"tool runs: {clock.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>
    /// libtorch loads in the installed tool, and where the system libstdc++ is too old the runtime fix patches the tool's
    /// own copy of libLibTorchSharp.so: the copy is replaced by TorchSharp's original first, as in a package made on a
    /// distribution whose libstdc++ needed no patch at pack time.
    /// </summary>
    private void CheckTorchRunsInTheTool(string avl, string tools, TempFolder temp)
    {
        var model = temp.File("model.zip");
        var context = new MLContext(seed: 1);
        var options = new AvcEmbeddingOptions
        {
            VisualColumnName = "Image", GroupColumnName = "Group", Epochs = 1, BatchSize = 16, ValidationFraction = 0, Threads = 1,
            Tower = new TowerArchitecture { Widths = [4] }, EmbeddingDimension = 4,
        };
        using (var trained = context.AudioVisual().AvcEmbedding(options).Fit(ToyAudioVisual.Create(context, count: 16)))
            trained.Save(model);
        var image = temp.File("image.png");
        Ffmpeg.Run("-f", "lavfi", "-i", "testsrc2=size=32x32", "-frames:v", "1", image);

        var native = Directory.EnumerateFiles(tools, LibTorchSharpGlibcxxPatch.LibraryFileName, SearchOption.AllDirectories)
            .Single(f => f.Contains(Path.Combine("runtimes", "linux-x64", "native"), StringComparison.Ordinal));
        if (PristineLibTorchSharp.Path is string pristine) File.Copy(pristine, native, overwrite: true);

        string[] embed = ["embed", "--model", model, "--image", image];
        RunTool(avl, temp.Path, [.. embed, "--out", temp.File("tool-embedding.npy")]);
        InProcess([.. embed, "--out", temp.File("in-process-embedding.npy")]);
        var fromTool = NpyFile.Read(temp.File("tool-embedding.npy"));
        var expected = NpyFile.Read(temp.File("in-process-embedding.npy")).ToSingles();
        Assert.Equal([1, 4], fromTool.Shape);
        var actual = fromTool.ToSingles();
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-5f);

        if (PristineLibTorchSharp.Path is not null)
            Assert.Equal(!LibTorchSharpGlibcxxPatch.SystemLibStdCxxLacksVersion(), LibTorchSharpGlibcxxPatch.NeedsPatch(native));
        // TorchSharp's fallback after a failed load copies ~500 MB of natives into cpu/ beside the application.
        Assert.Empty(Directory.EnumerateDirectories(tools, "cpu", SearchOption.AllDirectories));
    }

    private static void CheckLibraryPackages(string folder)
    {
        var core = ReadPackage(folder, "Microsoft.ML.AudioVisual");
        var torch = ReadPackage(folder, "Microsoft.ML.AudioVisual.TorchSharp");
        var rendering = ReadPackage(folder, "Microsoft.ML.AudioVisual.Rendering");
        var onnx = ReadPackage(folder, "Microsoft.ML.AudioVisual.Onnx");
        var tool = ReadPackage(folder, ToolPackageId);
        foreach (var package in new[] { core, torch, rendering, onnx, tool })
        {
            Assert.Equal("MIT", package.License);
            Assert.Contains("LICENSE", package.Files);
            Assert.Contains("THIRD-PARTY-NOTICES.md", package.Files);
        }
        Assert.Contains("buildTransitive/Microsoft.ML.AudioVisual.TorchSharp.targets", torch.Files);
        Assert.Contains("buildTransitive/LibTorchSharpGlibcxxPatch.cs", torch.Files);
        Assert.Contains("lib/net10.0/Microsoft.ML.AudioVisual.Rendering.dll", rendering.Files);
        Assert.Contains("tools/net10.0/any/DotnetToolSettings.xml", tool.Files);

        Assert.Contains("Microsoft.ML.AudioVisual", torch.Dependencies);
        Assert.Contains("TorchSharp", torch.Dependencies);
        Assert.DoesNotContain("SkiaSharp", torch.Dependencies);
        Assert.Contains("Microsoft.ML.AudioVisual", rendering.Dependencies);
        Assert.Contains("SkiaSharp", rendering.Dependencies);
        Assert.DoesNotContain("TorchSharp", rendering.Dependencies);
        Assert.DoesNotContain("TorchSharp", core.Dependencies);
        // The serving package: ApplyOnnxModel and the build-time choice of ONNX Runtime (CPU by default), no TorchSharp.
        Assert.Contains("lib/net10.0/Microsoft.ML.AudioVisual.Onnx.dll", onnx.Files);
        Assert.Contains("Microsoft.ML.AudioVisual", onnx.Dependencies);
        Assert.Contains("Microsoft.ML.OnnxTransformer", onnx.Dependencies);
        Assert.Contains("Microsoft.ML.OnnxRuntime", onnx.Dependencies);
        Assert.DoesNotContain("TorchSharp", onnx.Dependencies);
    }

    private sealed record PackageContents(string License, IReadOnlySet<string> Files, IReadOnlySet<string> Dependencies);

    private static PackageContents ReadPackage(string folder, string id)
    {
        var path = Path.Combine(folder, $"{id}.{Version}.nupkg");
        Assert.True(File.Exists(path), $"dotnet pack made no {Path.GetFileName(path)}; the folder holds: {string.Join(", ", Directory.GetFiles(folder).Select(Path.GetFileName))}");
        using var zip = ZipFile.OpenRead(path);
        var files = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
        using var nuspecStream = zip.Entries.Single(e => e.FullName == $"{id}.nuspec").Open();
        var metadata = XDocument.Load(nuspecStream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        var license = metadata.Elements().Single(e => e.Name.LocalName == "license");
        Assert.Equal("expression", (string?)license.Attribute("type"));
        var dependencies = metadata.Descendants().Where(e => e.Name.LocalName == "dependency")
            .Select(e => (string)e.Attribute("id")!).ToHashSet(StringComparer.Ordinal);
        return new PackageContents(license.Value, files, dependencies);
    }

    /// <summary>Runs the installed tool; asserts it succeeds and returns its standard output.</summary>
    private string RunTool(string avl, string workingDirectory, params string[] arguments)
    {
        // The tool's launcher finds the runtime through DOTNET_ROOT, as after `dotnet tool install` in a user's shell.
        var environment = new Dictionary<string, string> { ["DOTNET_ROOT"] = Path.GetDirectoryName(DotnetCli.Path!)! };
        var (exit, stdout, stderr) = ChildProcess.RunSeparately(avl, workingDirectory, TimeSpan.FromMinutes(2), arguments, environment);
        output.WriteLine($"avl {string.Join(' ', arguments)} -> {exit}");
        Assert.True(exit == 0, $"avl {string.Join(' ', arguments)} exited with {exit}:\n{stderr}\n{stdout}");
        return stdout;
    }

    private static string InProcess(params string[] arguments)
    {
        var (exit, stdout, error) = Cli.AvlCommandTests.Avl(arguments);
        Assert.True(exit == 0, $"in-process avl {string.Join(' ', arguments)} exited with {exit}:\n{error}");
        return stdout;
    }
}
