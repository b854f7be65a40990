namespace Microsoft.ML.AudioVisual.Spectral;

/// <summary>
/// Float32 elementary functions that round exactly like PyTorch's CPU kernels, for bit-exact parity.
/// </summary>
/// <remarks>
/// <para>
/// PyTorch's vectorised <c>cos</c> is SLEEF's <c>Sleef_cosf8_u10</c> (AVX2, fused multiply-add), which is
/// accurate to 1 ulp but not correctly rounded: about one value in twenty differs by 1 ulp from
/// <c>(float)Math.Cos(x)</c>. A 1-ulp change in one window sample moves low-energy STFT bins by far more
/// than the parity tolerance on a log scale, so the window is computed with the same algorithm:
/// SLEEF 3.5 <c>xcosf_u1</c>, Cody-Waite reduction plus a double-float polynomial, with
/// <see cref="MathF.FusedMultiplyAdd"/> where SLEEF uses FMA (always exact, with or without hardware FMA).
/// </para>
/// <para>
/// The same holds for the Sound of Pixels warp grid, <c>21 ** ((torch.linspace(-1, 1, n) + 1) / 2)</c>: a 1-ulp
/// change of a grid coordinate moves the sampled row by ~1e-5 rows, visible at the parity tolerance on
/// noise-like spectra. Hence <see cref="Pow"/> (SLEEF <c>xpowf</c>, as <c>Sleef_powf8_u10</c>) and
/// <see cref="Linspace"/> (torch's AVX2 <c>linspace</c> kernel, whose <c>start + step * i</c> the compiler fuses).
/// </para>
/// </remarks>
internal static class TorchFloatMath
{
    private const float PiA2 = 3.1414794921875f;
    private const float PiB2 = 0.00011315941810607910156f;
    private const float PiC2 = 1.9841872589410058936e-09f;
    private const float OneOverPi = (float)0.318309886183790671537767526745028724;

    /// <summary>cos(d) rounded as SLEEF's <c>cosf_u10</c> (FMA variant) rounds it, for |d| &lt; 125.</summary>
    public static float Cos(float d)
    {
        if (!(MathF.Abs(d) < 125f))
        {
            // SLEEF switches to Payne-Hanek reduction here; windows never get here (|arg| <= 2π).
            return (float)Math.Cos(d);
        }

        float dq = MathF.FusedMultiplyAdd(MathF.Round(MathF.FusedMultiplyAdd(d, OneOverPi, -0.5f)), 2f, 1f);
        int q = (int)dq;
        DoubleFloat s = DoubleFloat.Add2(d, dq * (-PiA2 * 0.5f));
        s = DoubleFloat.Add2(s, dq * (-PiB2 * 0.5f));
        s = DoubleFloat.Add2(s, dq * (-PiC2 * 0.5f));

        DoubleFloat t = s;
        s = DoubleFloat.Square(s);
        float u = 2.6083159809786593541503e-06f;
        u = MathF.FusedMultiplyAdd(u, s.Hi, -0.0001981069071916863322258f);
        u = MathF.FusedMultiplyAdd(u, s.Hi, 0.00833307858556509017944336f);
        DoubleFloat x = DoubleFloat.Add(1f, DoubleFloat.Multiply(DoubleFloat.Add(-0.166666597127914428710938f, u * s.Hi), s));
        u = DoubleFloat.MultiplyToFloat(t, x);
        return (q & 2) == 0 ? -u : u;
    }

    /// <summary>
    /// <c>torch.linspace(start, end, steps)</c> in float32 as PyTorch's AVX2 CPU kernel computes it: blocks of 8
    /// values <c>base + j * step</c> with <c>base = fma(step, i, start)</c> before the midpoint and
    /// <c>fma(-step, steps - 1 - i, end)</c> after it; the tail past the last multiple of 16 is computed per element.
    /// </summary>
    public static float[] Linspace(float start, float end, int steps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        var values = new float[steps];
        if (steps == 1)
        {
            values[0] = start;
            return values;
        }

        float step = (end - start) / (steps - 1);
        int halfway = steps / 2;
        int vectorized = steps - (steps % 16);
        for (int i = 0; i < steps; i++)
        {
            if (i < vectorized)
            {
                int block = i & ~7, j = i - block;
                float baseValue = block < halfway
                    ? MathF.FusedMultiplyAdd(step, block, start)
                    : MathF.FusedMultiplyAdd(-step, steps - block - 1, end);
                float offset = j * step;
                values[i] = baseValue + offset;
            }
            else
            {
                values[i] = i < halfway
                    ? MathF.FusedMultiplyAdd(step, i, start)
                    : MathF.FusedMultiplyAdd(-step, steps - i - 1, end);
            }
        }

        return values;
    }

    /// <summary>
    /// x^y rounded as SLEEF's <c>powf_u10</c> (FMA variant) rounds it, for finite x &gt; 0 and finite y with a
    /// normal result; other arguments fall back to <see cref="MathF.Pow"/>.
    /// </summary>
    public static float Pow(float x, float y)
    {
        if (y == 0f || x == 1f)
        {
            return 1f;
        }

        if (!(x > 0f) || !float.IsFinite(x) || !float.IsFinite(y))
        {
            return MathF.Pow(x, y);
        }

        float result = ExpK(DoubleFloat.Multiply(LogK(x), y));
        return float.IsNormal(result) ? result : MathF.Pow(x, y);
    }

    // SLEEF logkf: ln(d) as a double-float, for finite d > 0.
    private static DoubleFloat LogK(float d)
    {
        bool tiny = d < 1.17549435e-38f; // FLT_MIN
        if (tiny)
        {
            d *= 18446744073709551616f; // 2^64
        }

        int e = ((BitConverter.SingleToInt32Bits(d * (1.0f / 0.75f)) >> 23) & 0xff) - 0x7f;
        float m = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(d) - (e << 23));
        if (tiny)
        {
            e -= 64;
        }

        DoubleFloat x = DoubleFloat.Divide(DoubleFloat.Add2(-1f, m), DoubleFloat.Add2(1f, m));
        DoubleFloat x2 = DoubleFloat.Square(x);
        float t = (float)0.240320354700088500976562;
        t = MathF.FusedMultiplyAdd(t, x2.Hi, (float)0.285112679004669189453125);
        t = MathF.FusedMultiplyAdd(t, x2.Hi, (float)0.400007992982864379882812);
        var c = new DoubleFloat(0.66666662693023681640625f, 3.69183861259614332084311e-09f);
        DoubleFloat s = DoubleFloat.Multiply(new DoubleFloat(0.69314718246459960938f, -1.904654323148236017e-09f), e);
        s = DoubleFloat.Add(s, new DoubleFloat(x.Hi * 2f, x.Lo * 2f));
        return DoubleFloat.Add(s, DoubleFloat.Multiply(DoubleFloat.Multiply(x2, x), DoubleFloat.Add2(DoubleFloat.Multiply(x2, t), c)));
    }

    // SLEEF expkf: e^d for a double-float d.
    private static float ExpK(DoubleFloat d)
    {
        const float ln2Hi = 0.693145751953125f, ln2Lo = 1.428606765330187045e-06f;
        const float oneOverLn2 = (float)1.442695040888963407359924681001892137426645954152985934135449406931;
        int q = (int)MathF.Round((d.Hi + d.Lo) * oneOverLn2);
        DoubleFloat s = DoubleFloat.Add2(d, q * -ln2Hi);
        s = DoubleFloat.Add2(s, q * -ln2Lo);
        s = DoubleFloat.Normalize(s);
        float u = 0.00136324646882712841033936f;
        u = MathF.FusedMultiplyAdd(u, s.Hi, 0.00836596917361021041870117f);
        u = MathF.FusedMultiplyAdd(u, s.Hi, 0.0416710823774337768554688f);
        u = MathF.FusedMultiplyAdd(u, s.Hi, 0.166665524244308471679688f);
        u = MathF.FusedMultiplyAdd(u, s.Hi, 0.499999850988388061523438f);
        DoubleFloat t = DoubleFloat.Add(s, DoubleFloat.Multiply(DoubleFloat.Square(s), u));
        t = DoubleFloat.Add(1f, t);
        float r = MathF.ScaleB(t.Hi + t.Lo, q); // exact for normal results
        return d.Hi < -104f ? 0f : r;
    }

    /// <summary>SLEEF's double-float (unevaluated sum hi + lo) helpers, FMA variants.</summary>
    private readonly record struct DoubleFloat(float Hi, float Lo)
    {
        public static DoubleFloat Add(float x, float y)
        {
            float hi = x + y;
            return new DoubleFloat(hi, (x - hi) + y);
        }

        public static DoubleFloat Add(float x, DoubleFloat y)
        {
            float hi = x + y.Hi;
            return new DoubleFloat(hi, ((x - hi) + y.Hi) + y.Lo);
        }

        public static DoubleFloat Add(DoubleFloat x, DoubleFloat y)
        {
            float hi = x.Hi + y.Hi;
            return new DoubleFloat(hi, (((x.Hi - hi) + y.Hi) + x.Lo) + y.Lo);
        }

        public static DoubleFloat Add2(DoubleFloat x, DoubleFloat y)
        {
            float hi = x.Hi + y.Hi;
            float v = hi - x.Hi;
            float lo = (x.Hi - (hi - v)) + (y.Hi - v);
            return new DoubleFloat(hi, lo + (x.Lo + y.Lo));
        }

        public static DoubleFloat Normalize(DoubleFloat t)
        {
            float hi = t.Hi + t.Lo;
            return new DoubleFloat(hi, (t.Hi - hi) + t.Lo);
        }

        public static DoubleFloat Multiply(DoubleFloat x, float y)
        {
            float hi = x.Hi * y;
            return new DoubleFloat(hi, MathF.FusedMultiplyAdd(x.Lo, y, MathF.FusedMultiplyAdd(x.Hi, y, -hi)));
        }

        public static DoubleFloat Divide(DoubleFloat n, DoubleFloat d)
        {
            float t = 1.0f / d.Hi;
            float hi = n.Hi * t;
            float u = MathF.FusedMultiplyAdd(t, n.Hi, -hi);
            float lo = MathF.FusedMultiplyAdd(-d.Lo, t, MathF.FusedMultiplyAdd(-d.Hi, t, 1f));
            return new DoubleFloat(hi, MathF.FusedMultiplyAdd(hi, lo, MathF.FusedMultiplyAdd(n.Lo, t, u)));
        }

        public static DoubleFloat Add2(float x, float y)
        {
            float hi = x + y;
            float v = hi - x;
            return new DoubleFloat(hi, (x - (hi - v)) + (y - v));
        }

        public static DoubleFloat Add2(DoubleFloat x, float y)
        {
            float hi = x.Hi + y;
            float v = hi - x.Hi;
            float lo = (x.Hi - (hi - v)) + (y - v);
            return new DoubleFloat(hi, lo + x.Lo);
        }

        public static DoubleFloat Square(DoubleFloat x)
        {
            float hi = x.Hi * x.Hi;
            return new DoubleFloat(hi, MathF.FusedMultiplyAdd(x.Hi + x.Hi, x.Lo, MathF.FusedMultiplyAdd(x.Hi, x.Hi, -hi)));
        }

        public static DoubleFloat Multiply(DoubleFloat x, DoubleFloat y)
        {
            float hi = x.Hi * y.Hi;
            return new DoubleFloat(hi, MathF.FusedMultiplyAdd(x.Hi, y.Lo, MathF.FusedMultiplyAdd(x.Lo, y.Hi, MathF.FusedMultiplyAdd(x.Hi, y.Hi, -hi))));
        }

        public static float MultiplyToFloat(DoubleFloat x, DoubleFloat y)
            => MathF.FusedMultiplyAdd(x.Hi, y.Hi, MathF.FusedMultiplyAdd(x.Lo, y.Hi, x.Hi * y.Lo));
    }
}
