namespace Microsoft.ML.AudioVisual.Spectral;

/// <summary>
/// A filter bank stored by rows of contiguous non-zero weights: a mel filter touches a few FFT bins,
/// so applying it sparsely costs about two multiply-adds per FFT bin instead of bins × bands.
/// </summary>
internal sealed class SparseFilterBank
{
    private readonly int[] _start;
    private readonly int[] _offset;
    private readonly float[] _weights;

    /// <summary>Builds the sparse form of a dense <c>[inputs, outputs]</c> matrix.</summary>
    public SparseFilterBank(float[,] dense)
    {
        int inputs = dense.GetLength(0), outputs = dense.GetLength(1);
        Inputs = inputs;
        Outputs = outputs;
        _start = new int[outputs];
        _offset = new int[outputs + 1];
        var weights = new List<float>();
        for (int m = 0; m < outputs; m++)
        {
            int first = 0, last = -1;
            for (int k = 0; k < inputs; k++)
            {
                if (dense[k, m] != 0f)
                {
                    if (last < 0)
                    {
                        first = k;
                    }

                    last = k;
                }
            }

            _start[m] = first;
            _offset[m] = weights.Count;
            for (int k = first; k <= last; k++)
            {
                weights.Add(dense[k, m]);
            }
        }

        _offset[outputs] = weights.Count;
        _weights = [.. weights];
    }

    /// <summary>Number of input values (rows of the dense matrix).</summary>
    public int Inputs { get; }

    /// <summary>Number of output values (columns of the dense matrix).</summary>
    public int Outputs { get; }

    /// <summary>Number of stored weights.</summary>
    public int NonZeroCount => _weights.Length;

    /// <summary>
    /// Writes <c>output[m * stride] = Σ_k dense[k, m] · input[k]</c>, accumulated in double.
    /// </summary>
    public void Apply(ReadOnlySpan<float> input, Span<float> output, int stride)
    {
        float[] weights = _weights;
        for (int m = 0; m < _start.Length; m++)
        {
            int begin = _offset[m], count = _offset[m + 1] - begin;
            ReadOnlySpan<float> w = weights.AsSpan(begin, count);
            ReadOnlySpan<float> x = input.Slice(_start[m], count);
            double sum = 0;
            for (int i = 0; i < w.Length; i++)
            {
                sum += (double)w[i] * x[i];
            }

            output[m * stride] = (float)sum;
        }
    }
}
