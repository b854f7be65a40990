namespace Microsoft.ML.AudioVisual.Spectral;

/// <summary>How the waveform is extended by <c>n_fft / 2</c> samples on each side when frames are centred.</summary>
public enum PaddingMode
{
    /// <summary>Mirror without repeating the edge sample (numpy/torch <c>'reflect'</c>): <c>[a b c d]</c> becomes <c>[c b | a b c d | c b]</c>. The input must be longer than the padding.</summary>
    Reflect,

    /// <summary>Zeros (torch <c>'constant'</c>, librosa &gt;= 0.9 default).</summary>
    Constant,
}
