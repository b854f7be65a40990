using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Torch;

/// <summary>
/// Runs a network for inference, one batch per call: under a lock (BatchNorm keeps running statistics, and
/// eval mode must not interleave with another thread's forward pass), in eval and inference mode, inside one
/// dispose scope. After <see cref="Close"/> every call throws an <see cref="ObjectDisposedException"/> naming
/// the owner, not a TorchSharp internal.
/// </summary>
internal sealed class InferenceRunner(nn.Module network, Device device, string ownerName)
{
    private readonly object _gate = new();
    private bool _closed;

    /// <summary>Where the network's tensors live.</summary>
    public Device Device { get; } = device;

    /// <summary>Runs <paramref name="body"/>; tensors it creates are freed when it returns.</summary>
    public void Run(Action body)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, ownerName);
            network.eval();
            using var inference = inference_mode();
            using var scope = NewDisposeScope();
            body();
        }
    }

    /// <summary>Marks the network as freed; later calls throw.</summary>
    public void Close()
    {
        lock (_gate) _closed = true;
    }
}
