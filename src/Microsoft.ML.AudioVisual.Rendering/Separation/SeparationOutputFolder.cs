using Microsoft.ML.AudioVisual.IO;
using Microsoft.ML.AudioVisual.Separation;

namespace Microsoft.ML.AudioVisual.Rendering;

/// <summary>
/// Writes what separating one mixture gave, to listen to and look at: per source <c>source_&lt;i&gt;.wav</c>,
/// <c>mask_&lt;i&gt;.npy</c>, <c>mask_&lt;i&gt;.png</c> and <c>source_&lt;i&gt;_spectrogram.png</c>, and
/// <c>mixture_spectrogram.png</c>; on request <c>mixture.wav</c>, <c>reference_&lt;i&gt;.wav</c> with
/// <c>reference_&lt;i&gt;_spectrogram.png</c>, and <c>pixels_&lt;i&gt;.png</c> (per-pixel energy over each picture).
/// </summary>
/// <remarks>
/// Spectrograms are the network's view, <c>ln(warp(|STFT| + offset))</c>, cut into the model's clips like the masks, so a
/// mask and the spectrograms line up column for column; all are coloured on the mixture's 80 dB range. Pixel maps share
/// one colour scale (0 to the largest energy over all pictures), so a picture that separates little stays dark.
/// </remarks>
public static class SeparationOutputFolder
{
    /// <summary>Writes the files into <paramref name="folder"/> (created when missing), each atomically.</summary>
    /// <param name="folder">The output folder.</param>
    /// <param name="frontEnd">The model's front-end (rate, clips, STFT, warp).</param>
    /// <param name="mixture">The mixture that was separated.</param>
    /// <param name="result">What the model separated.</param>
    /// <param name="writeMixture">Also write <c>mixture.wav</c>.</param>
    /// <param name="references">The true sources, when known (e.g. a demo mixture).</param>
    /// <param name="pictures">The pictures, with <paramref name="pixelMaps"/>, for <c>pixels_&lt;i&gt;.png</c>.</param>
    /// <param name="pixelMaps">Per picture, the per-pixel energy (<c>MixAndSeparateTransformer.PixelEnergy</c>).</param>
    /// <returns>The files written, in order.</returns>
    /// <exception cref="ArgumentException">The pictures and maps do not pair up.</exception>
    public static IReadOnlyList<string> Write(string folder, SeparationFrontEnd frontEnd, float[] mixture, SeparationResult result, bool writeMixture = false,
        IReadOnlyList<float[]>? references = null, IReadOnlyList<SeparationPicture>? pictures = null, IReadOnlyList<SeparationPixelMap>? pixelMaps = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentNullException.ThrowIfNull(frontEnd);
        ArgumentNullException.ThrowIfNull(mixture);
        ArgumentNullException.ThrowIfNull(result);
        if ((pictures is null) != (pixelMaps is null) || (pictures is not null && pictures.Count != pixelMaps!.Count))
            throw new ArgumentException("Pixel maps need their pictures, one each.", nameof(pixelMaps));
        Directory.CreateDirectory(folder);
        var written = new List<string>();
        string File(string name)
        {
            var path = Path.Combine(folder, name);
            written.Add(path);
            return path;
        }

        var (mixtureSpectrogram, bins, frames) = SeparationClips.LogWarpedSpectrogram(mixture, frontEnd);
        float loudest = mixtureSpectrogram.Max();
        void Sound(string name, float[] samples)
        {
            WavFile.Write(File($"{name}.wav"), samples, frontEnd.SampleRate);
            SeparationPictures.WriteSpectrogram(File($"{name}_spectrogram.png"), SeparationClips.LogWarpedSpectrogram(samples, frontEnd).Values, bins, frames, loudest);
        }

        if (writeMixture) WavFile.Write(File("mixture.wav"), mixture, frontEnd.SampleRate);
        SeparationPictures.WriteSpectrogram(File("mixture_spectrogram.png"), mixtureSpectrogram, bins, frames, loudest);
        for (int i = 0; i < result.Sources.Length; i++)
        {
            Sound($"source_{i}", result.Sources[i]);
            NpyFile.Write(File($"mask_{i}.npy"), result.Masks[i], result.MaskBins, result.MaskFrames);
            SeparationPictures.WriteMask(File($"mask_{i}.png"), result.Masks[i], result.MaskBins, result.MaskFrames);
        }
        for (int i = 0; i < (references?.Count ?? 0); i++) Sound($"reference_{i}", references![i]);
        if (pictures is not null)
        {
            float maximum = pixelMaps!.SelectMany(m => m.Energy).DefaultIfEmpty(0f).Max();
            for (int i = 0; i < pictures.Count; i++) SeparationPictures.WritePixelMap(File($"pixels_{i}.png"), pictures[i], pixelMaps![i], maximum);
        }
        return written;
    }
}
