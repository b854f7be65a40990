using System.Text.Json;
using Microsoft.ML.AudioVisual.IO;
using Microsoft.ML.AudioVisual.Persistence;
using Microsoft.ML.AudioVisual.Spectral;

namespace Microsoft.ML.AudioVisual.Onnx;

/// <summary>
/// <c>model.json</c> of an exported model folder: which <c>.onnx</c> file holds which network, the names and shapes of
/// their inputs and outputs, and how to make the inputs from media (the audio front-end and the image layout). The
/// input standardisation of the trained model is inside the graphs: the inputs are raw spectrogram and pixel values.
/// </summary>
public sealed record OnnxExportManifest
{
    /// <summary>The name of the manifest file in an exported folder.</summary>
    public const string FileName = "model.json";

    /// <summary>The value of <see cref="Format"/>.</summary>
    public const string FormatName = "Microsoft.ML.AudioVisual.OnnxExport";

    /// <summary>The manifest version written by this library.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Identifies the file as this library's export manifest.</summary>
    public string Format { get; init; } = FormatName;

    /// <summary>Manifest version.</summary>
    public int Version { get; init; } = CurrentVersion;

    /// <summary>The model family exported (for example <c>AvcEmbedding</c>, <c>SoundLocalizer</c>).</summary>
    public required string ModelKind { get; init; }

    /// <summary>The network architecture within the family (for example <c>AveNet</c>).</summary>
    public string? Architecture { get; init; }

    /// <summary>ONNX IR version of the files.</summary>
    public long IrVersion { get; init; }

    /// <summary>Default-domain opset version of the files.</summary>
    public long OpsetVersion { get; init; }

    /// <summary>
    /// The symbolic first dimension of every input and output (-1 in <see cref="OnnxTensorDescription.Shape"/>): rows
    /// of a batch.
    /// </summary>
    public string BatchDimension { get; init; } = "batch";

    /// <summary>The exported networks, one <c>.onnx</c> file each.</summary>
    public required IReadOnlyList<OnnxNetworkDescription> Networks { get; init; }

    /// <summary>How spectrogram inputs are made from waveforms, when the model recorded it.</summary>
    public AudioFrontEnd? AudioFrontEnd { get; init; }

    /// <summary>The layout of image inputs, for models that take images.</summary>
    public OnnxImageInput? Image { get; init; }

    /// <summary>The length of the embeddings, for models that make embeddings.</summary>
    public int? EmbeddingDimension { get; init; }

    /// <summary>The standardisation the trained model applies to its inputs (for information: it is inside the graphs).</summary>
    public OnnxInputStandardisation? Standardisation { get; init; }

    /// <summary>The network named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">The folder holds no such network; the message lists those it holds.</exception>
    public OnnxNetworkDescription Network(string name) =>
        Networks.FirstOrDefault(n => n.Name == name)
        ?? throw new ArgumentException($"The exported {ModelKind} model has no network '{name}'; it has {string.Join(", ", Networks.Select(n => $"'{n.Name}'"))}.", nameof(name));

    /// <summary>True when <paramref name="path"/> is a folder holding a <c>model.json</c>.</summary>
    public static bool IsExportFolder(string path) => Directory.Exists(path) && File.Exists(Path.Combine(path, FileName));

    /// <summary>Writes the manifest as <c>model.json</c> in <paramref name="directory"/>, atomically.</summary>
    public void Write(string directory) =>
        AtomicFile.WriteAllText(Path.Combine(directory, FileName), JsonSerializer.Serialize(this, ModelArchive.Json));

    /// <summary>Reads <c>model.json</c> from <paramref name="directory"/>.</summary>
    /// <exception cref="FileNotFoundException">The folder or its manifest does not exist.</exception>
    /// <exception cref="InvalidDataException">The manifest is damaged or is not this library's; the message names the file and the cause.</exception>
    public static OnnxExportManifest Read(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path)) throw new FileNotFoundException($"'{directory}' is not an exported model folder: it has no {FileName}.", path);
        OnnxExportManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<OnnxExportManifest>(File.ReadAllText(path), ModelArchive.Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not a valid export manifest: {e.Message}", e);
        }
        if (manifest is null || manifest.Format != FormatName)
            throw new InvalidDataException($"'{path}' is not a {FormatName} manifest (format '{manifest?.Format}').");
        if (manifest.Version > CurrentVersion)
            throw new InvalidDataException($"'{path}' has manifest version {manifest.Version}; this library reads up to {CurrentVersion}.");
        foreach (var network in manifest.Networks)
            if (!File.Exists(Path.Combine(directory, network.File)))
                throw new InvalidDataException($"'{path}' names '{network.File}' for network '{network.Name}', but that file is missing.");
        return manifest;
    }
}

/// <summary>One exported network: its file and its inputs and outputs.</summary>
/// <param name="Name">The network's name within the model (for example <c>audio</c>, <c>visual</c>, <c>head</c>).</param>
/// <param name="File">The <c>.onnx</c> file, relative to the folder.</param>
/// <param name="Description">What the network computes.</param>
/// <param name="Inputs">Graph inputs, in order.</param>
/// <param name="Outputs">Graph outputs, in order.</param>
public sealed record OnnxNetworkDescription(string Name, string File, string Description,
    IReadOnlyList<OnnxTensorDescription> Inputs, IReadOnlyList<OnnxTensorDescription> Outputs);

/// <summary>A float tensor input or output of a network.</summary>
/// <param name="Name">The graph's name for it (also the ML.NET column name <c>ApplyOnnxModel</c> uses by default).</param>
/// <param name="Shape">Dimensions, the first (-1) being the symbolic batch.</param>
/// <param name="Description">What it holds.</param>
public sealed record OnnxTensorDescription(string Name, long[] Shape, string Description)
{
    /// <summary>Values per row (the product of the dimensions after the batch).</summary>
    public long RowSize => Shape.Skip(1).Aggregate(1L, (a, b) => a * b);
}

/// <summary>The layout of image inputs: planar <c>[frames, channels, height, width]</c> floats.</summary>
/// <param name="Frames">Frames per row (1 for single images, whose input is <c>[channels, height, width]</c>).</param>
/// <param name="Channels">3 for RGB; 1 for grey (the mean of R, G and B).</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="PixelRange">How pixels are scaled (RGB bytes divided by 255, as <c>LoadVideoFrames</c> does by default).</param>
public sealed record OnnxImageInput(int Frames, int Channels, int Height, int Width, string PixelRange = "[0, 1]");

/// <summary>The scalar standardisation <c>(x - mean) / std</c> the exported graphs apply to their raw inputs.</summary>
/// <param name="VisualMean">Mean of the pixel values.</param>
/// <param name="VisualStd">Standard deviation of the pixel values.</param>
/// <param name="AudioMean">Mean of the spectrogram values.</param>
/// <param name="AudioStd">Standard deviation of the spectrogram values.</param>
public sealed record OnnxInputStandardisation(float VisualMean, float VisualStd, float AudioMean, float AudioStd);
