namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>What <see cref="SeparationMapper"/> needs of a separator: its columns and a batched <c>Separate</c>.</summary>
internal interface IVisualSeparator
{
    /// <summary>Sources per mixture.</summary>
    int Sources { get; }

    /// <summary>Mixtures per inference batch.</summary>
    int InferenceBatchSize { get; }

    /// <summary>The front-end (rate, clip length, STFT, warp).</summary>
    SeparationFrontEnd FrontEnd { get; }

    /// <summary>The mixture column.</summary>
    string MixtureColumnName { get; }

    /// <summary>One visual column per source, in order.</summary>
    IReadOnlyList<string> VisualColumns { get; }

    /// <summary>One output waveform column per source, in order.</summary>
    IReadOnlyList<string> SeparatedColumns { get; }

    /// <summary>Whether a mask column follows every waveform column.</summary>
    bool OutputMasks { get; }

    /// <summary>Throws a schema error naming the column when <paramref name="name"/> does not hold this separator's visual input.</summary>
    void RequireVisualColumn(DataViewSchema schema, string name);

    /// <summary>Separates mixtures, each with one visual value per source.</summary>
    IReadOnlyList<SeparationResult> Separate(IReadOnlyList<float[]> mixtures, IReadOnlyList<IReadOnlyList<float[]>> visuals);
}
