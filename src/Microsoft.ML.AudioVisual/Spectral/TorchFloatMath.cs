namespace Microsoft.ML.AudioVisual.Spectral;

/// <summary>
/// Float32 elementary functions that round exactly like PyTorch's CPU kernels, for bit-exact parity.
/// </summary>
/// <remarks>
/// PyTorch's vectorised <c>cos</c> is SLEEF's <c>Sleef_cosf8_u10</c> (AVX2, fused multiply-add), which is
/// accurate to 1 ulp but not correctly rounded: about one value in twenty differs by 1 ulp from
/// <c>(float)Math.Cos(x)</c>. A 1-ulp change in one window sample moves low-energy STFT bins by far more
/// than the parity tolerance on a log scale, so the window is computed with the same algorithm:
/// SLEEF 3.5 <c>xcosf_u1</c>, Cody-Waite reduction plus a double-float polynomial, with
/// <see cref="MathF.FusedMultiplyAdd"/> where SLEEF uses FMA (always exact, with or without hardware FMA).
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
