using Microsoft.ML.OnnxRuntime;

namespace Microsoft.ML.AudioVisual.Onnx;

/// <summary>
/// Honours <see cref="MLContext.GpuDeviceId"/> and <see cref="MLContext.FallbackToCpu"/> for ONNX stages, as the
/// TorchSharp side does: CUDA when asked for and usable; otherwise the CPU with a logged warning, or a clear
/// <see cref="InvalidOperationException"/> when fallback is off.
/// </summary>
/// <remarks>
/// ML.NET's <c>ApplyOnnxModel</c> falls back only on an <see cref="OnnxRuntimeException"/>; with the CPU-only
/// runtime package asking for CUDA throws <see cref="EntryPointNotFoundException"/> instead, which escapes even with
/// fallback on, and a successful fallback is silent. So the CUDA provider is probed here first.
/// </remarks>
internal static class OnnxExecutionDevice
{
    private const string CudaProvider = "CUDAExecutionProvider";

    /// <summary>
    /// The GPU to give <c>ApplyOnnxModel</c>, or null for the CPU. Logs the choice on <paramref name="log"/>.
    /// </summary>
    public static int? Select(MLContext context, ComponentLog log)
    {
        if (context.GpuDeviceId is not int id) return null;
        var problem = CudaProblem(id);
        if (problem is null)
        {
            log.Info($"ONNX Runtime: using CUDA device {id}.");
            return id;
        }
        if (!context.FallbackToCpu) throw new InvalidOperationException($"{problem}, and MLContext.FallbackToCpu is false.");
        log.Warning($"{problem}; falling back to the CPU.");
        return null;
    }

    /// <summary>Why CUDA device <paramref name="id"/> cannot be used, or null when it can.</summary>
    private static string? CudaProblem(int id)
    {
        if (!OrtEnv.Instance().GetAvailableProviders().Contains(CudaProvider))
            return $"GPU {id} was requested but the ONNX Runtime package is CPU-only (build with -p:OnnxRuntimePackage=Microsoft.ML.OnnxRuntime.Gpu for CUDA)";
        try
        {
            using var options = SessionOptions.MakeSessionOptionWithCudaProvider(id);
            return null;
        }
        catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
        {
            return $"GPU {id} was requested but ONNX Runtime cannot use CUDA ({e.Message.Trim()})";
        }
    }
}
