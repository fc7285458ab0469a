namespace Executors.SampleEngine;

/// <summary>
/// A deterministic simulated market: the price of an executor's pair at tick <c>n</c> is a function of the executor id
/// and <c>n</c> only, so every engine (and every restart of one) sees the same path for the same executor.
/// </summary>
public static class PricePath
{
    /// <summary>The price at <paramref name="tick"/> (0 is the entry), around <paramref name="basePrice"/>, within ±6 %.</summary>
    public static decimal PriceAt(string executorId, long tick, decimal basePrice)
    {
        ArgumentNullException.ThrowIfNull(executorId);
        var seed = Seed(executorId);
        var phase1 = (seed & 0xFFFF) / 65535.0 * 2 * Math.PI;
        var phase2 = ((seed >> 16) & 0xFFFF) / 65535.0 * 2 * Math.PI;
        var trend = (((seed >> 32) & 0xFF) / 255.0 - 0.5) * 0.002; // drift per tick, ±0.1 %
        var wave = (0.02 * (Math.Sin(tick / 5.0 + phase1) - Math.Sin(phase1)))
            + (0.01 * (Math.Sin(tick / 13.0 + phase2) - Math.Sin(phase2)));
        var drift = Math.Clamp(trend * tick, -0.03, 0.03);
        return decimal.Round(basePrice * (decimal)(1 + wave + drift), 8);
    }

    /// <summary>A starting price for an executor whose config names none: 10–1,000, from the id.</summary>
    public static decimal BasePriceFor(string executorId) => 10m + (Seed(executorId) % 99_000UL) / 100m;

    // FNV-1a over the id's UTF-16 code units: stable across processes, unlike string.GetHashCode.
    private static ulong Seed(string executorId)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in executorId)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }
}
