namespace Executors.Application.Common.Mapping;

/// <summary>How the contract writes instants: seconds since the Unix epoch, as Hummingbot's float timestamps.</summary>
internal static class ContractFormat
{
    /// <summary>Seconds since the Unix epoch, keeping sub-second precision to the tick.</summary>
    public static decimal UnixSeconds(DateTimeOffset time) =>
        (decimal)(time.UtcTicks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerSecond;

    /// <summary>The instant of a Unix-seconds value as the contract sends it (sub-second precision to the tick).</summary>
    public static DateTimeOffset FromUnixSeconds(decimal seconds) =>
        DateTimeOffset.UnixEpoch.AddTicks((long)decimal.Round(seconds * TimeSpan.TicksPerSecond));
}
