using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.ML.AudioVisual.Torch;
using Xunit;
using Xunit.Abstractions;

namespace Microsoft.ML.AudioVisual.Tests.Torch;

/// <summary>
/// An application outside the repository that references the TorchSharp library's project (not its package)
/// gets none of the repository's build targets, so only the library's runtime fix lets libtorch load where the
/// system libstdc++ lacks GLIBCXX_3.4.32. The test builds such an application in a temporary folder and trains
/// one step through the public API.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed partial class ProjectReferenceConsumerTests(ITestOutputHelper output)
{
    private const string ProjectFile = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <ImplicitUsings>enable</ImplicitUsings>
            <Nullable>enable</Nullable>
            <NoWarn>$(NoWarn);NU1603;NU1608</NoWarn>
          </PropertyGroup>
          <ItemGroup>
            <ProjectReference Include="{0}" />
          </ItemGroup>
        </Project>
        """;

    private const string Program = """
        using Microsoft.ML;
        using Microsoft.ML.AudioVisual;
        using Microsoft.ML.AudioVisual.Correspondence;
        using Microsoft.ML.AudioVisual.Towers;
        using Microsoft.ML.Data;

        var context = new MLContext(seed: 1);
        var random = new Random(3);
        var rows = Enumerable.Range(0, 16).Select(i => new Row
        {
            Image = Enumerable.Range(0, 8 * 8).Select(_ => (float)random.NextDouble()).ToArray(),
            Spectrogram = Enumerable.Range(0, 8 * 8).Select(_ => (float)random.NextDouble()).ToArray(),
            Group = i % 4,
        }).ToList();
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Image)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 1, 8, 8);
        schema[nameof(Row.Spectrogram)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 8, 8);
        var options = new AvcEmbeddingOptions
        {
            VisualColumnName = nameof(Row.Image), GroupColumnName = nameof(Row.Group), Epochs = 1, BatchSize = 16, ValidationFraction = 0, Threads = 1,
            Tower = new TowerArchitecture { Widths = [4] }, EmbeddingDimension = 4,
        };
        using var model = context.AudioVisual().AvcEmbedding(options).Fit(context.Data.LoadFromEnumerable(rows, schema));
        var embedding = model.EmbedAudio([rows[0].Spectrogram])[0];
        Console.WriteLine(FormattableString.Invariant($"TRAINED steps={model.TrainingSummary!.Steps} loss={model.TrainingSummary.FinalLoss:R} embedding={embedding.Length}"));

        public sealed class Row
        {
            public float[] Image { get; set; } = [];
            public float[] Spectrogram { get; set; } = [];
            public int Group { get; set; }
        }
        """;

    [DotnetCliFact]
    public void ApplicationReferencingTheProjectTrainsAStep()
    {
        var library = Path.Combine(SharedData.RepositoryRoot, "src", "Microsoft.ML.AudioVisual.TorchSharp", "Microsoft.ML.AudioVisual.TorchSharp.csproj");
        using var temp = new TempFolder(); // under /tmp: outside the repository and its Directory.Build.* files
        File.WriteAllText(temp.File("Consumer.csproj"), string.Format(CultureInfo.InvariantCulture, ProjectFile, library));
        File.WriteAllText(temp.File("Program.cs"), Program);
        File.Copy(Path.Combine(SharedData.RepositoryRoot, "NuGet.config"), temp.File("NuGet.config"));
        // Stop MSBuild's upward search for these at the temporary folder.
        foreach (var name in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
            File.WriteAllText(temp.File(name), "<Project />");

        // The library's outputs of this test run are used as they are (no rebuild of the repository from a test);
        // copy-local files are hard links, which saves copying libtorch and proves the NuGet cache stays untouched.
        var build = DotnetCli.Run(temp.Path, TimeSpan.FromMinutes(5), "build", "Consumer.csproj", "-c", DotnetCli.Configuration,
            "-p:BuildProjectReferences=false", "-p:CreateHardLinksForCopyLocalIfPossible=true",
            "--disable-build-servers", "-nodeReuse:false", "-v:q", "-nologo");
        Assert.True(build.ExitCode == 0, $"dotnet build failed:\n{build.Output}");

        var outputFolder = Path.Combine(temp.Path, "bin", DotnetCli.Configuration, "net10.0");
        var run = DotnetCli.Run(temp.Path, TimeSpan.FromMinutes(2), Path.Combine(outputFolder, "Consumer.dll"));
        output.WriteLine(run.Output);
        Assert.True(run.ExitCode == 0, $"the consumer failed:\n{run.Output}");

        var result = TrainedLine().Match(run.Output);
        Assert.True(result.Success, $"no result line in:\n{run.Output}");
        Assert.Equal("1", result.Groups["steps"].Value); // 16 rows, batch 16, one epoch
        Assert.True(double.IsFinite(double.Parse(result.Groups["loss"].Value, CultureInfo.InvariantCulture)));
        Assert.Equal("4", result.Groups["embedding"].Value);
        // TorchSharp's fallback after a failed load copies ~500 MB of natives into cpu/.
        Assert.False(Directory.Exists(Path.Combine(outputFolder, "cpu")));

        if (PristineLibTorchSharp.Path is string pristine)
        {
            var copy = Path.Combine(outputFolder, "runtimes", "linux-x64", "native", LibTorchSharpGlibcxxPatch.LibraryFileName);
            Assert.Equal(!LibTorchSharpGlibcxxPatch.SystemLibStdCxxLacksVersion(), LibTorchSharpGlibcxxPatch.NeedsPatch(copy));
            Assert.True(LibTorchSharpGlibcxxPatch.NeedsPatch(pristine));
        }
    }

    [GeneratedRegex(@"TRAINED steps=(?<steps>\d+) loss=(?<loss>\S+) embedding=(?<embedding>\d+)")]
    private static partial Regex TrainedLine();
}
