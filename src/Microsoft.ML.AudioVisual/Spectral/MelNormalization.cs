namespace Microsoft.ML.AudioVisual.Spectral;

/// <summary>Normalisation of the triangular mel filters.</summary>
public enum MelNormalization
{
    /// <summary>Unit-peak triangles (torchaudio default).</summary>
    None,

    /// <summary>Slaney area normalisation: filter i is scaled by <c>2 / (f[i+2] - f[i])</c> (librosa default, <c>norm='slaney'</c>).</summary>
    Slaney,
}
