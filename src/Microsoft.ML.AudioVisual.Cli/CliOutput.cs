using System.Text.Json;
using System.Text.Json.Nodes;

namespace Microsoft.ML.AudioVisual.Cli;

/// <summary>Where a command writes, and the one-line failure convention of <c>avl</c>.</summary>
internal sealed class CliOutput(TextWriter output, TextWriter error)
{
    // Paths and names stay readable: no \uXXXX escapes for non-ASCII letters (the files are UTF-8).
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Standard output.</summary>
    public TextWriter Out { get; } = output;

    /// <summary>Standard error.</summary>
    public TextWriter Error { get; } = error;

    /// <summary>
    /// Runs a command body. Any failure prints one line, <c>avl: error: &lt;file and cause&gt;</c>, on standard
    /// error and exits with 1 (2 for invalid arguments); the stack trace is not shown.
    /// </summary>
    public int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is ArgumentException or CliUsageException)
        {
            Error.WriteLine($"avl: error: {OneLine(e.Message)}");
            return 2;
        }
        catch (OperationCanceledException)
        {
            Error.WriteLine("avl: error: cancelled.");
            return 130;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException or UnauthorizedAccessException or NotSupportedException)
        {
            Error.WriteLine($"avl: error: {OneLine(e.Message)}");
            return 1;
        }
    }

    /// <summary>Writes a JSON document to standard output.</summary>
    public void WriteJson(JsonNode node) => Out.WriteLine(node.ToJsonString(Indented));

    /// <summary>Serialises a JSON document for files.</summary>
    public static string ToJson(JsonNode node) => node.ToJsonString(Indented);

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}

/// <summary>A command-line usage error (bad flag combination or value).</summary>
internal sealed class CliUsageException(string message) : Exception(message);
