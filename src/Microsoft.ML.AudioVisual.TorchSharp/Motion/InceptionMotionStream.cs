using Microsoft.ML.AudioVisual.Towers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Motion;

/// <summary>
/// The I3D-like motion stream of the paper preset (<see cref="MotionStreamKind.Inception"/>) over trajectory displacements
/// <c>[B, 2, T-1, Hs, Ws]</c>: a 3 x 7 x 7 stem with spatial stride 2, spatial max pooling, 1 x 1 x 1 and 3 x 3 x 3
/// convolutions to 192 channels, spatial max pooling, Inception blocks Mixed_3b (256) and Mixed_3c (480), spatial max
/// pooling and Mixed_4b (512), with the block widths of Inception-v1 / I3D (Carreira and Zisserman, 2017). Time is never
/// strided, so the features <c>[B, 512, T-1, h, w]</c> keep one step per trajectory step for FiLM.
/// </summary>
internal sealed class InceptionMotionStream : MotionStreamBase
{
    private readonly Sequential stem;
    private readonly Inception3d mixed3b;
    private readonly Inception3d mixed3c;
    private readonly MaxPool3d pool4;
    private readonly Inception3d mixed4b;

    public InceptionMotionStream() : base("motion")
    {
        stem = nn.Sequential(
            ("conv1", Unit(2, 64, (3, 7, 7), (1, 2, 2), (1, 3, 3))),
            ("pool1", SpatialPool()),
            ("conv2", Unit(64, 64, (1, 1, 1), (1, 1, 1), (0, 0, 0))),
            ("conv3", Unit(64, 192, (3, 3, 3), (1, 1, 1), (1, 1, 1))),
            ("pool2", SpatialPool()));
        mixed3b = new Inception3d(192, 64, (96, 128), (16, 32), 32);
        mixed3c = new Inception3d(256, 128, (128, 192), (32, 96), 64);
        pool4 = SpatialPool();
        mixed4b = new Inception3d(480, 192, (96, 208), (16, 48), 64);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override int Channels => 512;

    /// <inheritdoc />
    protected override Tensor Features(Tensor trajectories)
    {
        using var scope = NewDisposeScope();
        var x = mixed3c.forward(mixed3b.forward(stem.forward(trajectories)));
        return mixed4b.forward(pool4.forward(x)).MoveToOuterDisposeScope();
    }

    /// <summary>Convolution (no bias), BatchNorm, ReLU: I3D's unit.</summary>
    internal static Sequential Unit(long input, long output, (long, long, long) kernel, (long, long, long) stride, (long, long, long) padding) => nn.Sequential(
        ("conv", nn.Conv3d(input, output, kernel_size: kernel, stride: stride, padding: padding, bias: false)),
        ("norm", new BatchNormalization(output)),
        ("relu", nn.ReLU()));

    /// <summary>Max pooling 1 x 3 x 3 with spatial stride 2 (time untouched).</summary>
    internal static MaxPool3d SpatialPool() => nn.MaxPool3d(kernel_size: (1, 3, 3), stride: (1, 2, 2), padding: (0, 1, 1));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            stem.Dispose();
            mixed3b.Dispose();
            mixed3c.Dispose();
            pool4.Dispose();
            mixed4b.Dispose();
        }
        base.Dispose(disposing);
    }

    /// <summary>An inflated Inception block: 1x1x1 | 1x1x1 then 3x3x3 | 1x1x1 then 3x3x3 | 3x3x3 max pool then 1x1x1, concatenated.</summary>
    private sealed class Inception3d : nn.Module<Tensor, Tensor>
    {
        private readonly Sequential b0;
        private readonly Sequential b1;
        private readonly Sequential b2;
        private readonly Sequential b3;

        public Inception3d(long input, long single, (long Reduce, long Output) wide, (long Reduce, long Output) narrow, long pooled) : base("mixed")
        {
            b0 = Unit(input, single, (1, 1, 1), (1, 1, 1), (0, 0, 0));
            b1 = nn.Sequential(("reduce", Unit(input, wide.Reduce, (1, 1, 1), (1, 1, 1), (0, 0, 0))), ("conv", Unit(wide.Reduce, wide.Output, (3, 3, 3), (1, 1, 1), (1, 1, 1))));
            b2 = nn.Sequential(("reduce", Unit(input, narrow.Reduce, (1, 1, 1), (1, 1, 1), (0, 0, 0))), ("conv", Unit(narrow.Reduce, narrow.Output, (3, 3, 3), (1, 1, 1), (1, 1, 1))));
            b3 = nn.Sequential(("pool", nn.MaxPool3d(kernel_size: (3, 3, 3), stride: (1, 1, 1), padding: (1, 1, 1))), ("project", Unit(input, pooled, (1, 1, 1), (1, 1, 1), (0, 0, 0))));
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            using var scope = NewDisposeScope();
            return cat([b0.forward(x), b1.forward(x), b2.forward(x), b3.forward(x)], 1).MoveToOuterDisposeScope();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                b0.Dispose();
                b1.Dispose();
                b2.Dispose();
                b3.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
