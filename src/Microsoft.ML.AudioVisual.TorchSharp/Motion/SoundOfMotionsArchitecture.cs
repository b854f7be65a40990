using Microsoft.ML.AudioVisual.Separation;

namespace Microsoft.ML.AudioVisual.Motion;

/// <summary>
/// Shape of a Sound of Motions network ("The Sound of Motions", Zhao, Gan, Ma, Torralba, ICCV 2019): the Sound of Pixels
/// U-Net and frame net of <see cref="Separation"/>, a small 3D CNN over dense trajectories, an attention map from the
/// appearance features that weights the motion features in space, and feature-wise linear modulation (FiLM) of the U-Net
/// by the fused features, so that the U-Net's decoder predicts the conditioning source's mask directly (no synthesizer).
/// </summary>
/// <remarks>
/// The CPU preset (<see cref="Small"/>) keeps the motion features' time axis: the FiLM scales and shifts are computed per
/// trajectory step and resampled to each modulated level's frames, so a source's motion can say <em>when</em> it sounds;
/// the bottleneck of <see cref="SeparationArchitecture.Small"/> has a single frame and gets their average.
/// </remarks>
public sealed record SoundOfMotionsArchitecture
{
    /// <summary>
    /// The U-Net and the frame net; its K is the appearance feature width. Default:
    /// <see cref="SeparationArchitecture.SmallBilinear"/>, the network Sound of Motions was measured with (it conditions
    /// its U-Net by its own FiLM).
    /// </summary>
    public SeparationArchitecture Separation { get; init; } = SeparationArchitecture.SmallBilinear;

    /// <summary>
    /// Widths of the 3D convolutions of the motion stream (3 x 3 x 3, BatchNorm, ReLU); every one after the first halves the
    /// spatial size (default 16, 32: 16 x 16 trajectory grids become the 8 x 8 map of the small frame net).
    /// </summary>
    public IReadOnlyList<int> MotionWidths { get; init; } = [16, 32];

    /// <summary>Which 3D CNN turns the trajectories into motion features (default <see cref="MotionStreamKind.Plain"/>, of <see cref="MotionWidths"/>).</summary>
    public MotionStreamKind Motion { get; init; } = MotionStreamKind.Plain;

    /// <summary>Whether the decoder's levels are modulated as well as the bottleneck (default true).</summary>
    public bool ModulateDecoder { get; init; } = true;

    /// <summary>The CPU preset.</summary>
    public static SoundOfMotionsArchitecture Small => new();

    /// <summary>
    /// The paper's networks: Sound of Pixels' official U-Net and dilated ResNet-18 (<see cref="SeparationArchitecture.Paper"/>)
    /// and an I3D-like motion stream (<see cref="MotionStreamKind.Inception"/>, 512 channels); a GPU model, with
    /// <see cref="SeparationFrontEnd.Official"/>.
    /// </summary>
    public static SoundOfMotionsArchitecture Paper => new() { Separation = SeparationArchitecture.Paper, Motion = MotionStreamKind.Inception };

    /// <summary>Throws when the architecture is unusable.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A part is missing or out of range; the message names it.</exception>
    public void Validate(string name = nameof(SoundOfMotionsArchitecture))
    {
        if (Separation is null) throw new ArgumentOutOfRangeException(nameof(Separation), $"{name}: Separation is required.");
        Separation.Validate($"{name}.{nameof(Separation)}");
        if (!Enum.IsDefined(Motion)) throw new ArgumentOutOfRangeException(nameof(Motion), $"{name}: Motion is not a motion stream kind: {Motion}.");
        if (MotionWidths is null || MotionWidths.Count == 0 || MotionWidths.Any(w => w < 1))
            throw new ArgumentOutOfRangeException(nameof(MotionWidths), $"{name}: MotionWidths must hold at least one positive width.");
    }
}
