namespace Microsoft.ML.AudioVisual.Downstream;

/// <summary>Options of <see cref="DownstreamDatasets.Load"/> that only some layouts use.</summary>
public sealed class DownstreamDatasetOptions
{
    /// <summary>ESC-50: keep only the ESC-10 rows.</summary>
    public bool Esc10Only { get; set; }

    /// <summary>UCF101: the official split, 1 to 3 (default 1).</summary>
    public int Ucf101Split { get; set; } = 1;

    /// <summary>DCASE: the metadata table; null to look for <c>meta.csv</c> in the root (or use folders per class).</summary>
    public string? MetadataFile { get; set; }

    /// <summary>DCASE: an optional train/test split file.</summary>
    public string? SplitFile { get; set; }

    /// <summary>Folder per class: the kind of file to take; null to infer it.</summary>
    public MediaModality? Modality { get; set; }
}

/// <summary>Loads a downstream data set by layout name: <c>esc50</c>, <c>dcase</c>, <c>ucf101</c> or <c>folder</c>.</summary>
public static class DownstreamDatasets
{
    /// <summary>The layout names <see cref="Load"/> accepts.</summary>
    public static IReadOnlyList<string> Layouts { get; } = ["esc50", "dcase", "ucf101", "folder"];

    /// <summary>Loads the data set of layout <paramref name="layout"/> at <paramref name="root"/>.</summary>
    /// <exception cref="ArgumentException">Unknown layout; the message lists the valid ones.</exception>
    public static DownstreamDataset Load(string layout, string root, DownstreamDatasetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(layout);
        options ??= new DownstreamDatasetOptions();
        return layout.Trim().ToLowerInvariant() switch
        {
            "esc50" => Esc50.Load(root, options.Esc10Only),
            "esc10" => Esc50.Load(root, esc10Only: true),
            "dcase" => DcaseScenes.Load(root, options.MetadataFile, options.SplitFile),
            "ucf101" => Ucf101.Load(root, options.Ucf101Split),
            "folder" => MediaFolder.Load(root, options.Modality),
            _ => throw new ArgumentException($"Unknown data set layout '{layout}'. Valid: {string.Join(", ", Layouts)}.", nameof(layout)),
        };
    }
}
