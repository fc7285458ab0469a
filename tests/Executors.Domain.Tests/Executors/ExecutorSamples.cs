using Executors.Domain.Executors;

namespace Executors.Domain.Tests.Executors;

/// <summary>Ready-made executors and instants shared by the aggregate's tests.</summary>
internal static class ExecutorSamples
{
    /// <summary>A Hummingbot-style id: 44 base58 characters.</summary>
    public const string HummingbotId = "4wq8ZAd2bRJ3A8jKPzzZWx9Vz1Uu3BVo4mCnYJyGSK8y";

    /// <summary>2024-01-15T10:30:00Z, the executor's engine timestamp in most tests.</summary>
    public static readonly DateTimeOffset Started = new(2024, 1, 15, 10, 30, 0, TimeSpan.Zero);

    public static Executor NotStarted(DateTimeOffset? timestamp = null) =>
        Executor.Create(
            HummingbotId,
            ExecutorTypes.Position,
            "master_account",
            "binance_perpetual",
            "BTC-USDT",
            timestamp: timestamp ?? Started);

    /// <summary>An executor moved from NOT_STARTED to <paramref name="status"/> through the aggregate's own methods.</summary>
    public static Executor InStatus(ExecutorStatus status)
    {
        var executor = NotStarted();
        if (status != ExecutorStatus.NotStarted)
        {
            MoveTo(executor, status);
        }

        return executor;
    }

    /// <summary>
    /// Calls the one method of the aggregate that targets <paramref name="status"/>. No method targets NOT_STARTED.
    /// </summary>
    public static void MoveTo(Executor executor, ExecutorStatus status)
    {
        switch (status)
        {
            case ExecutorStatus.Running:
                executor.Start();
                break;
            case ExecutorStatus.ShuttingDown:
                executor.BeginShutdown();
                break;
            case ExecutorStatus.Terminated:
                executor.Terminate(CloseType.Completed, Started.AddHours(1));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(status), status, null);
        }
    }
}
