using System.Text.Json;
using Executors.Application.Executors;
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
        ExecutorType = executor.ExecutorType,
        AccountName = executor.AccountName,
        ConnectorName = executor.ConnectorName,
        TradingPair = executor.TradingPair,
        Status = Vocabulary.ToCode(executor.Status),
        IsActive = executor.IsActive,
        IsTrading = executor.IsTrading,
        NetPnlQuote = executor.NetPnlQuote,
        NetPnlPct = executor.NetPnlPct,
        CumFeesQuote = executor.CumFeesQuote,
        FilledAmountQuote = executor.FilledAmountQuote,
        Side = executor.Side is { } side ? Vocabulary.ToCode(side) : null,
        Timestamp = UnixSeconds(executor.Timestamp),
        CreatedAt = executor.CreatedAt?.UtcDateTime,
        CloseType = executor.CloseType is { } closeType ? Vocabulary.ToCode(closeType) : null,
        CloseTimestamp = UnixSeconds(executor.CloseTimestamp),
        ControllerId = executor.ControllerId,
        ErrorCount = executor.ErrorCount,
        LastError = executor.LastError,
        Config = executor.Config,
        CustomInfo = executor.CustomInfo,
        ETag = ExecutorETag.For(executor.Version),
    };

    /// <summary>The former mapping: config and custom_info parsed into JsonElements (the "before" of raw pass-through).</summary>
    public static ParsedExecutorDetailResponse ToParsedDetail(Executor executor) => new()
    {
        ExecutorId = executor.ExecutorId,
        ExecutorType = executor.ExecutorType,
        AccountName = executor.AccountName,
        ConnectorName = executor.ConnectorName,
        TradingPair = executor.TradingPair,
        Status = Vocabulary.ToCode(executor.Status),
        IsActive = executor.IsActive,
        IsTrading = executor.IsTrading,
        NetPnlQuote = executor.NetPnlQuote,
        NetPnlPct = executor.NetPnlPct,
        CumFeesQuote = executor.CumFeesQuote,
        FilledAmountQuote = executor.FilledAmountQuote,
        Side = executor.Side is { } side ? Vocabulary.ToCode(side) : null,
        Timestamp = UnixSeconds(executor.Timestamp),
        CreatedAt = executor.CreatedAt?.UtcDateTime,
        CloseType = executor.CloseType is { } closeType ? Vocabulary.ToCode(closeType) : null,
        CloseTimestamp = UnixSeconds(executor.CloseTimestamp),
        ControllerId = executor.ControllerId,
        ErrorCount = executor.ErrorCount,
        LastError = executor.LastError,
        Config = JsonObject(executor.Config),
        CustomInfo = JsonObject(executor.CustomInfo),
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
