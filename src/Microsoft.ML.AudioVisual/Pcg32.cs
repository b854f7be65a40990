namespace Microsoft.ML.AudioVisual;

/// <summary>
/// A small PCG32 generator (O'Neill, XSH-RR 64/32). Used instead of <see cref="Random"/> wherever a
/// result must be reproducible from a seed across .NET versions and platforms: the algorithm is
/// fixed here, not an implementation detail of the runtime.
/// </summary>
internal struct Pcg32
{
    private const ulong Multiplier = 6364136223846793005UL;
    private ulong _state;
    private readonly ulong _increment;

    /// <summary>Seeds a generator; different <paramref name="stream"/> values give independent sequences.</summary>
    public Pcg32(ulong seed, ulong stream = 0)
    {
        _increment = (stream << 1) | 1UL;
        _state = 0;
        NextUInt32();
        _state += seed;
        NextUInt32();
    }

    /// <summary>A generator for item <paramref name="index"/> of a seeded collection, independent of the others.</summary>
    public static Pcg32 ForItem(int seed, long index, ulong purpose = 0) =>
        new(Mix((ulong)(uint)seed ^ (purpose << 32)), Mix((ulong)index + 0x9E3779B97F4A7C15UL * (purpose + 1)));

    /// <summary>SplitMix64 finaliser: spreads nearby integers (seeds, indices) over the whole range.</summary>
    public static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The next 32 random bits.</summary>
    public uint NextUInt32()
    {
        ulong old = _state;
        _state = unchecked(old * Multiplier + _increment);
        uint xorShifted = (uint)(((old >> 18) ^ old) >> 27);
        int rotation = (int)(old >> 59);
        return (xorShifted >> rotation) | (xorShifted << (-rotation & 31));
    }

    /// <summary>A uniform integer in [0, <paramref name="bound"/>), without modulo bias (Lemire's method).</summary>
    public int NextInt(int bound)
    {
        if (bound <= 0) throw new ArgumentOutOfRangeException(nameof(bound), bound, "The bound must be positive.");
        ulong product = (ulong)NextUInt32() * (uint)bound;
        uint low = (uint)product;
        if (low < (uint)bound)
        {
            uint threshold = (uint)-bound % (uint)bound;
            while (low < threshold)
            {
                product = (ulong)NextUInt32() * (uint)bound;
                low = (uint)product;
            }
        }
        return (int)(product >> 32);
    }

    /// <summary>A uniform integer in [<paramref name="min"/>, <paramref name="max"/>).</summary>
    public int NextInt(int min, int max) => min + NextInt(max - min);

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (((ulong)NextUInt32() << 21) | (NextUInt32() >> 11)) * (1.0 / (1UL << 53));

    /// <summary>A uniform double in [<paramref name="min"/>, <paramref name="max"/>).</summary>
    public double NextDouble(double min, double max) => min + (max - min) * NextDouble();

    /// <summary>A uniform float in [-1, 1): cheap noise.</summary>
    public float NextSignedSingle() => (int)NextUInt32() * (1f / 2147483648f);

    /// <summary>Shuffles <paramref name="items"/> in place (Fisher-Yates).</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
