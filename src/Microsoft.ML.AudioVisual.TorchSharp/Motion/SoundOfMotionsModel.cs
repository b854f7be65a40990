using Microsoft.ML.AudioVisual.Separation;
using Microsoft.ML.AudioVisual.Training;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Motion;

/// <summary>A trained Sound of Motions network with what it needs at inference (device, frame standardisation, options) and its run's summary.</summary>
/// <param name="Network">The network, in eval mode.</param>
/// <param name="Device">Where it lives.</param>
/// <param name="Summary">Epochs, steps, last loss and validation metrics.</param>
/// <param name="Standardization">How its frames are standardised.</param>
/// <param name="Options">The options it was trained with.</param>
internal sealed record SoundOfMotionsModel(SoundOfMotionsNetwork Network, Device Device, TrainingSummary Summary, ImageStandardization Standardization,
    SoundOfMotionsOptions Options) : IDisposable
{
    /// <inheritdoc />
    public void Dispose() => Network.Dispose();
}
