using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Torch;

/// <summary>
/// Picks the TorchSharp device as ML.NET's GPU settings ask: CUDA device <see cref="MLContext.GpuDeviceId"/>
/// when it is set and CUDA is available; otherwise the CPU, unless <see cref="MLContext.FallbackToCpu"/> is
/// false, which makes a missing GPU an error. The CUDA backend comes from the libtorch package the
/// application references (see the README, "GPU").
/// </summary>
internal static class TorchDevices
{
    public static Device Select(MLContext context, ComponentLog log)
    {
        if (context.GpuDeviceId is not int id) return CPU;
        if (cuda.is_available() && id < cuda.device_count())
        {
            log.Info($"Using CUDA device {id}.");
            return new Device(DeviceType.CUDA, id);
        }
        var reason = cuda.is_available()
            ? $"GPU {id} was requested but only {cuda.device_count()} CUDA device(s) exist"
            : $"GPU {id} was requested but CUDA is not available (the referenced libtorch backend is CPU-only or no GPU is present)";
        if (!context.FallbackToCpu)
            throw new InvalidOperationException($"{reason}, and MLContext.FallbackToCpu is false.");
        log.Warning($"{reason}; falling back to the CPU.");
        return CPU;
    }
}
