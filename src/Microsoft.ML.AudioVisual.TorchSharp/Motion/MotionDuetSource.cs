using System.Collections.Concurrent;
using Microsoft.ML.AudioVisual.Datasets;
using Microsoft.ML.AudioVisual.Separation;

namespace Microsoft.ML.AudioVisual.Motion;

/// <summary>
/// Renders <see cref="LookAlikeDuet"/>s for training: waveforms and videos (<see cref="LookAlikeDuets.Render"/>), the mixture's
/// spectrogram, targets and weight (<see cref="SeparationMixer.Prepare(float[][], float[], SeparationFrontEnd, SeparationMask, SeparationLossWeight)"/>),
/// and each source's dense trajectories (Farneback flow chained by <see cref="DenseTrajectories.Track"/>). Recordings and
/// trajectories are cached: a source clip (recording, image, offset, direction) always has the same trajectories.
/// </summary>
internal sealed class MotionDuetSource
{
    private const int MaxCachedTrajectories = 50_000;

    private readonly AvMnistFsdd _data;
    private readonly SoundOfMotionsOptions _options;
    private readonly ConcurrentDictionary<int, float[]> _recordings = new();
    private readonly ConcurrentDictionary<(int Recording, int Image, int Offset, double Direction), float[]> _trajectories = new();

    public MotionDuetSource(AvMnistFsdd data, SoundOfMotionsOptions options)
    {
        _data = data;
        _options = options;
        Shape = new MotionInputShape(options);
    }

    /// <summary>What the network sees of a source.</summary>
    public MotionInputShape Shape { get; }

    /// <summary>The samples of a recording at the front-end's rate (read once).</summary>
    public float[] Recording(int index) => _recordings.GetOrAdd(index, i => Fsdd.LoadSamples(_data.Recordings[i], _options.FrontEnd.SampleRate));

    /// <summary>Renders and prepares the duets (in parallel).</summary>
    public MotionDuet[] Prepare(IReadOnlyList<LookAlikeDuet> duets)
    {
        var prepared = new MotionDuet[duets.Count];
        Parallel.For(0, duets.Count, i => prepared[i] = Prepare(duets[i]));
        return prepared;
    }

    private MotionDuet Prepare(LookAlikeDuet duet)
    {
        var frontEnd = _options.FrontEnd;
        var clip = LookAlikeDuets.Render(_data, duet, frontEnd, _options.Duets, Recording);
        var mixture = SeparationMixer.Prepare(clip.Sources, clip.Mixture, frontEnd, _options.Mask);
        var trajectories = new float[clip.Videos.Length][];
        for (int n = 0; n < trajectories.Length; n++)
        {
            var source = duet.Mixture.Sources[n];
            var key = (source.RecordingIndex, source.ImageIndex, source.Offset, duet.Directions[n]);
            if (_trajectories.TryGetValue(key, out var cached))
            {
                trajectories[n] = cached;
                continue;
            }
            trajectories[n] = Shape.Track(clip.Videos[n]);
            if (_trajectories.Count < MaxCachedTrajectories) _trajectories.TryAdd(key, trajectories[n]);
        }
        return new MotionDuet(mixture, clip.Videos, trajectories);
    }
}
