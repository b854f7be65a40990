using System.Text;

namespace Microsoft.ML.AudioVisual.Reports;

/// <summary>Where a localizer pointed in one collage.</summary>
/// <param name="Name">The sounding subject.</param>
/// <param name="Score">The localizer's image-level score.</param>
/// <param name="PeakInTarget">True when the heat-map peak lies in the sounding subject's photo.</param>
/// <param name="PngPath">The heat-map overlay written for the collage.</param>
public sealed record CollageResult(string Name, float Score, bool PeakInTarget, string PngPath);

/// <summary>The collages of <see cref="PhotoCollageLocalization"/>: one per subject, each a 2 x 2 grid (chance of a hit 25 %).</summary>
/// <param name="Collages">One result per subject, in the subjects' order.</param>
public sealed record CollageReport(IReadOnlyList<CollageResult> Collages)
{
    /// <summary>Chance of pointing into the right photo of a 2 x 2 collage.</summary>
    public const double Chance = 0.25;

    /// <summary>Collages whose peak lies in the sounding subject's photo.</summary>
    public int Hits => Collages.Count(c => c.PeakInTarget);

    /// <summary>A markdown table (subject, score, hit) and the hit count against chance, then <paramref name="note"/>.</summary>
    /// <param name="subject">What the subjects are, for the table heading and the summary (e.g. "animal").</param>
    /// <param name="note">A closing remark, e.g. on what the result does and does not show.</param>
    public string ToMarkdown(string subject = "subject", string? note = null)
    {
        var text = new StringBuilder($"| {subject} | score | peak in its photo |\n| --- | --- | --- |\n");
        foreach (var c in Collages) text.AppendLine($"| {c.Name} | {c.Score:0.00} | {(c.PeakInTarget ? "yes" : "no")} |");
        text.Append($"\nPeak inside the sounding {subject}'s photo in {Hits} of {Collages.Count} collages (chance {Chance:P0}).");
        if (note is not null) text.Append(' ').Append(note);
        return text.AppendLine().ToString();
    }
}
