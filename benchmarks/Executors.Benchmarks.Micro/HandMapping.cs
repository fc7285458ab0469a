using System.Text.Json;
using Executors.Application.Executors.Queries.GetExecutor;
using Executors.Domain.Executors;

namespace Executors.Benchmarks.Micro;

/// <summary>
/// What the AutoMapper profiles (ExecutorRecordProfile + ExecutorDetailProfile) do, written by hand, as the reference for
/// what AutoMapper itself costs. MappingBenchmarks' setup checks that both produce the same JSON.
/// </summary>
internal static class HandMapping
{
    public static ExecutorDetailResponse ToDetail(Executor executor) => new()
    {
        ExecutorId = executor.ExecutorId,
        ExecutorType = executor.State.ExecutorType,
        AccountName = executor.State.AccountName,
        ConnectorName = executor.State.ConnectorName,
        TradingPair = executor.State.TradingPair,
        Status = WireCodes.ToCode(executor.State.Status),
        IsActive = executor.IsActive,
        IsTrading = executor.State.IsTrading,
        NetPnlQuote = executor.State.NetPnlQuote,
        NetPnlPct = executor.State.NetPnlPct,
        CumFeesQuote = executor.State.CumFeesQuote,
        FilledAmountQuote = executor.State.FilledAmountQuote,
        Side = executor.State.Side is { } side ? WireCodes.ToCode(side) : null,
        Timestamp = UnixSeconds(executor.State.Timestamp),
        CreatedAt = executor.State.CreatedAt?.UtcDateTime,
        CloseType = executor.State.CloseType is { } closeType ? WireCodes.ToCode(closeType) : null,
        CloseTimestamp = UnixSeconds(executor.State.CloseTimestamp),
        ControllerId = executor.State.ControllerId,
        ErrorCount = executor.ErrorCount,
        LastError = executor.LastError,
        Config = executor.State.Config?.Json,
        CustomInfo = executor.State.CustomInfo?.Json,
        Version = executor.Version,
    };

    /// <summary>The former mapping: config and custom_info parsed into JsonElements (the "before" of raw pass-through).</summary>
    public static ParsedExecutorDetailResponse ToParsedDetail(Executor executor) => new()
    {
        ExecutorId = executor.ExecutorId,
        ExecutorType = executor.State.ExecutorType,
        AccountName = executor.State.AccountName,
        ConnectorName = executor.State.ConnectorName,
        TradingPair = executor.State.TradingPair,
        Status = WireCodes.ToCode(executor.State.Status),
        IsActive = executor.IsActive,
        IsTrading = executor.State.IsTrading,
        NetPnlQuote = executor.State.NetPnlQuote,
        NetPnlPct = executor.State.NetPnlPct,
        CumFeesQuote = executor.State.CumFeesQuote,
        FilledAmountQuote = executor.State.FilledAmountQuote,
        Side = executor.State.Side is { } side ? WireCodes.ToCode(side) : null,
        Timestamp = UnixSeconds(executor.State.Timestamp),
        CreatedAt = executor.State.CreatedAt?.UtcDateTime,
        CloseType = executor.State.CloseType is { } closeType ? WireCodes.ToCode(closeType) : null,
        CloseTimestamp = UnixSeconds(executor.State.CloseTimestamp),
        ControllerId = executor.State.ControllerId,
        ErrorCount = executor.ErrorCount,
        LastError = executor.LastError,
        Config = JsonObject(executor.State.Config?.Json),
        CustomInfo = JsonObject(executor.State.CustomInfo?.Json),
    };

    public static JsonElement? JsonObject(string? json)
    {
        if (json is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static decimal? UnixSeconds(DateTimeOffset? value) =>
        value is { } time ? (decimal)(time.UtcTicks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerSecond : null;
}
