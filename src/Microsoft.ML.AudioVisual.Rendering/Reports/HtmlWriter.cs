using System.Globalization;
using System.Net;
using System.Text;

namespace Microsoft.ML.AudioVisual.Rendering.Reports;

/// <summary>
/// Builds one self-contained HTML page: every image and sound is inlined as a <c>data:</c> URI, the style sheet is
/// inline and there is no script, so the page renders offline and from any folder.
/// </summary>
internal sealed class HtmlWriter
{
    private const string Style = """
        body{font-family:system-ui,sans-serif;margin:2em auto;max-width:72em;color:#222;padding:0 1em}
        h1{font-size:1.6em}h2{font-size:1.3em;border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}h3{font-size:1.05em}
        table{border-collapse:collapse;margin:.5em 0 1em}td,th{border:1px solid #ddd;padding:.25em .6em;text-align:left;font-variant-numeric:tabular-nums}
        th{background:#f4f4f4}.confusion td{text-align:right;min-width:2.2em}
        figure{display:inline-block;margin:.4em;vertical-align:top;text-align:center}figcaption{font-size:.8em;color:#555;max-width:22em;word-break:break-all}
        img{image-rendering:pixelated;border:1px solid #ddd}.note{color:#666;font-size:.9em}
        .row{display:flex;flex-wrap:wrap;align-items:flex-start;gap:.3em;margin-bottom:1em}
        """;

    private readonly StringBuilder _html = new();

    public HtmlWriter(string title)
    {
        _html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(Escape(title))
             .Append("</title>\n<style>").Append(Style).Append("</style>\n</head>\n<body>\n");
        Heading(1, title);
    }

    public static string Escape(string text) => WebUtility.HtmlEncode(text);

    public static string DataUri(string mediaType, byte[] bytes) => $"data:{mediaType};base64,{Convert.ToBase64String(bytes)}";

    public static string Number(double value) =>
        double.IsNaN(value) ? "NaN" : Math.Abs(value) >= 1e5 || (value != 0 && Math.Abs(value) < 1e-3)
            ? value.ToString("0.###e+0", CultureInfo.InvariantCulture)
            : value.ToString("0.####", CultureInfo.InvariantCulture);

    public void Heading(int level, string text) => _html.Append($"<h{level}>").Append(Escape(text)).Append($"</h{level}>\n");

    public void Paragraph(string text, bool note = false) =>
        _html.Append(note ? "<p class=\"note\">" : "<p>").Append(Escape(text)).Append("</p>\n");

    /// <summary>A table; <paramref name="shade"/> (0 to 1 per cell, or null) tints cells, e.g. for a confusion matrix.</summary>
    public void Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, string? cssClass = null, Func<int, int, double?>? shade = null)
    {
        _html.Append(cssClass is null ? "<table>" : $"<table class=\"{cssClass}\">").Append("\n<tr>");
        foreach (var cell in header) _html.Append("<th>").Append(Escape(cell)).Append("</th>");
        _html.Append("</tr>\n");
        int r = 0;
        foreach (var row in rows)
        {
            _html.Append("<tr>");
            for (int c = 0; c < row.Count; c++)
            {
                double? tint = shade?.Invoke(r, c);
                string tag = c == 0 ? "th" : "td";
                _html.Append(tint is double t
                    ? $"<{tag} style=\"background:rgba(40,90,200,{Math.Clamp(t, 0, 1).ToString("0.00", CultureInfo.InvariantCulture)})\">"
                    : $"<{tag}>");
                _html.Append(Escape(row[c])).Append($"</{tag}>");
            }
            _html.Append("</tr>\n");
            r++;
        }
        _html.Append("</table>\n");
    }

    public void BeginRow() => _html.Append("<div class=\"row\">\n");

    public void EndRow() => _html.Append("</div>\n");

    /// <summary>A PNG with a caption; <paramref name="width"/> scales small images up for display.</summary>
    public void Figure(byte[] png, string caption, int? width = null, string? audioWav = null)
    {
        _html.Append("<figure><img src=\"").Append(DataUri("image/png", png)).Append("\" alt=\"").Append(Escape(caption)).Append('"');
        if (width is int w) _html.Append($" width=\"{w}\"");
        _html.Append('>');
        if (audioWav is not null) _html.Append("<br><audio controls preload=\"auto\" src=\"").Append(audioWav).Append("\"></audio>");
        _html.Append("<figcaption>").Append(Escape(caption)).Append("</figcaption></figure>\n");
    }

    public string Finish() => _html.Append("</body>\n</html>\n").ToString();
}
