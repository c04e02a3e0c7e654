namespace Saliency.Core.Data;

/// <summary>
/// SplitMix64 pseudo-random generator. Unlike <see cref="Random"/>, its sequence for a seed is fixed by this code,
/// so seeded splits and synthetic data are identical on every runtime and platform.
/// </summary>
public sealed class DeterministicRandom
{
    private ulong state;

    public DeterministicRandom(ulong seed) => state = seed;

    /// <summary>Next 64 uniformly distributed bits.</summary>
    public ulong NextUInt64()
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform double in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [<paramref name="minInclusive"/>, <paramref name="maxExclusive"/>).</summary>
    public int Next(int minInclusive, int maxExclusive)
    {
        if (maxExclusive <= minInclusive)
        {
            throw new ArgumentOutOfRangeException(nameof(maxExclusive), "empty range");
        }

        return minInclusive + (int)(NextUInt64() % (ulong)(maxExclusive - minInclusive));
    }

    /// <summary>Approximately normal (mean 0, sd 1, bounded by +-3.46): the scaled sum of 4 uniforms.</summary>
    public double NextGaussian()
    {
        double sum = NextDouble() + NextDouble() + NextDouble() + NextDouble();
        return (sum - 2.0) * 1.7320508075688772;
    }

    /// <summary>Fisher-Yates shuffle in place.</summary>
    public void Shuffle<T>(IList<T> items)
    {
        for (int i = items.Count - 1; i > 0; i--)
        {
            int j = Next(0, i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
