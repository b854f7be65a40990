namespace Microsoft.ML.AudioVisual.Datasets;

/// <summary>
/// Synthesises the sound of a <see cref="SyntheticAudioVisual"/> item: the class tone (fundamental,
/// harmonic mix and tremolo rate) with jittered pitch, random onset, duration and gain, over white noise
/// and, in half the clips, a quieter distractor tone.
/// </summary>
internal static class SyntheticSoundSynth
{
    private const double RampSeconds = 0.015;

    public static void Render(Span<float> waveform, int sampleRate, SyntheticClass cls, ref Pcg32 random)
    {
        int length = waveform.Length;
        double f0 = cls.Fundamental * (1 + random.NextDouble(-cls.PitchJitter, cls.PitchJitter));
        int duration = Math.Max(1, (int)(length * random.NextDouble(0.3, 0.6)));
        int onset = random.NextInt(Math.Max(1, length - duration + 1));
        double gain = random.NextDouble(0.2, 0.7);
        double depth = random.NextDouble(0.3, 0.8);
        float noise = (float)random.NextDouble(0.005, 0.05);

        // Harmonics below 0.45 x the sample rate only, so nothing aliases.
        var amplitudes = cls.HarmonicAmplitudes;
        int harmonics = 0;
        while (harmonics < amplitudes.Length && (harmonics + 1) * f0 < 0.45 * sampleRate) harmonics++;
        Span<double> cos = stackalloc double[harmonics], sin = stackalloc double[harmonics];
        Span<double> stepCos = stackalloc double[harmonics], stepSin = stackalloc double[harmonics];
        double total = 0;
        for (int h = 0; h < harmonics; h++)
        {
            double phase = random.NextDouble(0, 2 * Math.PI), step = 2 * Math.PI * (h + 1) * f0 / sampleRate;
            (sin[h], cos[h]) = Math.SinCos(phase);
            (stepSin[h], stepCos[h]) = Math.SinCos(step);
            total += amplitudes[h];
        }
        double scale = gain / total;
        var (modulationSin, modulationCos) = Math.SinCos(random.NextDouble(0, 2 * Math.PI));
        var (modulationStepSin, modulationStepCos) = Math.SinCos(2 * Math.PI * cls.ModulationRate / sampleRate);
        int ramp = Math.Max(1, Math.Min(duration / 2, (int)(RampSeconds * sampleRate)));

        for (int i = 0; i < length; i++) waveform[i] = noise * random.NextSignedSingle();
        // Half the clips also hold a quieter pure tone at a random pitch: a distractor no class owns.
        if (random.NextDouble() < 0.5)
        {
            double frequency = random.NextDouble(100, 0.4 * sampleRate), level = gain * random.NextDouble(0.1, 0.5);
            int span = Math.Max(1, (int)(length * random.NextDouble(0.2, 0.6)));
            int start = random.NextInt(Math.Max(1, length - span + 1));
            double phase = random.NextDouble(0, 2 * Math.PI), step = 2 * Math.PI * frequency / sampleRate;
            for (int n = 0; n < span && start + n < length; n++) waveform[start + n] += (float)(level * Math.Sin(phase + step * n));
        }
        for (int n = 0; n < duration && onset + n < length; n++)
        {
            // Oscillators advance by rotation: no Math.Sin per sample.
            double tone = 0;
            for (int h = 0; h < harmonics; h++)
            {
                tone += amplitudes[h] * sin[h];
                double c = cos[h], s = sin[h];
                cos[h] = c * stepCos[h] - s * stepSin[h];
                sin[h] = s * stepCos[h] + c * stepSin[h];
            }
            double tremolo = 1 - depth * 0.5 * (1 + modulationCos);
            (modulationCos, modulationSin) = (modulationCos * modulationStepCos - modulationSin * modulationStepSin, modulationSin * modulationStepCos + modulationCos * modulationStepSin);
            int edge = Math.Min(n, duration - 1 - n);
            double envelope = edge >= ramp ? 1.0 : 0.5 - 0.5 * Math.Cos(Math.PI * edge / ramp);
            float sample = waveform[onset + n] + (float)(scale * tone * tremolo * envelope);
            waveform[onset + n] = Math.Clamp(sample, -1f, 1f);
        }
    }
}
