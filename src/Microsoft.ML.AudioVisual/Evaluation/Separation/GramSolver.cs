using System.Numerics;
using System.Runtime.InteropServices;

namespace Microsoft.ML.AudioVisual.Evaluation;

/// <summary>
/// Solves <c>G·x = b</c> for a symmetric positive semi-definite Gram matrix <c>G</c> by Cholesky factorisation
/// with diagonal pivoting, factored once and reused for many right-hand sides.
/// </summary>
/// <remarks>
/// <para>
/// mir_eval solves its Gram systems with <c>np.linalg.solve</c> (LU) and falls back to <c>np.linalg.lstsq</c> when
/// the matrix is exactly singular. A Gram matrix is symmetric positive semi-definite, so Cholesky does the same job
/// in half the work; diagonal pivoting (LAPACK's <c>dpstrf</c> order) keeps it stable. When the remaining diagonal
/// has no positive entry left, the rest of the matrix is rounding noise of a rank-deficient <c>G</c> (for example
/// two identical references): the factorisation stops at that rank and <see cref="Solve"/> returns the basic
/// least-squares solution, with zeros for the dependent unknowns. The projection built from it equals the one built
/// from lstsq's minimum-norm solution, which is all bss_eval uses.
/// </para>
/// <para>Immutable after construction; <see cref="Solve"/> is safe to call from several threads.</para>
/// </remarks>
internal sealed class GramSolver
{
    private readonly int _size;
    private readonly double[] _factor; // row-major lower triangle L of P^T·G·P = L·L^T, first Rank columns
    private readonly int[] _order;     // P as a permutation: row i of L is unknown _order[i]

    private GramSolver(int size, double[] factor, int[] order, int rank)
    {
        _size = size;
        _factor = factor;
        _order = order;
        Rank = rank;
    }

    /// <summary>The numerical rank found by the factorisation (the size when <c>G</c> is positive definite).</summary>
    public int Rank { get; }

    /// <summary>Factors the <paramref name="size"/>×<paramref name="size"/> row-major symmetric matrix <paramref name="gram"/> (only its lower triangle is read).</summary>
    public static GramSolver Factor(double[] gram, int size)
    {
        if (gram.Length != size * size) throw new ArgumentException($"Expected a {size}x{size} matrix, got {gram.Length} values.", nameof(gram));
        var l = new double[size * size];
        var order = new int[size];
        var remaining = new double[size]; // diagonal of the Schur complement, in the current order
        for (int i = 0; i < size; i++)
        {
            order[i] = i;
            remaining[i] = gram[(i * size) + i];
        }

        int rank = size;
        for (int j = 0; j < size; j++)
        {
            int pivot = j;
            for (int i = j + 1; i < size; i++)
                if (remaining[i] > remaining[pivot]) pivot = i;
            if (!(remaining[pivot] > 0))
            {
                rank = j;
                break;
            }

            if (pivot != j)
            {
                (order[j], order[pivot]) = (order[pivot], order[j]);
                (remaining[j], remaining[pivot]) = (remaining[pivot], remaining[j]);
                for (int k = 0; k < j; k++)
                    (l[(j * size) + k], l[(pivot * size) + k]) = (l[(pivot * size) + k], l[(j * size) + k]);
            }

            double diagonal = Math.Sqrt(remaining[j]);
            l[(j * size) + j] = diagonal;
            var rowJ = l.AsSpan(j * size, j);
            int oj = order[j];
            for (int i = j + 1; i < size; i++)
            {
                int oi = order[i];
                double g = oi >= oj ? gram[(oi * size) + oj] : gram[(oj * size) + oi];
                double value = (g - Dot(l.AsSpan(i * size, j), rowJ)) / diagonal;
                l[(i * size) + j] = value;
                remaining[i] -= value * value;
            }
        }

        return new GramSolver(size, l, order, rank);
    }

    /// <summary>A solution of <c>G·x = b</c>: the exact one when <c>G</c> is positive definite, else the basic least-squares one.</summary>
    public double[] Solve(ReadOnlySpan<double> rhs)
    {
        if (rhs.Length != _size) throw new ArgumentException($"Expected {_size} values, got {rhs.Length}.", nameof(rhs));
        int n = _size, r = Rank;
        var y = new double[r];
        for (int i = 0; i < r; i++)
            y[i] = (rhs[_order[i]] - Dot(_factor.AsSpan(i * n, i), y.AsSpan(0, i))) / _factor[(i * n) + i];
        for (int i = r - 1; i >= 0; i--)
        {
            double sum = y[i];
            for (int k = i + 1; k < r; k++) sum -= _factor[(k * n) + i] * y[k];
            y[i] = sum / _factor[(i * n) + i];
        }

        var x = new double[n];
        for (int i = 0; i < r; i++) x[_order[i]] = y[i];
        return x;
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        // SIMD partial sums: the factorisation is O(n³) dot products of contiguous rows.
        var sums = Vector<double>.Zero;
        ReadOnlySpan<Vector<double>> va = MemoryMarshal.Cast<double, Vector<double>>(a);
        ReadOnlySpan<Vector<double>> vb = MemoryMarshal.Cast<double, Vector<double>>(b[..a.Length]);
        for (int k = 0; k < va.Length; k++) sums += va[k] * vb[k];
        double sum = Vector.Sum(sums);
        for (int i = va.Length * Vector<double>.Count; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }
}
