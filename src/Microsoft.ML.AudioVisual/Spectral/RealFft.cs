namespace Microsoft.ML.AudioVisual.Spectral;

/// <summary>
/// Planned mixed-radix real FFT of one length, in float32, in FFTPACK "halfcomplex" order
/// <c>[r0, r1, i1, r2, i2, ..., (r_{n/2} if n is even)]</c>.
/// </summary>
/// <remarks>
/// <para>
/// The algorithm is FFTPACK's real transform (rfftf/rfftb: radix 4, 2, 3, 5 butterflies and a generic
/// odd-prime radix), with the factor order, twiddle values and operation order of pocketfft's
/// <c>rfftp</c>, which is what PyTorch's CPU <c>torch.fft.rfft</c>/<c>torch.stft</c> run when it is built
/// without MKL. Why not a faster split-radix or a complex FFT of n/2 points: spectrogram bins far from
/// the signal's energy are at float32 rounding-noise level (1e-7 of the peak), and on a log or dB scale
/// those bins only match a float32 peer that performs the same roundings. Following the same
/// operation order makes the output bit-identical to PyTorch's (verified on the parity references),
/// at no cost in accuracy (O(log n) float32 error) and with plenty of speed for audio frame sizes.
/// </para>
/// <para>
/// Twiddles are computed in double by octant reduction and rounded to float, as pocketfft does.
/// Lengths with large prime factors use the generic radix, which is O(n·p); fine for the
/// sizes used by audio front-ends (e.g. 1022 = 2·7·73).
/// </para>
/// <para>Immutable after construction and safe to share between threads; callers pass the scratch.</para>
/// </remarks>
internal sealed class RealFft
{
    private readonly int[] _factors;
    private readonly float[][] _twiddles;
    private readonly float[]?[] _genericTwiddles;

    /// <summary>Plans a transform of <paramref name="length"/> points (any length >= 1).</summary>
    public RealFft(int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        Length = length;
        _factors = length == 1 ? [] : Factorize(length);
        _twiddles = new float[_factors.Length][];
        _genericTwiddles = new float[]?[_factors.Length];
        ComputeTwiddles();
    }

    /// <summary>Number of real points.</summary>
    public int Length { get; }

    /// <summary>Unnormalised forward transform, in place, into halfcomplex order. <paramref name="scratch"/> needs <see cref="Length"/> floats.</summary>
    public void Forward(Span<float> data, Span<float> scratch)
    {
        int n = Length;
        if (data.Length < n || scratch.Length < n)
        {
            throw new ArgumentException($"Buffers must hold at least {n} floats (data {data.Length}, scratch {scratch.Length}).");
        }

        data = data[..n];
        scratch = scratch[..n];
        Span<float> p1 = data, p2 = scratch;
        bool inData = true;
        int l1 = n;
        for (int k1 = 0; k1 < _factors.Length; k1++)
        {
            int k = _factors.Length - k1 - 1;
            int ip = _factors[k];
            int ido = n / l1;
            l1 /= ip;
            float[] wa = _twiddles[k];
            switch (ip)
            {
                case 4: Radf4(ido, l1, p1, p2, wa); break;
                case 2: Radf2(ido, l1, p1, p2, wa); break;
                case 3: Radf3(ido, l1, p1, p2, wa); break;
                case 5: Radf5(ido, l1, p1, p2, wa); break;
                default:
                    // The generic pass leaves its result in its input buffer: no swap.
                    Radfg(ido, ip, l1, p1, p2, wa, _genericTwiddles[k]!);
                    continue;
            }

            Span<float> t = p1;
            p1 = p2;
            p2 = t;
            inData = !inData;
        }

        if (!inData)
        {
            p1.CopyTo(data);
        }
    }

    /// <summary>Unnormalised inverse transform (multiply by 1/n for the inverse DFT), in place, from halfcomplex order.</summary>
    public void Backward(Span<float> data, Span<float> scratch)
    {
        int n = Length;
        if (data.Length < n || scratch.Length < n)
        {
            throw new ArgumentException($"Buffers must hold at least {n} floats (data {data.Length}, scratch {scratch.Length}).");
        }

        data = data[..n];
        scratch = scratch[..n];
        Span<float> p1 = data, p2 = scratch;
        bool inData = true;
        int l1 = 1;
        for (int k = 0; k < _factors.Length; k++)
        {
            int ip = _factors[k];
            int ido = n / (ip * l1);
            float[] wa = _twiddles[k];
            switch (ip)
            {
                case 4: Radb4(ido, l1, p1, p2, wa); break;
                case 2: Radb2(ido, l1, p1, p2, wa); break;
                case 3: Radb3(ido, l1, p1, p2, wa); break;
                case 5: Radb5(ido, l1, p1, p2, wa); break;
                default: Radbg(ido, ip, l1, p1, p2, wa, _genericTwiddles[k]!); break;
            }

            Span<float> t = p1;
            p1 = p2;
            p2 = t;
            inData = !inData;
            l1 *= ip;
        }

        if (!inData)
        {
            p1.CopyTo(data);
        }
    }

    // Factors of 4 first, then one 2 moved to the front, then odd primes ascending (pocketfft order:
    // the order decides the roundings).
    private static int[] Factorize(int n)
    {
        var factors = new List<int>();
        int len = n;
        while (len % 4 == 0)
        {
            factors.Add(4);
            len >>= 2;
        }

        if (len % 2 == 0)
        {
            len >>= 1;
            factors.Add(2);
            (factors[0], factors[^1]) = (factors[^1], factors[0]);
        }

        int maxDivisor = (int)Math.Sqrt(len) + 1;
        for (int divisor = 3; len > 1 && divisor < maxDivisor; divisor += 2)
        {
            if (len % divisor == 0)
            {
                while (len % divisor == 0)
                {
                    factors.Add(divisor);
                    len /= divisor;
                }

                maxDivisor = (int)Math.Sqrt(len) + 1;
            }
        }

        if (len > 1)
        {
            factors.Add(len);
        }

        return [.. factors];
    }

    private void ComputeTwiddles()
    {
        int n = Length;
        int l1 = 1;
        for (int k = 0; k < _factors.Length; k++)
        {
            int ip = _factors[k];
            int ido = n / (l1 * ip);
            var tw = new float[(ip - 1) * (ido - 1)];
            if (k < _factors.Length - 1)
            {
                for (int j = 1; j < ip; j++)
                {
                    for (int i = 1; i <= (ido - 1) / 2; i++)
                    {
                        (double c, double s) = SinCos2PiOver((long)j * l1 * i, n);
                        tw[((j - 1) * (ido - 1)) + (2 * i) - 2] = (float)c;
                        tw[((j - 1) * (ido - 1)) + (2 * i) - 1] = (float)s;
                    }
                }
            }

            _twiddles[k] = tw;
            if (ip > 5)
            {
                var tws = new float[2 * ip];
                tws[0] = 1f;
                tws[1] = 0f;
                for (int i = 1; i <= ip >> 1; i++)
                {
                    (double c, double s) = SinCos2PiOver((long)i * (n / ip), n);
                    tws[2 * i] = (float)c;
                    tws[(2 * i) + 1] = (float)s;
                    tws[2 * (ip - i)] = (float)c;
                    tws[(2 * (ip - i)) + 1] = -(float)s;
                }

                _genericTwiddles[k] = tws;
            }

            l1 *= ip;
        }
    }

    /// <summary>(cos, sin) of 2π·m/n in double, reduced to the first octant so exact values (0, ±1, √½) come out exact.</summary>
    internal static (double Cos, double Sin) SinCos2PiOver(long m, long n)
    {
        m %= n;
        if (m < 0)
        {
            m += n;
        }

        double ang = 0.25 * Math.PI / n; // angle of one eighth-step: 2π·m/n == (8m)·ang
        long x = m << 3;
        if (x < 4 * n)
        {
            if (x < 2 * n)
            {
                return x < n
                    ? (Math.Cos(x * ang), Math.Sin(x * ang))
                    : (Math.Sin(((2 * n) - x) * ang), Math.Cos(((2 * n) - x) * ang));
            }

            x -= 2 * n;
            return x < n
                ? (-Math.Sin(x * ang), Math.Cos(x * ang))
                : (-Math.Cos(((2 * n) - x) * ang), Math.Sin(((2 * n) - x) * ang));
        }

        x = (8 * n) - x;
        if (x < 2 * n)
        {
            return x < n
                ? (Math.Cos(x * ang), -Math.Sin(x * ang))
                : (Math.Sin(((2 * n) - x) * ang), -Math.Cos(((2 * n) - x) * ang));
        }

        x -= 2 * n;
        return x < n
            ? (-Math.Sin(x * ang), -Math.Cos(x * ang))
            : (-Math.Cos(((2 * n) - x) * ang), -Math.Sin(((2 * n) - x) * ang));
    }

    // ---- Forward butterflies. Index helpers follow FFTPACK: input cc[a + ido*(b + l1*c)],
    // output ch[a + ido*(b + cdim*c)], twiddle WA(x, i) = wa[i + x*(ido-1)].
    // Expressions are written in FFTPACK's evaluation order on purpose (see the class remarks).
    private const float Taur = -0.5f;
    private const float Taui = (float)0.8660254037844386467637231707529362;
    private const float Hsqt2 = (float)0.707106781186547524400844362104849;
    private const float Sqrt2 = (float)1.414213562373095048801688724209698;
    private const float Tr11 = (float)0.3090169943749474241022934171828191;
    private const float Ti11 = (float)0.9510565162951535721164393333793821;
    private const float Tr12 = (float)-0.8090169943749474241022934171828191;
    private const float Ti12 = (float)0.5877852522924731291687059546390728;

    private static void Radf2(int ido, int l1, Span<float> cc, Span<float> ch, float[] wa)
    {
        const int cdim = 2;
        for (int k = 0; k < l1; k++)
        {
            float a = cc[ido * k], b = cc[ido * (k + l1)];
            ch[ido * cdim * k] = a + b;
            ch[(ido - 1) + (ido * (1 + (cdim * k)))] = a - b;
        }

        if ((ido & 1) == 0)
        {
            for (int k = 0; k < l1; k++)
            {
                ch[ido * (1 + (cdim * k))] = -cc[(ido - 1) + (ido * (k + l1))];
                ch[(ido - 1) + (ido * cdim * k)] = cc[(ido - 1) + (ido * k)];
            }
        }

        if (ido <= 2)
        {
            return;
        }

        for (int k = 0; k < l1; k++)
        {
            int c0 = ido * k, c1 = ido * (k + l1);
            int h0 = ido * cdim * k, h1 = ido * (1 + (cdim * k));
            for (int i = 2; i < ido; i += 2)
            {
                int ic = ido - i;
                float wr = wa[i - 2], wi = wa[i - 1];
                float tr2 = (wr * cc[c1 + i - 1]) + (wi * cc[c1 + i]);
                float ti2 = (wr * cc[c1 + i]) - (wi * cc[c1 + i - 1]);
                ch[h0 + i - 1] = cc[c0 + i - 1] + tr2;
                ch[h1 + ic - 1] = cc[c0 + i - 1] - tr2;
                ch[h0 + i] = ti2 + cc[c0 + i];
                ch[h1 + ic] = ti2 - cc[c0 + i];
            }
        }
    }

    private static void Radf3(int ido, int l1, Span<float> cc, Span<float> ch, float[] wa)
    {
        const int cdim = 3;
        for (int k = 0; k < l1; k++)
        {
            float c0 = cc[ido * k], c1 = cc[ido * (k + l1)], c2 = cc[ido * (k + (2 * l1))];
            float cr2 = c1 + c2;
            ch[ido * cdim * k] = c0 + cr2;
            ch[ido * (2 + (cdim * k))] = Taui * (c2 - c1);
            ch[(ido - 1) + (ido * (1 + (cdim * k)))] = c0 + (Taur * cr2);
        }

        if (ido == 1)
        {
            return;
        }

        int w1 = ido - 1;
        for (int k = 0; k < l1; k++)
        {
            int cc0 = ido * k, cc1 = ido * (k + l1), cc2 = ido * (k + (2 * l1));
            int h0 = ido * cdim * k, h1 = ido * (1 + (cdim * k)), h2 = ido * (2 + (cdim * k));
            for (int i = 2; i < ido; i += 2)
            {
                int ic = ido - i;
                float dr2 = (wa[i - 2] * cc[cc1 + i - 1]) + (wa[i - 1] * cc[cc1 + i]);
                float di2 = (wa[i - 2] * cc[cc1 + i]) - (wa[i - 1] * cc[cc1 + i - 1]);
                float dr3 = (wa[w1 + i - 2] * cc[cc2 + i - 1]) + (wa[w1 + i - 1] * cc[cc2 + i]);
                float di3 = (wa[w1 + i - 2] * cc[cc2 + i]) - (wa[w1 + i - 1] * cc[cc2 + i - 1]);
                float cr2 = dr2 + dr3;
                float ci2 = di2 + di3;
                ch[h0 + i - 1] = cc[cc0 + i - 1] + cr2;
                ch[h0 + i] = cc[cc0 + i] + ci2;
                float tr2 = cc[cc0 + i - 1] + (Taur * cr2);
                float ti2 = cc[cc0 + i] + (Taur * ci2);
                float tr3 = Taui * (di2 - di3);
                float ti3 = Taui * (dr3 - dr2);
                ch[h2 + i - 1] = tr2 + tr3;
                ch[h1 + ic - 1] = tr2 - tr3;
                ch[h2 + i] = ti3 + ti2;
                ch[h1 + ic] = ti3 - ti2;
            }
        }
    }

    private static void Radf4(int ido, int l1, Span<float> cc, Span<float> ch, float[] wa)
    {
        const int cdim = 4;
        for (int k = 0; k < l1; k++)
        {
            float c0 = cc[ido * k], c1 = cc[ido * (k + l1)], c2 = cc[ido * (k + (2 * l1))], c3 = cc[ido * (k + (3 * l1))];
            float tr1 = c3 + c1;
            ch[ido * (2 + (cdim * k))] = c3 - c1;
            float tr2 = c0 + c2;
            ch[(ido - 1) + (ido * (1 + (cdim * k)))] = c0 - c2;
            ch[ido * cdim * k] = tr2 + tr1;
            ch[(ido - 1) + (ido * (3 + (cdim * k)))] = tr2 - tr1;
        }

        if ((ido & 1) == 0)
        {
            for (int k = 0; k < l1; k++)
            {
                float c0 = cc[(ido - 1) + (ido * k)], c1 = cc[(ido - 1) + (ido * (k + l1))];
                float c2 = cc[(ido - 1) + (ido * (k + (2 * l1)))], c3 = cc[(ido - 1) + (ido * (k + (3 * l1)))];
                float ti1 = -Hsqt2 * (c1 + c3);
                float tr1 = Hsqt2 * (c1 - c3);
                ch[(ido - 1) + (ido * cdim * k)] = c0 + tr1;
                ch[(ido - 1) + (ido * (2 + (cdim * k)))] = c0 - tr1;
                ch[ido * (3 + (cdim * k))] = ti1 + c2;
                ch[ido * (1 + (cdim * k))] = ti1 - c2;
            }
        }

        if (ido <= 2)
        {
            return;
        }

        int w1 = ido - 1, w2 = 2 * (ido - 1);
        for (int k = 0; k < l1; k++)
        {
            int cc0 = ido * k, cc1 = ido * (k + l1), cc2 = ido * (k + (2 * l1)), cc3 = ido * (k + (3 * l1));
            int h0 = ido * cdim * k, h1 = ido * (1 + (cdim * k)), h2 = ido * (2 + (cdim * k)), h3 = ido * (3 + (cdim * k));
            for (int i = 2; i < ido; i += 2)
            {
                int ic = ido - i;
                float cr2 = (wa[i - 2] * cc[cc1 + i - 1]) + (wa[i - 1] * cc[cc1 + i]);
                float ci2 = (wa[i - 2] * cc[cc1 + i]) - (wa[i - 1] * cc[cc1 + i - 1]);
                float cr3 = (wa[w1 + i - 2] * cc[cc2 + i - 1]) + (wa[w1 + i - 1] * cc[cc2 + i]);
                float ci3 = (wa[w1 + i - 2] * cc[cc2 + i]) - (wa[w1 + i - 1] * cc[cc2 + i - 1]);
                float cr4 = (wa[w2 + i - 2] * cc[cc3 + i - 1]) + (wa[w2 + i - 1] * cc[cc3 + i]);
                float ci4 = (wa[w2 + i - 2] * cc[cc3 + i]) - (wa[w2 + i - 1] * cc[cc3 + i - 1]);
                float tr1 = cr4 + cr2, tr4 = cr4 - cr2;
                float ti1 = ci2 + ci4, ti4 = ci2 - ci4;
                float tr2 = cc[cc0 + i - 1] + cr3, tr3 = cc[cc0 + i - 1] - cr3;
                float ti2 = cc[cc0 + i] + ci3, ti3 = cc[cc0 + i] - ci3;
                ch[h0 + i - 1] = tr2 + tr1;
                ch[h3 + ic - 1] = tr2 - tr1;
                ch[h0 + i] = ti1 + ti2;
                ch[h3 + ic] = ti1 - ti2;
                ch[h2 + i - 1] = tr3 + ti4;
                ch[h1 + ic - 1] = tr3 - ti4;
                ch[h2 + i] = tr4 + ti3;
                ch[h1 + ic] = tr4 - ti3;
            }
        }
    }

    private static void Radf5(int ido, int l1, Span<float> cc, Span<float> ch, float[] wa)
    {
        const int cdim = 5;
        for (int k = 0; k < l1; k++)
        {
            float c0 = cc[ido * k], c1 = cc[ido * (k + l1)], c2 = cc[ido * (k + (2 * l1))];
            float c3 = cc[ido * (k + (3 * l1))], c4 = cc[ido * (k + (4 * l1))];
            float cr2 = c4 + c1, ci5 = c4 - c1;
            float cr3 = c3 + c2, ci4 = c3 - c2;
            ch[ido * cdim * k] = c0 + cr2 + cr3;
            ch[(ido - 1) + (ido * (1 + (cdim * k)))] = c0 + (Tr11 * cr2) + (Tr12 * cr3);
            ch[ido * (2 + (cdim * k))] = (Ti11 * ci5) + (Ti12 * ci4);
            ch[(ido - 1) + (ido * (3 + (cdim * k)))] = c0 + (Tr12 * cr2) + (Tr11 * cr3);
            ch[ido * (4 + (cdim * k))] = (Ti12 * ci5) - (Ti11 * ci4);
        }

        if (ido == 1)
        {
            return;
        }

        int w1 = ido - 1, w2 = 2 * (ido - 1), w3 = 3 * (ido - 1);
        for (int k = 0; k < l1; k++)
        {
            int cc0 = ido * k, cc1 = ido * (k + l1), cc2 = ido * (k + (2 * l1)), cc3 = ido * (k + (3 * l1)), cc4 = ido * (k + (4 * l1));
            int h0 = ido * cdim * k, h1 = ido * (1 + (cdim * k)), h2 = ido * (2 + (cdim * k)), h3 = ido * (3 + (cdim * k)), h4 = ido * (4 + (cdim * k));
            for (int i = 2; i < ido; i += 2)
            {
                int ic = ido - i;
                float dr2 = (wa[i - 2] * cc[cc1 + i - 1]) + (wa[i - 1] * cc[cc1 + i]);
                float di2 = (wa[i - 2] * cc[cc1 + i]) - (wa[i - 1] * cc[cc1 + i - 1]);
                float dr3 = (wa[w1 + i - 2] * cc[cc2 + i - 1]) + (wa[w1 + i - 1] * cc[cc2 + i]);
                float di3 = (wa[w1 + i - 2] * cc[cc2 + i]) - (wa[w1 + i - 1] * cc[cc2 + i - 1]);
                float dr4 = (wa[w2 + i - 2] * cc[cc3 + i - 1]) + (wa[w2 + i - 1] * cc[cc3 + i]);
                float di4 = (wa[w2 + i - 2] * cc[cc3 + i]) - (wa[w2 + i - 1] * cc[cc3 + i - 1]);
                float dr5 = (wa[w3 + i - 2] * cc[cc4 + i - 1]) + (wa[w3 + i - 1] * cc[cc4 + i]);
                float di5 = (wa[w3 + i - 2] * cc[cc4 + i]) - (wa[w3 + i - 1] * cc[cc4 + i - 1]);
                float cr2 = dr5 + dr2, ci5 = dr5 - dr2;
                float ci2 = di2 + di5, cr5 = di2 - di5;
                float cr3 = dr4 + dr3, ci4 = dr4 - dr3;
                float ci3 = di3 + di4, cr4 = di3 - di4;
                float a0 = cc[cc0 + i - 1], b0 = cc[cc0 + i];
                ch[h0 + i - 1] = a0 + cr2 + cr3;
                ch[h0 + i] = b0 + ci2 + ci3;
                float tr2 = a0 + (Tr11 * cr2) + (Tr12 * cr3);
                float ti2 = b0 + (Tr11 * ci2) + (Tr12 * ci3);
                float tr3 = a0 + (Tr12 * cr2) + (Tr11 * cr3);
                float ti3 = b0 + (Tr12 * ci2) + (Tr11 * ci3);
                // MULPM(a, b, c, d, e, f): a = c*e + d*f; b = c*f - d*e
                float tr5 = (cr5 * Ti11) + (cr4 * Ti12);
                float tr4 = (cr5 * Ti12) - (cr4 * Ti11);
                float ti5 = (ci5 * Ti11) + (ci4 * Ti12);
                float ti4 = (ci5 * Ti12) - (ci4 * Ti11);
                ch[h2 + i - 1] = tr2 + tr5;
                ch[h1 + ic - 1] = tr2 - tr5;
                ch[h2 + i] = ti5 + ti2;
                ch[h1 + ic] = ti5 - ti2;
                ch[h4 + i - 1] = tr3 + tr4;
                ch[h3 + ic - 1] = tr3 - tr4;
                ch[h4 + i] = ti4 + ti3;
                ch[h3 + ic] = ti4 - ti3;
            }
        }
    }

    // Generic odd radix. Works in place on cc (which holds the result on return); ch is scratch.
    private static void Radfg(int ido, int ip, int l1, Span<float> cc, Span<float> ch, float[] wa, float[] csarr)
    {
        int cdim = ip;
        int ipph = (ip + 1) / 2;
        int idl1 = ido * l1;

        // C1(a,b,c) = cc[a + ido*(b + l1*c)], C2(a,b) = cc[a + idl1*b], CH2(a,b) = ch[a + idl1*b],
        // CC(a,b,c) = cc[a + ido*(b + cdim*c)], CH(a,b,c) = ch[a + ido*(b + l1*c)].
        if (ido > 1)
        {
            for (int j = 1, jc = ip - 1; j < ipph; j++, jc--)
            {
                int js = (j - 1) * (ido - 1), js2 = (jc - 1) * (ido - 1);
                for (int k = 0; k < l1; k++)
                {
                    int idij = js, idij2 = js2;
                    int bj = ido * (k + (l1 * j)), bjc = ido * (k + (l1 * jc));
                    for (int i = 1; i <= ido - 2; i += 2)
                    {
                        float t1 = cc[bj + i], t2 = cc[bj + i + 1], t3 = cc[bjc + i], t4 = cc[bjc + i + 1];
                        float x1 = (wa[idij] * t1) + (wa[idij + 1] * t2);
                        float x2 = (wa[idij] * t2) - (wa[idij + 1] * t1);
                        float x3 = (wa[idij2] * t3) + (wa[idij2 + 1] * t4);
                        float x4 = (wa[idij2] * t4) - (wa[idij2 + 1] * t3);
                        cc[bj + i] = x1 + x3;
                        cc[bjc + i] = x2 - x4;
                        cc[bj + i + 1] = x2 + x4;
                        cc[bjc + i + 1] = x3 - x1;
                        idij += 2;
                        idij2 += 2;
                    }
                }
            }
        }

        for (int j = 1, jc = ip - 1; j < ipph; j++, jc--)
        {
            for (int k = 0; k < l1; k++)
            {
                int a = ido * (k + (l1 * j)), b = ido * (k + (l1 * jc));
                float t1 = cc[a], t2 = cc[b];
                cc[a] = t1 + t2;
                cc[b] = t2 - t1;
            }
        }

        for (int l = 1, lc = ip - 1; l < ipph; l++, lc--)
        {
            int hl = idl1 * l, hlc = idl1 * lc;
            float cs2l = csarr[2 * l], cs4l = csarr[4 * l], cs2l1 = csarr[(2 * l) + 1], cs4l1 = csarr[(4 * l) + 1];
            for (int ik = 0; ik < idl1; ik++)
            {
                ch[hl + ik] = cc[ik] + (cs2l * cc[ik + idl1]) + (cs4l * cc[ik + (2 * idl1)]);
                ch[hlc + ik] = (cs2l1 * cc[ik + (idl1 * (ip - 1))]) + (cs4l1 * cc[ik + (idl1 * (ip - 2))]);
            }

            int iang = 2 * l;
            int j = 3, jc = ip - 3;
            for (; j < ipph - 3; j += 4, jc -= 4)
            {
                iang += l; if (iang >= ip) { iang -= ip; }
                float ar1 = csarr[2 * iang], ai1 = csarr[(2 * iang) + 1];
                iang += l; if (iang >= ip) { iang -= ip; }
                float ar2 = csarr[2 * iang], ai2 = csarr[(2 * iang) + 1];
                iang += l; if (iang >= ip) { iang -= ip; }
                float ar3 = csarr[2 * iang], ai3 = csarr[(2 * iang) + 1];
                iang += l; if (iang >= ip) { iang -= ip; }
                float ar4 = csarr[2 * iang], ai4 = csarr[(2 * iang) + 1];
                for (int ik = 0; ik < idl1; ik++)
                {
                    ch[hl + ik] += (ar1 * cc[ik + (idl1 * j)]) + (ar2 * cc[ik + (idl1 * (j + 1))])
                        + (ar3 * cc[ik + (idl1 * (j + 2))]) + (ar4 * cc[ik + (idl1 * (j + 3))]);
                    ch[hlc + ik] += (ai1 * cc[ik + (idl1 * jc)]) + (ai2 * cc[ik + (idl1 * (jc - 1))])
                        + (ai3 * cc[ik + (idl1 * (jc - 2))]) + (ai4 * cc[ik + (idl1 * (jc - 3))]);
                }
            }

            for (; j < ipph - 1; j += 2, jc -= 2)
            {
                iang += l; if (iang >= ip) { iang -= ip; }
                float ar1 = csarr[2 * iang], ai1 = csarr[(2 * iang) + 1];
                iang += l; if (iang >= ip) { iang -= ip; }
                float ar2 = csarr[2 * iang], ai2 = csarr[(2 * iang) + 1];
                for (int ik = 0; ik < idl1; ik++)
                {
                    ch[hl + ik] += (ar1 * cc[ik + (idl1 * j)]) + (ar2 * cc[ik + (idl1 * (j + 1))]);
                    ch[hlc + ik] += (ai1 * cc[ik + (idl1 * jc)]) + (ai2 * cc[ik + (idl1 * (jc - 1))]);
                }
            }

            for (; j < ipph; j++, jc--)
            {
                iang += l; if (iang >= ip) { iang -= ip; }
                float ar = csarr[2 * iang], ai = csarr[(2 * iang) + 1];
                for (int ik = 0; ik < idl1; ik++)
                {
                    ch[hl + ik] += ar * cc[ik + (idl1 * j)];
                    ch[hlc + ik] += ai * cc[ik + (idl1 * jc)];
                }
            }
        }

        for (int ik = 0; ik < idl1; ik++)
        {
            ch[ik] = cc[ik];
        }

        for (int j = 1; j < ipph; j++)
        {
            for (int ik = 0; ik < idl1; ik++)
            {
                ch[ik] += cc[ik + (idl1 * j)];
            }
        }

        for (int k = 0; k < l1; k++)
        {
            for (int i = 0; i < ido; i++)
            {
                cc[i + (ido * cdim * k)] = ch[i + (ido * k)];
            }
        }

        for (int j = 1, jc = ip - 1; j < ipph; j++, jc--)
        {
            int j2 = (2 * j) - 1;
            for (int k = 0; k < l1; k++)
            {
                cc[(ido - 1) + (ido * (j2 + (cdim * k)))] = ch[ido * (k + (l1 * j))];
                cc[ido * (j2 + 1 + (cdim * k))] = ch[ido * (k + (l1 * jc))];
            }
        }

        if (ido == 1)
        {
            return;
        }

        for (int j = 1, jc = ip - 1; j < ipph; j++, jc--)
        {
            int j2 = (2 * j) - 1;
            for (int k = 0; k < l1; k++)
            {
                int hj = ido * (k + (l1 * j)), hjc = ido * (k + (l1 * jc));
                int cj2 = ido * (j2 + (cdim * k)), cj21 = ido * (j2 + 1 + (cdim * k));
                for (int i = 1, ic = ido - i - 2; i <= ido - 2; i += 2, ic -= 2)
                {
                    cc[cj21 + i] = ch[hj + i] + ch[hjc + i];
                    cc[cj2 + ic] = ch[hj + i] - ch[hjc + i];
                    cc[cj21 + i + 1] = ch[hj + i + 1] + ch[hjc + i + 1];
                    cc[cj2 + ic + 1] = ch[hjc + i + 1] - ch[hj + i + 1];
                }
            }
        }
    }

    // ---- Backward butterflies: input cc[a + ido*(b + cdim*c)], output ch[a + ido*(b + l1*c)].
    private static void Radb2(int ido, int l1, Span<float> cc, Span<float> ch, float[] wa)
    {
        const int cdim = 2;
        for (int k = 0; k < l1; k++)
        {
            float a = cc[ido * cdim * k], b = cc[(ido - 1) + (ido * (1 + (cdim * k)))];
            ch[ido * k] = a + b;
            ch[ido * (k + l1)] = a - b;
        }

        if ((ido & 1) == 0)
        {
            for (int k = 0; k < l1; k++)
            {
                ch[(ido - 1) + (ido * k)] = 2 * cc[(ido - 1) + (ido * cdim * k)];
                ch[(ido - 1) + (ido * (k + l1))] = -2 * cc[ido * (1 + (cdim * k))];
            }
        }

        if (ido <= 2)
        {
            return;
        }

        for (int k = 0; k < l1; k++)
        {
            int c0 = ido * cdim * k, c1 = ido * (1 + (cdim * k));
            int h0 = ido * k, h1 = ido * (k + l1);
            for (int i = 2; i < ido; i += 2)
            {
                int ic = ido - i;
                ch[h0 + i - 1] = cc[c0 + i - 1] + cc[c1 + ic - 1];
                float tr2 = cc[c0 + i - 1] - cc[c1 + ic - 1];
                float ti2 = cc[c0 + i] + cc[c1 + ic];
                ch[h0 + i] = cc[c0 + i] - cc[c1 + ic];
                ch[h1 + i] = (wa[i - 2] * ti2) + (wa[i - 1] * tr2);
                ch[h1 + i - 1] = (wa[i - 2] * tr2) - (wa[i - 1] * ti2);
            }
        }
    }

    private static void Radb3(int ido, int l1, Span<float> cc, Span<float> ch, float[] wa)
    {
        const int cdim = 3;
        for (int k = 0; k < l1; k++)
        {
            float tr2 = 2 * cc[(ido - 1) + (ido * (1 + (cdim * k)))];
            float cr2 = cc[ido * cdim * k] + (Taur * tr2);
            ch[ido * k] = cc[ido * cdim * k] + tr2;
            float ci3 = 2 * Taui * cc[ido * (2 + (cdim * k))];
            ch[ido * (k + (2 * l1))] = cr2 + ci3;
            ch[ido * (k + l1)] = cr2 - ci3;
        }

        if (ido == 1)
        {
            return;
        }

        int w1 = ido - 1;
        for (int k = 0; k < l1; k++)
        {
            int c0 = ido * cdim * k, c1 = ido * (1 + (cdim * k)), c2 = ido * (2 + (cdim * k));
            int h0 = ido * k, h1 = ido * (k + l1), h2 = ido * (k + (2 * l1));
            for (int i = 2; i < ido; i += 2)
            {
                int ic = ido - i;
                float tr2 = cc[c2 + i - 1] + cc[c1 + ic - 1];
                float ti2 = cc[c2 + i] - cc[c1 + ic];
                float cr2 = cc[c0 + i - 1] + (Taur * tr2);
                float ci2 = cc[c0 + i] + (Taur * ti2);
                ch[h0 + i - 1] = cc[c0 + i - 1] + tr2;
                ch[h0 + i] = cc[c0 + i] + ti2;
                float cr3 = Taui * (cc[c2 + i - 1] - cc[c1 + ic - 1]);
                float ci3 = Taui * (cc[c2 + i] + cc[c1 + ic]);
                float dr3 = cr2 + ci3, dr2 = cr2 - ci3;
                float di2 = ci2 + cr3, di3 = ci2 - cr3;
                ch[h1 + i] = (wa[i - 2] * di2) + (wa[i - 1] * dr2);
                ch[h1 + i - 1] = (wa[i - 2] * dr2) - (wa[i - 1] * di2);
                ch[h2 + i] = (wa[w1 + i - 2] * di3) + (wa[w1 + i - 1] * dr3);
                ch[h2 + i - 1] = (wa[w1 + i - 2] * dr3) - (wa[w1 + i - 1] * di3);
            }
        }
    }

    private static void Radb4(int ido, int l1, Span<float> cc, Span<float> ch, float[] wa)
    {
        const int cdim = 4;
        for (int k = 0; k < l1; k++)
        {
            float a = cc[ido * cdim * k], b = cc[(ido - 1) + (ido * (3 + (cdim * k)))];
            float tr2 = a + b, tr1 = a - b;
            float tr3 = 2 * cc[(ido - 1) + (ido * (1 + (cdim * k)))];
            float tr4 = 2 * cc[ido * (2 + (cdim * k))];
            ch[ido * k] = tr2 + tr3;
            ch[ido * (k + (2 * l1))] = tr2 - tr3;
            ch[ido * (k + (3 * l1))] = tr1 + tr4;
            ch[ido * (k + l1)] = tr1 - tr4;
        }

        if ((ido & 1) == 0)
        {
            for (int k = 0; k < l1; k++)
            {
                float a3 = cc[ido * (3 + (cdim * k))], a1 = cc[ido * (1 + (cdim * k))];
                float ti1 = a3 + a1, ti2 = a3 - a1;
                float b0 = cc[(ido - 1) + (ido * cdim * k)], b2 = cc[(ido - 1) + (ido * (2 + (cdim * k)))];
                float tr2 = b0 + b2, tr1 = b0 - b2;
                ch[(ido - 1) + (ido * k)] = tr2 + tr2;
                ch[(ido - 1) + (ido * (k + l1))] = Sqrt2 * (tr1 - ti1);
                ch[(ido - 1) + (ido * (k + (2 * l1)))] = ti2 + ti2;
                ch[(ido - 1) + (ido * (k + (3 * l1)))] = -Sqrt2 * (tr1 + ti1);
            }
        }

        if (ido <= 2)
        {
            return;
        }

        int w1 = ido - 1, w2 = 2 * (ido - 1);
        for (int k = 0; k < l1; k++)
        {
            int c0 = ido * cdim * k, c1 = ido * (1 + (cdim * k)), c2 = ido * (2 + (cdim * k)), c3 = ido * (3 + (cdim * k));
            int h0 = ido * k, h1 = ido * (k + l1), h2 = ido * (k + (2 * l1)), h3 = ido * (k + (3 * l1));
            for (int i = 2; i < ido; i += 2)
            {
                int ic = ido - i;
                float tr2 = cc[c0 + i - 1] + cc[c3 + ic - 1], tr1 = cc[c0 + i - 1] - cc[c3 + ic - 1];
                float ti1 = cc[c0 + i] + cc[c3 + ic], ti2 = cc[c0 + i] - cc[c3 + ic];
                float tr4 = cc[c2 + i] + cc[c1 + ic], ti3 = cc[c2 + i] - cc[c1 + ic];
                float tr3 = cc[c2 + i - 1] + cc[c1 + ic - 1], ti4 = cc[c2 + i - 1] - cc[c1 + ic - 1];
                ch[h0 + i - 1] = tr2 + tr3;
                float cr3 = tr2 - tr3;
                ch[h0 + i] = ti2 + ti3;
                float ci3 = ti2 - ti3;
                float cr4 = tr1 + tr4, cr2 = tr1 - tr4;
                float ci2 = ti1 + ti4, ci4 = ti1 - ti4;
                ch[h1 + i] = (wa[i - 2] * ci2) + (wa[i - 1] * cr2);
                ch[h1 + i - 1] = (wa[i - 2] * cr2) - (wa[i - 1] * ci2);
                ch[h2 + i] = (wa[w1 + i - 2] * ci3) + (wa[w1 + i - 1] * cr3);
                ch[h2 + i - 1] = (wa[w1 + i - 2] * cr3) - (wa[w1 + i - 1] * ci3);
                ch[h3 + i] = (wa[w2 + i - 2] * ci4) + (wa[w2 + i - 1] * cr4);
                ch[h3 + i - 1] = (wa[w2 + i - 2] * cr4) - (wa[w2 + i - 1] * ci4);
            }
        }
    }

    private static void Radb5(int ido, int l1, Span<float> cc, Span<float> ch, float[] wa)
    {
        const int cdim = 5;
        for (int k = 0; k < l1; k++)
        {
            float ti5 = cc[ido * (2 + (cdim * k))] + cc[ido * (2 + (cdim * k))];
            float ti4 = cc[ido * (4 + (cdim * k))] + cc[ido * (4 + (cdim * k))];
            float tr2 = cc[(ido - 1) + (ido * (1 + (cdim * k)))] + cc[(ido - 1) + (ido * (1 + (cdim * k)))];
            float tr3 = cc[(ido - 1) + (ido * (3 + (cdim * k)))] + cc[(ido - 1) + (ido * (3 + (cdim * k)))];
            float c0 = cc[ido * cdim * k];
            ch[ido * k] = c0 + tr2 + tr3;
            float cr2 = c0 + (Tr11 * tr2) + (Tr12 * tr3);
            float cr3 = c0 + (Tr12 * tr2) + (Tr11 * tr3);
            float ci5 = (ti5 * Ti11) + (ti4 * Ti12);
            float ci4 = (ti5 * Ti12) - (ti4 * Ti11);
            ch[ido * (k + (4 * l1))] = cr2 + ci5;
            ch[ido * (k + l1)] = cr2 - ci5;
            ch[ido * (k + (3 * l1))] = cr3 + ci4;
            ch[ido * (k + (2 * l1))] = cr3 - ci4;
        }

        if (ido == 1)
        {
            return;
        }

        int w1 = ido - 1, w2 = 2 * (ido - 1), w3 = 3 * (ido - 1);
        for (int k = 0; k < l1; k++)
        {
            int c0 = ido * cdim * k, c1 = ido * (1 + (cdim * k)), c2 = ido * (2 + (cdim * k)), c3 = ido * (3 + (cdim * k)), c4 = ido * (4 + (cdim * k));
            int h0 = ido * k, h1 = ido * (k + l1), h2 = ido * (k + (2 * l1)), h3 = ido * (k + (3 * l1)), h4 = ido * (k + (4 * l1));
            for (int i = 2; i < ido; i += 2)
            {
                int ic = ido - i;
                float tr2 = cc[c2 + i - 1] + cc[c1 + ic - 1], tr5 = cc[c2 + i - 1] - cc[c1 + ic - 1];
                float ti5 = cc[c2 + i] + cc[c1 + ic], ti2 = cc[c2 + i] - cc[c1 + ic];
                float tr3 = cc[c4 + i - 1] + cc[c3 + ic - 1], tr4 = cc[c4 + i - 1] - cc[c3 + ic - 1];
                float ti4 = cc[c4 + i] + cc[c3 + ic], ti3 = cc[c4 + i] - cc[c3 + ic];
                float a0 = cc[c0 + i - 1], b0 = cc[c0 + i];
                ch[h0 + i - 1] = a0 + tr2 + tr3;
                ch[h0 + i] = b0 + ti2 + ti3;
                float cr2 = a0 + (Tr11 * tr2) + (Tr12 * tr3);
                float ci2 = b0 + (Tr11 * ti2) + (Tr12 * ti3);
                float cr3 = a0 + (Tr12 * tr2) + (Tr11 * tr3);
                float ci3 = b0 + (Tr12 * ti2) + (Tr11 * ti3);
                float cr5 = (tr5 * Ti11) + (tr4 * Ti12);
                float cr4 = (tr5 * Ti12) - (tr4 * Ti11);
                float ci5 = (ti5 * Ti11) + (ti4 * Ti12);
                float ci4 = (ti5 * Ti12) - (ti4 * Ti11);
                float dr4 = cr3 + ci4, dr3 = cr3 - ci4;
                float di3 = ci3 + cr4, di4 = ci3 - cr4;
                float dr5 = cr2 + ci5, dr2 = cr2 - ci5;
                float di2 = ci2 + cr5, di5 = ci2 - cr5;
                ch[h1 + i] = (wa[i - 2] * di2) + (wa[i - 1] * dr2);
                ch[h1 + i - 1] = (wa[i - 2] * dr2) - (wa[i - 1] * di2);
                ch[h2 + i] = (wa[w1 + i - 2] * di3) + (wa[w1 + i - 1] * dr3);
                ch[h2 + i - 1] = (wa[w1 + i - 2] * dr3) - (wa[w1 + i - 1] * di3);
                ch[h3 + i] = (wa[w2 + i - 2] * di4) + (wa[w2 + i - 1] * dr4);
                ch[h3 + i - 1] = (wa[w2 + i - 2] * dr4) - (wa[w2 + i - 1] * di4);
                ch[h4 + i] = (wa[w3 + i - 2] * di5) + (wa[w3 + i - 1] * dr5);
                ch[h4 + i - 1] = (wa[w3 + i - 2] * dr5) - (wa[w3 + i - 1] * di5);
            }
        }
    }

    // Generic odd radix, backward. Result in ch.
    private static void Radbg(int ido, int ip, int l1, Span<float> cc, Span<float> ch, float[] wa, float[] csarr)
    {
        int cdim = ip;
        int ipph = (ip + 1) / 2;
        int idl1 = ido * l1;

        // CC(a,b,c) = cc[a + ido*(b + cdim*c)], CH(a,b,c) = ch[a + ido*(b + l1*c)],
        // C1(a,b,c) = cc[a + ido*(b + l1*c)], C2(a,b) = cc[a + idl1*b], CH2(a,b) = ch[a + idl1*b].
        for (int k = 0; k < l1; k++)
        {
            for (int i = 0; i < ido; i++)
            {
                ch[i + (ido * k)] = cc[i + (ido * cdim * k)];
            }
        }

        for (int j = 1, jc = ip - 1; j < ipph; j++, jc--)
        {
            int j2 = (2 * j) - 1;
            for (int k = 0; k < l1; k++)
            {
                ch[ido * (k + (l1 * j))] = 2 * cc[(ido - 1) + (ido * (j2 + (cdim * k)))];
                ch[ido * (k + (l1 * jc))] = 2 * cc[ido * (j2 + 1 + (cdim * k))];
            }
        }

        if (ido != 1)
        {
            for (int j = 1, jc = ip - 1; j < ipph; j++, jc--)
            {
                int j2 = (2 * j) - 1;
                for (int k = 0; k < l1; k++)
                {
                    int hj = ido * (k + (l1 * j)), hjc = ido * (k + (l1 * jc));
                    int cj2 = ido * (j2 + (cdim * k)), cj21 = ido * (j2 + 1 + (cdim * k));
                    for (int i = 1, ic = ido - i - 2; i <= ido - 2; i += 2, ic -= 2)
                    {
                        ch[hj + i] = cc[cj21 + i] + cc[cj2 + ic];
                        ch[hjc + i] = cc[cj21 + i] - cc[cj2 + ic];
                        ch[hj + i + 1] = cc[cj21 + i + 1] - cc[cj2 + ic + 1];
                        ch[hjc + i + 1] = cc[cj21 + i + 1] + cc[cj2 + ic + 1];
                    }
                }
            }
        }

        for (int l = 1, lc = ip - 1; l < ipph; l++, lc--)
        {
            int cl = idl1 * l, clc = idl1 * lc;
            float cs2l = csarr[2 * l], cs4l = csarr[4 * l], cs2l1 = csarr[(2 * l) + 1], cs4l1 = csarr[(4 * l) + 1];
            for (int ik = 0; ik < idl1; ik++)
            {
                cc[cl + ik] = ch[ik] + (cs2l * ch[ik + idl1]) + (cs4l * ch[ik + (2 * idl1)]);
                cc[clc + ik] = (cs2l1 * ch[ik + (idl1 * (ip - 1))]) + (cs4l1 * ch[ik + (idl1 * (ip - 2))]);
            }

            int iang = 2 * l;
            int j = 3, jc = ip - 3;
            for (; j < ipph - 3; j += 4, jc -= 4)
            {
                iang += l; if (iang >= ip) { iang -= ip; }
                float ar1 = csarr[2 * iang], ai1 = csarr[(2 * iang) + 1];
                iang += l; if (iang >= ip) { iang -= ip; }
                float ar2 = csarr[2 * iang], ai2 = csarr[(2 * iang) + 1];
                iang += l; if (iang >= ip) { iang -= ip; }
                float ar3 = csarr[2 * iang], ai3 = csarr[(2 * iang) + 1];
                iang += l; if (iang >= ip) { iang -= ip; }
                float ar4 = csarr[2 * iang], ai4 = csarr[(2 * iang) + 1];
                for (int ik = 0; ik < idl1; ik++)
                {
                    cc[cl + ik] += (ar1 * ch[ik + (idl1 * j)]) + (ar2 * ch[ik + (idl1 * (j + 1))])
                        + (ar3 * ch[ik + (idl1 * (j + 2))]) + (ar4 * ch[ik + (idl1 * (j + 3))]);
                    cc[clc + ik] += (ai1 * ch[ik + (idl1 * jc)]) + (ai2 * ch[ik + (idl1 * (jc - 1))])
                        + (ai3 * ch[ik + (idl1 * (jc - 2))]) + (ai4 * ch[ik + (idl1 * (jc - 3))]);
                }
            }

            for (; j < ipph - 1; j += 2, jc -= 2)
            {
                iang += l; if (iang >= ip) { iang -= ip; }
                float ar1 = csarr[2 * iang], ai1 = csarr[(2 * iang) + 1];
                iang += l; if (iang >= ip) { iang -= ip; }
                float ar2 = csarr[2 * iang], ai2 = csarr[(2 * iang) + 1];
                for (int ik = 0; ik < idl1; ik++)
                {
                    cc[cl + ik] += (ar1 * ch[ik + (idl1 * j)]) + (ar2 * ch[ik + (idl1 * (j + 1))]);
                    cc[clc + ik] += (ai1 * ch[ik + (idl1 * jc)]) + (ai2 * ch[ik + (idl1 * (jc - 1))]);
                }
            }

            for (; j < ipph; j++, jc--)
            {
                iang += l; if (iang >= ip) { iang -= ip; }
                float war = csarr[2 * iang], wai = csarr[(2 * iang) + 1];
                for (int ik = 0; ik < idl1; ik++)
                {
                    cc[cl + ik] += war * ch[ik + (idl1 * j)];
                    cc[clc + ik] += wai * ch[ik + (idl1 * jc)];
                }
            }
        }

        for (int j = 1; j < ipph; j++)
        {
            for (int ik = 0; ik < idl1; ik++)
            {
                ch[ik] += ch[ik + (idl1 * j)];
            }
        }

        for (int j = 1, jc = ip - 1; j < ipph; j++, jc--)
        {
            for (int k = 0; k < l1; k++)
            {
                int a = ido * (k + (l1 * j)), b = ido * (k + (l1 * jc));
                ch[a] = cc[a] - cc[b];
                ch[b] = cc[a] + cc[b];
            }
        }

        if (ido == 1)
        {
            return;
        }

        for (int j = 1, jc = ip - 1; j < ipph; j++, jc--)
        {
            for (int k = 0; k < l1; k++)
            {
                int a = ido * (k + (l1 * j)), b = ido * (k + (l1 * jc));
                for (int i = 1; i <= ido - 2; i += 2)
                {
                    ch[a + i] = cc[a + i] - cc[b + i + 1];
                    ch[b + i] = cc[a + i] + cc[b + i + 1];
                    ch[a + i + 1] = cc[a + i + 1] + cc[b + i];
                    ch[b + i + 1] = cc[a + i + 1] - cc[b + i];
                }
            }
        }

        for (int j = 1; j < ip; j++)
        {
            int js = (j - 1) * (ido - 1);
            for (int k = 0; k < l1; k++)
            {
                int idij = js;
                int a = ido * (k + (l1 * j));
                for (int i = 1; i <= ido - 2; i += 2)
                {
                    float t1 = ch[a + i], t2 = ch[a + i + 1];
                    ch[a + i] = (wa[idij] * t1) - (wa[idij + 1] * t2);
                    ch[a + i + 1] = (wa[idij] * t2) + (wa[idij + 1] * t1);
                    idij += 2;
                }
            }
        }
    }
}
