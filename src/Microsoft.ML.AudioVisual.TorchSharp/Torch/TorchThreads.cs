using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Torch;

/// <summary>Sets libtorch's intra-op thread count for a scope and restores the previous count afterwards.</summary>
internal sealed class TorchThreads : IDisposable
{
    private readonly int? _previous;

    private TorchThreads(int? threads)
    {
        if (threads is int n && n != get_num_threads())
        {
            _previous = get_num_threads();
            set_num_threads(n);
        }
    }

    /// <summary>Uses <paramref name="threads"/> threads until disposed; null changes nothing.</summary>
    public static TorchThreads Use(int? threads) => new(threads);

    public void Dispose()
    {
        if (_previous is int n) set_num_threads(n);
    }
}
