using Xunit;

namespace Microsoft.ML.AudioVisual.Tests;

/// <summary>Debian's headless-capable Chromium (<c>apt-get install chromium</c>; .ci/run installs it when missing).</summary>
public static class Chromium
{
    /// <summary>The browser the page tests drive (override with AVL_CHROMIUM).</summary>
    public static string ExecutablePath => Environment.GetEnvironmentVariable("AVL_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static bool Available => File.Exists(ExecutablePath);

    public static string SkipReason => $"Chromium not found at {ExecutablePath}: install it (apt-get install -y chromium) or set AVL_CHROMIUM.";
}

/// <summary>A fact that skips, with the reason, when Chromium is not installed.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (!Chromium.Available) Skip = Chromium.SkipReason;
    }
}
