using Microsoft.ML.AudioVisual.Datasets;

namespace Microsoft.ML.AudioVisual.Downstream;

/// <summary>One labelled media file of a downstream data set.</summary>
/// <param name="Path">The full path of the file.</param>
/// <param name="Label">The class name.</param>
/// <param name="Fold">The cross-validation fold the data set declares (ESC-50's <c>fold</c>), or null.</param>
/// <param name="Split">The part of a declared train/test split (UCF101's lists), or null.</param>
/// <param name="Attributes">Every other column the data set knows (ESC-50's <c>src_file</c>, UCF101's <c>group</c>, ...), usable with <c>--group-by</c>.</param>
public sealed record DownstreamItem(string Path, string Label, int? Fold, Split? Split, IReadOnlyDictionary<string, string> Attributes);
