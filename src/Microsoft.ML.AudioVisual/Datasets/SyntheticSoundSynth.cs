namespace Microsoft.ML.AudioVisual.Datasets;

/// <summary>
/// Synthesises the sound of a <see cref="SyntheticAudioVisual"/> item: the class tone (harmonic mix and
/// tremolo rate around a class register) under the nuisances of real recordings: a pitch change of up to
/// half an octave either way and a speed change of up to a quarter (tremolo and duration follow it), a random
/// onset and gain, coloured background noise, and one or two distractor sounds no class owns (harmonic tones
/// with a random timbre, chirps, noise bursts) that can be as loud as the class tone.
/// </summary>
/// <remarks>
/// The nuisances are what makes the demo worth running: the class is carried by the harmonic pattern and the
/// tremolo rate wherever they sit in time and frequency, which a linear classifier on raw log-mel frames (or a
/// network with random weights) cannot pick out, while audio-visual training learns it from the images.
/// </remarks>
internal static class SyntheticSoundSynth
{
    private const double RampSeconds = 0.015;
    private const double MaxPitchOctaves = 0.5;
    private const double MaxSpeedFactor = 1.25;

    public static void Render(Span<float> waveform, int sampleRate, SyntheticClass cls, ref Pcg32 random)
    {
        int length = waveform.Length;
        double pitch = Math.Pow(2, random.NextDouble(-MaxPitchOctaves, MaxPitchOctaves));
        double speed = Math.Exp(random.NextDouble(-Math.Log(MaxSpeedFactor), Math.Log(MaxSpeedFactor)));
        double f0 = cls.Fundamental * pitch * (1 + random.NextDouble(-cls.PitchJitter, cls.PitchJitter));
        int duration = Math.Min(length, Math.Max(1, (int)(length * random.NextDouble(0.35, 0.6) / speed)));
        int onset = random.NextInt(Math.Max(1, length - duration + 1));
        double gain = random.NextDouble(0.2, 0.6);

        AddBackground(waveform, (float)random.NextDouble(0.005, 0.04), random.NextDouble(), ref random);
        int distractors = 1 + (random.NextDouble() < 0.5 ? 1 : 0);
        for (int d = 0; d < distractors; d++) AddDistractor(waveform, sampleRate, gain * random.NextDouble(0.3, 1.0), ref random);

        var tone = new Tone(cls.HarmonicAmplitudes, f0, cls.ModulationRate * speed, random.NextDouble(0.3, 0.8));
        tone.AddTo(waveform.Slice(onset, Math.Min(duration, length - onset)), sampleRate, gain, ref random);
        for (int i = 0; i < length; i++) waveform[i] = Math.Clamp(waveform[i], -1f, 1f);
    }

    /// <summary>White noise mixed with its leaky integral (brown noise), so the background colour varies by clip.</summary>
    private static void AddBackground(Span<float> waveform, float level, double brownShare, ref Pcg32 random)
    {
        double brown = 0;
        for (int i = 0; i < waveform.Length; i++)
        {
            double white = random.NextSignedSingle();
            brown = 0.98 * brown + 0.2 * white;
            waveform[i] += level * (float)((1 - brownShare) * white + brownShare * brown);
        }
    }

    /// <summary>One sound no class owns, at a random time: a harmonic tone of random timbre, a chirp or a noise burst.</summary>
    private static void AddDistractor(Span<float> waveform, int sampleRate, double level, ref Pcg32 random)
    {
        int length = waveform.Length;
        int span = Math.Max(1, (int)(length * random.NextDouble(0.15, 0.5)));
        int start = random.NextInt(Math.Max(1, length - span + 1));
        var target = waveform.Slice(start, Math.Min(span, length - start));
        switch (random.NextInt(3))
        {
            case 0:
                var amplitudes = new double[5];
                for (int h = 0; h < amplitudes.Length; h++) amplitudes[h] = random.NextDouble();
                amplitudes[0] = 1.0;
                new Tone(amplitudes, random.NextDouble(100, 0.1 * sampleRate), random.NextDouble(1, 16), random.NextDouble(0.0, 0.8))
                    .AddTo(target, sampleRate, level, ref random);
                break;
            case 1:
                double from = random.NextDouble(150, 0.4 * sampleRate), to = random.NextDouble(150, 0.4 * sampleRate), phase = 0;
                for (int n = 0; n < target.Length; n++)
                {
                    phase += 2 * Math.PI * (from + (to - from) * n / target.Length) / sampleRate;
                    target[n] += (float)(level * Envelope(n, target.Length, sampleRate) * Math.Sin(phase));
                }
                break;
            default:
                // Noise smoothed by a one-pole low-pass of random cut-off: a hiss or a rumble.
                double smoothing = random.NextDouble(0.0, 0.9), state = 0;
                for (int n = 0; n < target.Length; n++)
                {
                    state = smoothing * state + (1 - smoothing) * random.NextSignedSingle();
                    target[n] += (float)(level * 1.5 * Envelope(n, target.Length, sampleRate) * state);
                }
                break;
        }
    }

    /// <summary>A raised-cosine fade in and out, so no sound starts or stops with a click.</summary>
    private static double Envelope(int n, int duration, int sampleRate)
    {
        int ramp = Math.Max(1, Math.Min(duration / 2, (int)(RampSeconds * sampleRate)));
        int edge = Math.Min(n, duration - 1 - n);
        return edge >= ramp ? 1.0 : 0.5 - 0.5 * Math.Cos(Math.PI * edge / ramp);
    }

    /// <summary>A harmonic tone with tremolo: harmonics below 0.45 x the sample rate only, so nothing aliases.</summary>
    private readonly record struct Tone(double[] Amplitudes, double Fundamental, double ModulationRate, double Depth)
    {
        public void AddTo(Span<float> target, int sampleRate, double gain, ref Pcg32 random)
        {
            int harmonics = 0;
            while (harmonics < Amplitudes.Length && (harmonics + 1) * Fundamental < 0.45 * sampleRate) harmonics++;
            Span<double> cos = stackalloc double[harmonics], sin = stackalloc double[harmonics];
            Span<double> stepCos = stackalloc double[harmonics], stepSin = stackalloc double[harmonics];
            double total = 0;
            for (int h = 0; h < harmonics; h++)
            {
                double phase = random.NextDouble(0, 2 * Math.PI), step = 2 * Math.PI * (h + 1) * Fundamental / sampleRate;
                (sin[h], cos[h]) = Math.SinCos(phase);
                (stepSin[h], stepCos[h]) = Math.SinCos(step);
                total += Amplitudes[h];
            }
            double scale = gain / Math.Max(total, 1e-9);
            var (modulationSin, modulationCos) = Math.SinCos(random.NextDouble(0, 2 * Math.PI));
            var (modulationStepSin, modulationStepCos) = Math.SinCos(2 * Math.PI * ModulationRate / sampleRate);
            for (int n = 0; n < target.Length; n++)
            {
                // Oscillators advance by rotation: no Math.Sin per sample.
                double tone = 0;
                for (int h = 0; h < harmonics; h++)
                {
                    tone += Amplitudes[h] * sin[h];
                    double c = cos[h], s = sin[h];
                    cos[h] = c * stepCos[h] - s * stepSin[h];
                    sin[h] = s * stepCos[h] + c * stepSin[h];
                }
                double tremolo = 1 - Depth * 0.5 * (1 + modulationCos);
                (modulationCos, modulationSin) = (modulationCos * modulationStepCos - modulationSin * modulationStepSin, modulationSin * modulationStepCos + modulationCos * modulationStepSin);
                target[n] += (float)(scale * tone * tremolo * Envelope(n, target.Length, sampleRate));
            }
        }
    }
}
