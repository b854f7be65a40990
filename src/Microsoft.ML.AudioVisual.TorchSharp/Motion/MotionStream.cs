using Microsoft.ML.AudioVisual.Towers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Motion;

/// <summary>
/// The motion stream of Sound of Motions for CPU: 3D convolutions over dense trajectory displacements
/// <c>[B, 2, T-1, Hs, Ws]</c> (3 x 3 x 3, BatchNorm, ReLU; every stage after the first halves the spatial size and keeps
/// the time axis), giving motion features <c>[B, C, T-1, h, w]</c>.
/// </summary>
internal sealed class MotionStream : MotionStreamBase
{
    private readonly ModuleList<Sequential> stages;

    public MotionStream(IReadOnlyList<int> widths) : base("motion")
    {
        var list = new List<Sequential>();
        for (int i = 0; i < widths.Count; i++)
        {
            int input = i == 0 ? 2 : widths[i - 1];
            (long, long, long) stride = i == 0 ? (1, 1, 1) : (1, 2, 2);
            list.Add(nn.Sequential(
                ("conv", nn.Conv3d(input, widths[i], kernel_size: (3, 3, 3), stride: stride, padding: (1, 1, 1), bias: false)),
                ("norm", new BatchNormalization(widths[i])),
                ("relu", nn.ReLU())));
        }
        stages = nn.ModuleList(list.ToArray());
        Channels = widths[^1];
        RegisterComponents();
    }

    /// <inheritdoc />
    public override int Channels { get; }

    /// <inheritdoc />
    protected override Tensor Features(Tensor trajectories)
    {
        using var scope = NewDisposeScope();
        Tensor x = trajectories;
        foreach (var stage in stages) x = stage.forward(x);
        return x.MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) stages.Dispose();
        base.Dispose(disposing);
    }
}
