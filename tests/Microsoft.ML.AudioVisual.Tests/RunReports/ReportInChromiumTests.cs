using Microsoft.ML.AudioVisual.Rendering.Reports;
using PuppeteerSharp;
using Xunit;
using Xunit.Abstractions;

namespace Microsoft.ML.AudioVisual.Tests.RunReports;

/// <summary>Opens a rendered run report in headless Chromium: it must render with no console error, every image decoded and every sound loadable.</summary>
public sealed class ReportInChromiumTests(ITestOutputHelper output)
{
    private const string ImageWidths = "Array.from(document.images).map(i => i.complete ? i.naturalWidth : 0)";

    // Resolves with each audio element's readyState once it has metadata (>= 1), -1 on a load error, or its state after 15 s.
    private const string AudioStates = """
        () => Promise.all(Array.from(document.querySelectorAll('audio')).map(a => a.readyState >= 1 ? a.readyState : new Promise(resolve => {
            a.addEventListener('loadedmetadata', () => resolve(a.readyState));
            a.addEventListener('canplay', () => resolve(a.readyState));
            a.addEventListener('error', () => resolve(-1));
            setTimeout(() => resolve(a.readyState), 15000);
        })))
        """;

    [ChromiumFact]
    public async Task PageRendersWithEveryImageAndSoundLoaded()
    {
        using var run = new TempFolder();
        ReportRunFolder.Build(run.Path);
        string page = RunReport.Write(run.Path);

        var errors = new List<string>();
        await using var browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = Chromium.ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        await using var tab = await browser.NewPageAsync();
        tab.Console += (_, e) => { if (e.Message.Type == ConsoleType.Error) errors.Add(e.Message.Text); };
        tab.PageError += (_, e) => errors.Add(e.Message);
        await tab.SetViewportAsync(new ViewPortOptions { Width = 1200, Height = 900 });
        var response = await tab.GoToAsync(new Uri(page).AbsoluteUri, new NavigationOptions { WaitUntil = [WaitUntilNavigation.Load] });
        Assert.True(response is null || response.Ok, $"Chromium could not open {page}.");

        var widths = await tab.EvaluateExpressionAsync<int[]>(ImageWidths);
        var audio = await tab.EvaluateFunctionAsync<int[]>(AudioStates);
        string screenshot = Path.Combine(AppContext.BaseDirectory, "report-screenshots", "run-report.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await tab.ScreenshotAsync(screenshot, new ScreenshotOptions { FullPage = true });
        output.WriteLine($"{widths.Length} images (natural widths {string.Join(", ", widths)}), {audio.Length} sounds (ready states {string.Join(", ", audio)}); screenshot {screenshot}");

        Assert.Empty(errors);
        Assert.Equal(19, widths.Length);
        Assert.All(widths, w => Assert.True(w > 0, "an image did not decode"));
        Assert.NotEmpty(audio);
        Assert.All(audio, state => Assert.True(state >= 1, $"a sound did not load (readyState {state})"));
        Assert.True(new FileInfo(screenshot).Length > 0);
    }
}
