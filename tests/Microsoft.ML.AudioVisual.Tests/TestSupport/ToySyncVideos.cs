using Microsoft.ML.AudioVisual.Datasets;
using Microsoft.ML.AudioVisual.Spectral;

namespace Microsoft.ML.AudioVisual.Tests;

/// <summary>
/// Tiny synchronisation videos for trainer unit tests: 8x8 grey frames at 25 fps and 1.6 kHz audio. Events come every 3
/// to 7 frames; an event of kind 0 lights the left half of two frames while a 200 Hz burst plays, kind 1 the right half
/// with 500 Hz. Only when something is seen tells when it should be heard, as in the real generators.
/// </summary>
public static class ToySyncVideos
{
    public const int Side = 8;
    public const int SampleRate = 1600;
    public const double FramesPerSecond = 25;
    private const int SamplesPerFrame = 64;

    /// <summary>8 mel bands, n_fft 64, hop 32 (two columns per frame), dB.</summary>
    public static SpectrogramOptions FrontEnd() => new()
    {
        SampleRate = SampleRate,
        FftSize = 64,
        HopLength = 32,
        MelBins = 8,
        Log = LogCompression.Decibels,
        DecibelTopDb = 80,
    };

    public static IReadOnlyList<SyncVideo> Make(int count, int frames, int seed)
    {
        var random = new Random(seed);
        var videos = new List<SyncVideo>(count);
        for (int v = 0; v < count; v++)
        {
            var pixels = new float[frames * Side * Side];
            var audio = new float[frames * SamplesPerFrame];
            for (int i = 0; i < audio.Length; i++) audio[i] = (float)(0.01 * (random.NextDouble() - 0.5));
            var events = new List<SyncEvent>();
            for (int f = random.Next(4); f < frames - 1; f += 3 + random.Next(5))
            {
                int kind = random.Next(2);
                for (int t = f; t < f + 2; t++)
                    for (int y = 0; y < Side; y++)
                        for (int x = kind * Side / 2; x < (kind + 1) * Side / 2; x++) pixels[(t * Side + y) * Side + x] = 1f;
                double frequency = kind == 0 ? 200 : 500;
                for (int n = 0; n < 2 * SamplesPerFrame; n++) audio[f * SamplesPerFrame + n] += (float)(0.5 * Math.Sin(2 * Math.PI * frequency * n / SampleRate));
                events.Add(new SyncEvent(f, kind));
            }
            videos.Add(new SyncVideo(pixels, frames, 1, Side, Side, FramesPerSecond, audio, SampleRate, events, $"toy {v}"));
        }
        return videos;
    }

    public static IDataView View(MLContext context, int count, int frames, int seed) => SyncVideoData.Load(context, Make(count, frames, seed), FrontEnd());
}
