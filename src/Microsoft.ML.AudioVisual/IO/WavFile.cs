using System.Buffers.Binary;

namespace Microsoft.ML.AudioVisual.IO;

/// <summary>Mono audio in memory: samples in [-1, 1] at a sample rate.</summary>
/// <param name="Samples">The samples; multi-channel sources are averaged to mono.</param>
/// <param name="SampleRate">Samples per second.</param>
/// <param name="SourceChannels">How many channels the source had before the mono mix.</param>
public sealed record AudioClip(float[] Samples, int SampleRate, int SourceChannels = 1)
{
    /// <summary>The duration in seconds.</summary>
    public double Duration => (double)Samples.Length / SampleRate;
}

/// <summary>The format of a WAV file.</summary>
/// <param name="SampleRate">Samples per second.</param>
/// <param name="Channels">Channel count.</param>
/// <param name="Frames">Samples per channel.</param>
public sealed record WavInfo(int SampleRate, int Channels, long Frames)
{
    /// <summary>The duration in seconds.</summary>
    public double Duration => (double)Frames / SampleRate;
}

/// <summary>
/// Reads RIFF/WAVE files natively (no FFmpeg): PCM 8/16/24/32-bit, IEEE float 32/64-bit and
/// WAVE_FORMAT_EXTENSIBLE with those sub-formats. Channels are averaged to mono. Writes mono
/// float32 or PCM16 files.
/// </summary>
public static class WavFile
{
    private const ushort FormatPcm = 1;
    private const ushort FormatFloat = 3;
    private const ushort FormatExtensible = 0xFFFE;

    /// <summary>Reads a WAV file and mixes it to mono.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a supported WAV file; the message names the file and the cause.</exception>
    public static AudioClip Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Audio file '{path}' does not exist.", path);
        byte[] bytes = File.ReadAllBytes(path);
        try
        {
            return Parse(bytes);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"'{path}' is not a readable WAV file: {e.Message}", e);
        }
    }

    /// <summary>True when the bytes start like a RIFF/WAVE file.</summary>
    public static bool LooksLikeWav(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            Span<byte> head = stackalloc byte[12];
            return stream.Read(head) == 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WAVE"u8);
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Reads the format of a WAV file (rate, channels, length) without decoding its samples.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a supported WAV file; the message names the file and the cause.</exception>
    public static WavInfo ReadInfo(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Audio file '{path}' does not exist.", path);
        try
        {
            using var stream = File.OpenRead(path);
            // The chunks before 'data' are small: a prefix holds the layout unless the file is unusual.
            var prefix = new byte[(int)Math.Min(stream.Length, 1 << 16)];
            stream.ReadExactly(prefix);
            var layout = TryLayout(prefix, stream.Length, out var found) ? found : Layout(File.ReadAllBytes(path), stream.Length);
            long frames = layout.DataLength / (layout.Bits / 8 * layout.Channels);
            return new WavInfo(layout.SampleRate, layout.Channels, frames);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"'{path}' is not a readable WAV file: {e.Message}", e);
        }
    }

    private readonly record struct WavLayout(ushort Format, ushort Channels, int SampleRate, ushort Bits, int DataOffset, int DataLength);

    private static bool TryLayout(ReadOnlySpan<byte> bytes, long totalLength, out WavLayout layout)
    {
        try
        {
            layout = Layout(bytes, totalLength);
            return true;
        }
        catch (InvalidDataException)
        {
            layout = default;
            return false;
        }
    }

    /// <summary>Walks the RIFF chunks of <paramref name="bytes"/> (the file's first bytes; the file has <paramref name="totalLength"/>).</summary>
    private static WavLayout Layout(ReadOnlySpan<byte> bytes, long totalLength)
    {
        if (bytes.Length < 12 || !bytes[..4].SequenceEqual("RIFF"u8) || !bytes[8..12].SequenceEqual("WAVE"u8))
            throw new InvalidDataException("missing the RIFF/WAVE header");
        int pos = 12;
        ushort format = 0, channels = 0, bits = 0;
        int sampleRate = 0, dataOffset = 0, dataLength = 0;
        bool haveFormat = false, haveData = false;
        while (pos + 8 <= bytes.Length)
        {
            var id = bytes.Slice(pos, 4);
            long size = BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(pos + 4, 4));
            int body = pos + 8;
            long available = totalLength - body;
            if (id.SequenceEqual("fmt "u8))
            {
                if (size < 16 || bytes.Length - body < 16) throw new InvalidDataException("the 'fmt ' chunk is too short");
                format = BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(body, 2));
                channels = BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(body + 2, 2));
                sampleRate = BinaryPrimitives.ReadInt32LittleEndian(bytes.Slice(body + 4, 4));
                bits = BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(body + 14, 2));
                if (format == FormatExtensible && size >= 40 && bytes.Length - body >= 40)
                    format = BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(body + 24, 2));
                haveFormat = true;
            }
            else if (id.SequenceEqual("data"u8))
            {
                // Streams written live may leave the size at 0 or 0xFFFFFFFF: take what is there.
                dataOffset = body;
                dataLength = (int)(size == 0 || size > available ? available : size);
                haveData = true;
                if (haveFormat) break;
            }
            pos = (int)Math.Min(totalLength, body + size + (size & 1));
        }
        if (!haveFormat) throw new InvalidDataException("no 'fmt ' chunk");
        if (!haveData) throw new InvalidDataException("no 'data' chunk");
        if (channels == 0) throw new InvalidDataException("the format declares 0 channels");
        if (sampleRate <= 0) throw new InvalidDataException($"invalid sample rate {sampleRate}");
        if (bits is 0 || bits % 8 != 0) throw new InvalidDataException($"invalid bit depth {bits}");
        return new WavLayout(format, channels, sampleRate, bits, dataOffset, dataLength);
    }

    internal static AudioClip Parse(ReadOnlySpan<byte> bytes)
    {
        var (format, channels, sampleRate, bits, dataOffset, dataLength) = Layout(bytes, bytes.Length);
        var data = bytes.Slice(dataOffset, dataLength);

        Func<ReadOnlySpan<byte>, float> decode = (format, bits) switch
        {
            (FormatPcm, 8) => b => (b[0] - 128) / 128f,
            (FormatPcm, 16) => b => BinaryPrimitives.ReadInt16LittleEndian(b) / 32768f,
            (FormatPcm, 24) => b => ((b[0] | (b[1] << 8) | (b[2] << 16)) << 8 >> 8) / 8388608f,
            (FormatPcm, 32) => b => (float)(BinaryPrimitives.ReadInt32LittleEndian(b) / 2147483648.0),
            (FormatFloat, 32) => b => BinaryPrimitives.ReadSingleLittleEndian(b),
            (FormatFloat, 64) => b => (float)BinaryPrimitives.ReadDoubleLittleEndian(b),
            _ => throw new InvalidDataException($"unsupported sample format (format tag {format}, {bits} bits); PCM 8/16/24/32 and float 32/64 are supported"),
        };
        int bytesPerSample = bits / 8;
        int frameSize = bytesPerSample * channels;
        int frames = data.Length / frameSize;
        var samples = new float[frames];
        if (format == FormatPcm && bits == 16 && channels == 1)
        {
            // The common case (FSDD, ESC-50) without a delegate call per sample.
            for (int i = 0; i < frames; i++) samples[i] = BinaryPrimitives.ReadInt16LittleEndian(data.Slice(2 * i, 2)) / 32768f;
        }
        else
        {
            for (int i = 0; i < frames; i++)
            {
                float sum = 0;
                for (int c = 0; c < channels; c++) sum += decode(data.Slice(i * frameSize + c * bytesPerSample, bytesPerSample));
                samples[i] = sum / channels;
            }
        }
        return new AudioClip(samples, sampleRate, channels);
    }

    /// <summary>Writes mono samples as a WAV file (float32 or 16-bit PCM), atomically.</summary>
    public static void Write(string path, ReadOnlySpan<float> samples, int sampleRate, bool pcm16 = false)
    {
        var copy = samples.ToArray();
        AtomicFile.Write(path, stream => WriteTo(stream, copy, sampleRate, pcm16));
    }

    /// <summary>Writes mono samples as WAV (float32 or 16-bit PCM) to <paramref name="stream"/>, e.g. for a data: URI.</summary>
    internal static void WriteTo(Stream stream, ReadOnlySpan<float> samples, int sampleRate, bool pcm16)
    {
        int bytesPerSample = pcm16 ? 2 : 4;
        int dataBytes = samples.Length * bytesPerSample;
        using var w = new BinaryWriter(stream, System.Text.Encoding.ASCII, leaveOpen: true);
        w.Write("RIFF"u8);
        w.Write(36 + dataBytes);
        w.Write("WAVE"u8);
        w.Write("fmt "u8);
        w.Write(16);
        w.Write(pcm16 ? FormatPcm : FormatFloat);
        w.Write((ushort)1);
        w.Write(sampleRate);
        w.Write(sampleRate * bytesPerSample);
        w.Write((ushort)bytesPerSample);
        w.Write((ushort)(bytesPerSample * 8));
        w.Write("data"u8);
        w.Write(dataBytes);
        foreach (var s in samples)
        {
            if (pcm16) w.Write((short)Math.Clamp(MathF.Round(s * 32767f), short.MinValue, short.MaxValue));
            else w.Write(s);
        }
    }
}
