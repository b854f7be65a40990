namespace Microsoft.ML.AudioVisual.Spectral;

/// <summary>
/// The log-frequency warp of "The Sound of Pixels" (Zhao et al., 2018; PixelPlayer's <c>warpgrid</c>):
/// a linear-frequency spectrogram resampled to rows spaced logarithmically in frequency.
/// </summary>
/// <remarks>
/// Output row y (0..outBins-1) samples the input at the normalised coordinate
/// <c>g = (21^((v+1)/2) - 11) / 10</c> with <c>v = linspace(-1, 1, outBins)[y]</c>, i.e. input row
/// <c>(g + 1) / 2 · (bins - 1)</c>, by linear interpolation between the two neighbouring rows (zero outside)
/// — <c>torch.nn.functional.grid_sample(mode='bilinear', align_corners=True)</c> with an identity time axis.
/// The grid coordinates and interpolation weights are computed in float32 with PyTorch's roundings (its
/// <c>linspace</c>, SLEEF <c>pow</c>, grid_sample's unnormalisation), so rows are sampled at exactly the
/// reference positions; the weighted sum is accumulated in double.
/// </remarks>
public static class LogFrequencyWarp
{
    /// <summary>Warps a row-major <c>[bins, frames]</c> spectrogram to <c>[outBins, frames]</c>.</summary>
    /// <param name="linear">Row-major <c>[bins, frames]</c> values (e.g. STFT magnitudes).</param>
    /// <param name="bins">Input rows (&gt;= 2).</param>
    /// <param name="frames">Columns (&gt;= 1); unchanged by the warp.</param>
    /// <param name="outBins">Output rows (&gt;= 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is out of range.</exception>
    /// <exception cref="ArgumentException"><paramref name="linear"/> does not hold bins × frames values.</exception>
    public static float[] Apply(ReadOnlySpan<float> linear, int bins, int frames, int outBins)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        var plan = new Plan(bins, outBins);
        if (linear.Length != (long)bins * frames)
        {
            throw new ArgumentException($"Expected [{bins}, {frames}] = {(long)bins * frames} values, got {linear.Length}.", nameof(linear));
        }

        var result = new float[outBins * frames];
        for (int t = 0; t < frames; t++)
        {
            plan.ApplyFrame(linear[t..], frames, result.AsSpan(t), frames);
        }

        return result;
    }

    /// <summary>Precomputed source rows and weights of the warp.</summary>
    internal sealed class Plan
    {
        private readonly int[] _lower;
        private readonly float[] _upperWeight;

        public Plan(int bins, int outBins)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(bins, 2);
            ArgumentOutOfRangeException.ThrowIfLessThan(outBins, 1);
            Bins = bins;
            _lower = new int[outBins];
            _upperWeight = new float[outBins];
            // The grid is computed in float32 exactly as the reference (torch) computes it; see TorchFloatMath.
            float[] v = TorchFloatMath.Linspace(-1f, 1f, outBins);
            for (int y = 0; y < outBins; y++)
            {
                float g = (TorchFloatMath.Pow(21f, (v[y] + 1f) / 2f) - 11f) / 10f;

                // grid_sample's unnormalisation (align_corners=True) and weights, in float like torch.
                float source = (g + 1f) * ((bins - 1) / 2f);
                float lower = MathF.Floor(source);
                _lower[y] = (int)lower;
                _upperWeight[y] = source - lower;
            }
        }

        public int Bins { get; }

        /// <summary>
        /// Warps one frame: input bin k is <c>spectrum[k * inputStride]</c>, output row y goes to <c>output[y * outputStride]</c>.
        /// </summary>
        public void ApplyFrame(ReadOnlySpan<float> spectrum, int inputStride, Span<float> output, int outputStride)
        {
            for (int y = 0; y < _lower.Length; y++)
            {
                int lo = _lower[y];
                double wHi = _upperWeight[y], wLo = 1f - _upperWeight[y];
                double value = 0;
                if ((uint)lo < (uint)Bins)
                {
                    value += wLo * spectrum[lo * inputStride];
                }

                if ((uint)(lo + 1) < (uint)Bins)
                {
                    value += wHi * spectrum[(lo + 1) * inputStride];
                }

                output[y * outputStride] = (float)value;
            }
        }
    }
}
