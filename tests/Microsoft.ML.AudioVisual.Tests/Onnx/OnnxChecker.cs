using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.Onnx;

/// <summary>Runs <c>onnx.checker.check_model(full_check=True)</c> of Debian's python3-onnx on exported files.</summary>
public static class OnnxChecker
{
    private const string Python = "/usr/bin/python3";

    private static readonly Lazy<bool> AvailableLazy = new(() => File.Exists(Python) && Run("-c", "import onnx").ExitCode == 0);

    /// <summary>True when Debian's python3 can import onnx.</summary>
    public static bool Available => AvailableLazy.Value;

    /// <summary>Why checker tests are skipped.</summary>
    public const string SkipReason = "python3-onnx is not installed (apt-get install python3-onnx) for /usr/bin/python3";

    /// <summary>Checks every file; returns the checker's output (one line per file), failing the test on any error.</summary>
    public static string CheckAll(IEnumerable<string> files)
    {
        const string script = "import sys, onnx\n" +
                              "for path in sys.argv[1:]:\n" +
                              "    model = onnx.load(path)\n" +
                              "    onnx.checker.check_model(model, full_check=True)\n" +
                              "    print(f'ok {path} ir={model.ir_version} opset={model.opset_import[0].version} onnx={onnx.__version__}')\n";
        var (exit, output) = Run(["-c", script, .. files]);
        Assert.True(exit == 0, $"onnx.checker rejected an exported file:\n{output}");
        return output;
    }

    private static (int ExitCode, string Output) Run(params string[] arguments) =>
        ChildProcess.Run(Python, System.IO.Path.GetTempPath(), TimeSpan.FromMinutes(5), arguments);
}

/// <summary>A fact that skips, with the reason, when python3-onnx is absent (or, if it asks for them, the shared data).</summary>
public sealed class OnnxCheckerFactAttribute : FactAttribute
{
    public OnnxCheckerFactAttribute()
    {
        if (!OnnxChecker.Available) Skip = OnnxChecker.SkipReason;
    }

    /// <summary>Also skip when <c>../shared</c> is absent.</summary>
    public bool RequiresSharedData
    {
        get => false;
        init
        {
            if (value && !SharedData.Available) Skip = SharedData.SkipReason;
        }
    }
}
