using System.Runtime.Versioning;
using Microsoft.ML.AudioVisual.Torch;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.Torch;

/// <summary>
/// The runtime half of the libLibTorchSharp.so load fix, on copies of the unpatched library. Where the system
/// libstdc++ already has GLIBCXX_3.4.32 the loader must leave every copy alone, so expectations depend on it.
/// </summary>
public sealed class LibTorchSharpLoaderTests
{
    private static readonly bool SystemNeedsFix = LibTorchSharpGlibcxxPatch.SystemLibStdCxxLacksVersion();

    [PristineLibTorchSharpFact]
    [SupportedOSPlatform("linux")] // the fact skips elsewhere
    public void PatchMarksTheRequirementWeakOnceKeepingTimestampAndMode()
    {
        using var temp = new TempFolder();
        var copy = PristineLibTorchSharp.CopyTo(temp.Path);
        var stamp = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(copy, stamp);
        var mode = File.GetUnixFileMode(copy);
        Assert.True(LibTorchSharpGlibcxxPatch.NeedsPatch(copy));

        Assert.True(LibTorchSharpGlibcxxPatch.Patch(copy));
        Assert.False(LibTorchSharpGlibcxxPatch.NeedsPatch(copy));
        Assert.False(LibTorchSharpGlibcxxPatch.Patch(copy)); // idempotent

        Assert.Equal(stamp, File.GetLastWriteTimeUtc(copy));
        Assert.Equal(mode, File.GetUnixFileMode(copy));
        var before = File.ReadAllBytes(PristineLibTorchSharp.Path!);
        var after = File.ReadAllBytes(copy);
        Assert.Equal(before.Length, after.Length);
        var changed = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToList();
        var offset = Assert.Single(changed);
        Assert.Equal(before[offset] | ElfSymbolVersions.VerFlagWeak, after[offset]);
        Assert.Single(Directory.GetFiles(temp.Path)); // no temporary file left behind
    }

    [PristineLibTorchSharpFact]
    public void ReadsDefinedVersionsOfLibStdCxx()
    {
        var libstdcxx = File.ReadAllBytes(LibTorchSharpGlibcxxPatch.LibStdCxxPath()!);
        Assert.True(ElfSymbolVersions.Defines(libstdcxx, "GLIBCXX_3.4"));
        Assert.False(ElfSymbolVersions.Defines(libstdcxx, "GLIBCXX_99.0"));
        Assert.Empty(ElfSymbolVersions.StrictNeedFlagOffsets(libstdcxx, LibTorchSharpGlibcxxPatch.MissingVersion));
        // The library needs the version; it does not define it. Bytes that are not ELF read as nothing.
        Assert.False(ElfSymbolVersions.Defines(File.ReadAllBytes(PristineLibTorchSharp.Path!), LibTorchSharpGlibcxxPatch.MissingVersion));
        Assert.Empty(ElfSymbolVersions.StrictNeedFlagOffsets(new byte[100], LibTorchSharpGlibcxxPatch.MissingVersion));
    }

    [PristineLibTorchSharpFact]
    public void PatchesTheApplicationCopyOnlyWhereTheSystemNeedsIt()
    {
        using var temp = new TempFolder();
        var app = Path.Combine(temp.Path, "app");
        var copy = PristineLibTorchSharp.CopyTo(app);

        LibTorchSharpLoader.EnsureLoadable([app]);
        Assert.Equal(!SystemNeedsFix, LibTorchSharpGlibcxxPatch.NeedsPatch(copy));
    }

    [PristineLibTorchSharpFact]
    public void NeverTouchesAPackageFolderAndExplainsWhenItsCopyWouldBeLoaded()
    {
        using var temp = new TempFolder();
        var package = Path.Combine(temp.Path, "torchsharp", "0.107.0");
        var native = Path.Combine(package, "runtimes", "linux-x64", "native");
        var packaged = PristineLibTorchSharp.CopyTo(native);
        File.WriteAllText(Path.Combine(package, "torchsharp.nuspec"), "<package />");
        var app = Path.Combine(temp.Path, "app");
        var copy = PristineLibTorchSharp.CopyTo(app);
        Assert.True(LibTorchSharpLoader.IsInPackageFolder(packaged));
        Assert.False(LibTorchSharpLoader.IsInPackageFolder(copy));

        // The application copy comes first: it is patched, the package is not, nothing to report.
        LibTorchSharpLoader.EnsureLoadable([app, native]);
        Assert.Equal(!SystemNeedsFix, LibTorchSharpGlibcxxPatch.NeedsPatch(copy));
        Assert.True(LibTorchSharpGlibcxxPatch.NeedsPatch(packaged));

        // The package copy comes first, so it is the one the runtime would load: a clear error, not TorchSharp's.
        if (SystemNeedsFix)
        {
            var error = Assert.Throws<InvalidOperationException>(() => LibTorchSharpLoader.EnsureLoadable([native, app]));
            Assert.Contains(packaged, error.Message);
            Assert.Contains(LibTorchSharpGlibcxxPatch.MissingVersion, error.Message);
            Assert.Contains("NuGet package folder", error.Message);
            Assert.Contains("buildTransitive", error.Message);
        }
        else
        {
            LibTorchSharpLoader.EnsureLoadable([native, app]);
        }
        Assert.True(LibTorchSharpGlibcxxPatch.NeedsPatch(packaged));
    }

    [PristineLibTorchSharpFact]
    public void FindsTheCopyThisApplicationLoads()
    {
        // The test project's own copy, in its output folder, which the repository's targets patched.
        var candidates = LibTorchSharpLoader.CandidatePaths(LibTorchSharpLoader.NativeSearchDirectories());
        Assert.NotEmpty(candidates);
        Assert.StartsWith(AppContext.BaseDirectory, candidates[0]);
        if (SystemNeedsFix) Assert.False(LibTorchSharpGlibcxxPatch.NeedsPatch(candidates[0]));
    }
}
