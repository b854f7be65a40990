using System.Numerics;

namespace Microsoft.ML.AudioVisual.Evaluation;

/// <summary>
/// Least-squares projections of a signal onto the span of delayed copies (delays 0 to <c>filterLength − 1</c>) of
/// reference sources: bss_eval's time-invariant distortion filter model (Vincent et al. 2006, section III.B), as
/// mir_eval's <c>_project</c> computes it.
/// </summary>
/// <remarks>
/// The inner products between delayed signals are lags of cross-correlations, computed by FFT with enough zero
/// padding (the next power of two at or above <c>samples + filterLength − 1</c>) that the circular correlation
/// equals the linear one at every lag used. The Gram matrices depend on the references only, so they are built and
/// factored once and reused for every estimate (mir_eval rebuilds them per call; the values are the same).
/// </remarks>
internal sealed class DelayedSourceProjector
{
    private readonly int _sources;
    private readonly int _samples;
    private readonly int _filterLength;
    private readonly ComplexFft _fft;
    private readonly Complex[][] _spectra;
    private readonly GramSolver[] _perSource;
    private readonly GramSolver _allSources;

    /// <summary>Prepares projections onto <paramref name="references"/> (equal lengths, checked by the caller).</summary>
    public DelayedSourceProjector(double[][] references, int filterLength)
    {
        _sources = references.Length;
        _samples = references[0].Length;
        _filterLength = filterLength;
        _fft = new ComplexFft((int)BitOperations.RoundUpToPowerOf2((uint)ProjectedLength));
        _spectra = Array.ConvertAll(references, r => _fft.ForwardReal(r));

        // Block (i, j) of the Gram matrix: <r_i delayed a, r_j delayed b> = xcorr_ij[b − a].
        int size = _sources * filterLength;
        var gram = new double[size * size];
        for (int i = 0; i < _sources; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double[] lags = CrossCorrelation(_spectra[i], _spectra[j]);
                for (int a = 0; a < filterLength; a++)
                {
                    for (int b = 0; b < filterLength; b++)
                    {
                        double value = lags[(b - a) & (lags.Length - 1)];
                        gram[((i * filterLength) + a) * size + (j * filterLength) + b] = value;
                        gram[((j * filterLength) + b) * size + (i * filterLength) + a] = value;
                    }
                }
            }
        }

        _allSources = GramSolver.Factor(gram, size);
        _perSource = new GramSolver[_sources];
        for (int j = 0; j < _sources; j++)
        {
            // With one reference both subspaces are the same: sharing the factor keeps the interference exactly
            // zero (SIR = +inf), as in mir_eval, where both projections run the same computation.
            _perSource[j] = _sources == 1 ? _allSources : GramSolver.Factor(DiagonalBlock(gram, size, j), filterLength);
        }
    }

    /// <summary>Length of a projection: the samples plus the filter's tail, <c>samples + filterLength − 1</c>.</summary>
    public int ProjectedLength => _samples + _filterLength - 1;

    /// <summary>
    /// The inner products of <paramref name="signal"/> with every delayed reference, source-major:
    /// element <c>i·filterLength + a</c> is <c>&lt;r_i delayed a, signal&gt;</c>. Pass the result to the projections.
    /// </summary>
    public double[] Correlate(ReadOnlySpan<double> signal)
    {
        Complex[] spectrum = _fft.ForwardReal(signal);
        var products = new double[_sources * _filterLength];
        for (int i = 0; i < _sources; i++)
        {
            double[] lags = CrossCorrelation(_spectra[i], spectrum);
            for (int a = 0; a < _filterLength; a++) products[(i * _filterLength) + a] = lags[(-a) & (lags.Length - 1)];
        }

        return products;
    }

    /// <summary>The projection onto the delayed copies of reference <paramref name="source"/> alone.</summary>
    public double[] ProjectOntoSource(double[] correlations, int source)
    {
        double[] filter = _perSource[source].Solve(correlations.AsSpan(source * _filterLength, _filterLength));
        return Filter([source], filter);
    }

    /// <summary>The projection onto the delayed copies of all references.</summary>
    public double[] ProjectOntoAllSources(double[] correlations)
    {
        double[] filters = _allSources.Solve(correlations);
        return Filter([.. Enumerable.Range(0, _sources)], filters);
    }

    /// <summary>Σ_k filters_k ∗ references[sources[k]], the first <see cref="ProjectedLength"/> samples, by FFT.</summary>
    private double[] Filter(int[] sources, double[] filters)
    {
        var sum = new Complex[_fft.Length];
        for (int k = 0; k < sources.Length; k++)
        {
            Complex[] response = _fft.ForwardReal(filters.AsSpan(k * _filterLength, _filterLength));
            Complex[] reference = _spectra[sources[k]];
            for (int f = 0; f < sum.Length; f++) sum[f] += response[f] * reference[f];
        }

        return _fft.InverseReal(sum)[..ProjectedLength];
    }

    /// <summary>Circular cross-correlation <c>c[k] = Σ_t x[t + k]·y[t]</c> from the spectra of x and y.</summary>
    private double[] CrossCorrelation(Complex[] x, Complex[] y)
    {
        var product = new Complex[x.Length];
        for (int f = 0; f < product.Length; f++) product[f] = x[f] * Complex.Conjugate(y[f]);
        return _fft.InverseReal(product);
    }

    /// <summary>Block (<paramref name="source"/>, <paramref name="source"/>) of the all-sources Gram matrix: the Gram matrix of that source alone.</summary>
    private double[] DiagonalBlock(double[] gram, int size, int source)
    {
        var block = new double[_filterLength * _filterLength];
        int offset = source * _filterLength;
        for (int a = 0; a < _filterLength; a++)
            gram.AsSpan(((offset + a) * size) + offset, _filterLength).CopyTo(block.AsSpan(a * _filterLength, _filterLength));
        return block;
    }
}
