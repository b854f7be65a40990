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

    internal static AudioClip Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 12 || !bytes[..4].SequenceEqual("RIFF"u8) || !bytes[8..12].SequenceEqual("WAVE"u8))
            throw new InvalidDataException("missing the RIFF/WAVE header");
        int pos = 12;
        ushort format = 0, channels = 0, bits = 0;
        int sampleRate = 0;
        ReadOnlySpan<byte> data = default;
        bool haveFormat = false, haveData = false;
        while (pos + 8 <= bytes.Length)
        {
            var id = bytes.Slice(pos, 4);
            long size = BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(pos + 4, 4));
            int body = pos + 8;
            long available = bytes.Length - body;
            if (id.SequenceEqual("fmt "u8))
            {
                if (size < 16 || available < 16) throw new InvalidDataException("the 'fmt ' chunk is too short");
                format = BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(body, 2));
                channels = BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(body + 2, 2));
                sampleRate = BinaryPrimitives.ReadInt32LittleEndian(bytes.Slice(body + 4, 4));
                bits = BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(body + 14, 2));
                if (format == FormatExtensible && size >= 40 && available >= 40)
                    format = BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(body + 24, 2));
                haveFormat = true;
            }
            else if (id.SequenceEqual("data"u8))
            {
                // Streams written live may leave the size at 0 or 0xFFFFFFFF: take what is there.
                long length = size == 0 || size > available ? available : size;
                data = bytes.Slice(body, (int)length);
                haveData = true;
                if (haveFormat) break;
            }
            pos = (int)Math.Min(bytes.Length, body + size + (size & 1));
        }
        if (!haveFormat) throw new InvalidDataException("no 'fmt ' chunk");
        if (!haveData) throw new InvalidDataException("no 'data' chunk");
        if (channels == 0) throw new InvalidDataException("the format declares 0 channels");
        if (sampleRate <= 0) throw new InvalidDataException($"invalid sample rate {sampleRate}");

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
        AtomicFile.Write(path, stream =>
        {
            int bytesPerSample = pcm16 ? 2 : 4;
            int dataBytes = copy.Length * bytesPerSample;
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
            foreach (var s in copy)
            {
                if (pcm16) w.Write((short)Math.Clamp(MathF.Round(s * 32767f), short.MinValue, short.MaxValue));
                else w.Write(s);
            }
        });
    }
}
