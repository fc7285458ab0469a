using Executors.Application.Executors.Queries.GetExecutor;
using Executors.Infrastructure.Caching;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Executors.Api.Tests.Caching;

/// <summary>The TERMINATED-executor cache's bound in bytes and its configuration (new keys, and the old ones' fallback).</summary>
public sealed class TerminatedExecutorCacheUnitTests
{
    [Fact]
    public void EstimatedBytes_GrowsWithTheRecordsText()
    {
        // Arrange
        var small = Record("s1", config: null);
        var large = Record("l1", config: $"{{\"notes\": \"{new string('x', 10_000)}\"}}");

        // Act
        var smallBytes = TerminatedExecutorCache.EstimatedBytes(small);
        var largeBytes = TerminatedExecutorCache.EstimatedBytes(large);

        // Assert: at least two bytes a character (UTF-16).
        Assert.True(largeBytes - smallBytes >= 2 * 10_000, $"{smallBytes} → {largeBytes}");
    }

    [Fact]
    public async Task Offer_BeyondTheBound_KeepsTheEstimatedSizeWithinIt()
    {
        // Arrange: room for about ten small records; a count bound of old would have kept all 200.
        var size = TerminatedExecutorCache.EstimatedBytes(Record("r000", config: null));
        using var cache = new TerminatedExecutorCache(new CachingOptions { TerminatedExecutorBytes = 10 * size });

        // Act
        for (var i = 0; i < 200; i++)
        {
            cache.Offer(Record($"r{i:000}", config: null));
            Assert.InRange(cache.Bytes, 0, 10 * size);
        }

        // Compaction runs in the background: give it a moment.
        for (var wait = 0; wait < 50 && cache.Count > 10; wait++)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        // Assert
        Assert.InRange(cache.Count, 1, 10);
        Assert.InRange(cache.Bytes, size, 10 * size);
    }

    [Fact]
    public void Offer_RecordLargerThanTheBound_IsNotKeptWhereSmallOnesAre()
    {
        // Arrange: a bound of three small records, which a count bound would see as room for three of any size.
        var small = TerminatedExecutorCache.EstimatedBytes(Record("s0", config: null));
        using var cache = new TerminatedExecutorCache(new CachingOptions { TerminatedExecutorBytes = 3 * small });

        // Act
        cache.Offer(Record("big", config: $"{{\"notes\": \"{new string('x', 10_000)}\"}}"));
        cache.Offer(Record("s1", config: null));
        cache.Offer(Record("s2", config: null));

        // Assert
        Assert.False(cache.TryGet("big", out _));
        Assert.True(cache.TryGet("s1", out _));
        Assert.True(cache.TryGet("s2", out _));
        Assert.Equal(2 * small, cache.Bytes);
    }

    [Fact]
    public void Offer_ActiveRecord_IsNotKept()
    {
        // Arrange
        using var cache = new TerminatedExecutorCache(new CachingOptions());

        // Act
        cache.Offer(Record("live", config: null, active: true));

        // Assert
        Assert.False(cache.TryGet("live", out _));
        Assert.Equal(0, cache.Count);
    }

    [Theory]
    [InlineData(null, null, CachingOptions.DefaultTerminatedExecutorBytes)]
    [InlineData("1000000", null, 1_000_000L)]
    [InlineData("0", null, 0L)]
    [InlineData(null, "0", 0L)] // the old count key: 0 still turns the cache off
    [InlineData(null, "100", 100 * CachingOptions.LegacyBytesPerRecord)]
    [InlineData("2000000", "100", 2_000_000L)] // the new key wins
    public void Read_BytesFromTheNewKeyOrTheOldCount(string? bytes, string? count, long expected)
    {
        // Arrange
        var configuration = Configuration(("Caching:TerminatedExecutorBytes", bytes), ("Caching:FinalExecutors", count));

        // Act
        var options = Read(configuration);

        // Assert
        Assert.Equal(expected, options.TerminatedExecutorBytes);
    }

    [Theory]
    [InlineData(null, null, "01:00:00")]
    [InlineData("00:05:00", null, "00:05:00")]
    [InlineData(null, "00:07:00", "00:07:00")]
    [InlineData("00:05:00", "00:07:00", "00:05:00")]
    public void Read_IdleTimeFromTheNewKeyOrTheOld(string? idle, string? oldIdle, string expected)
    {
        // Arrange
        var configuration = Configuration(("Caching:TerminatedExecutorIdleTime", idle), ("Caching:FinalExecutorIdleTime", oldIdle));

        // Act
        var options = Read(configuration);

        // Assert
        Assert.Equal(TimeSpan.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), options.TerminatedExecutorIdleTime);
    }

    [Fact]
    public void Read_NegativeBytes_IsRefused()
    {
        // Act
        var exception = Xunit.Record.Exception(() => Read(Configuration(("Caching:TerminatedExecutorBytes", "-1"))));

        // Assert
        Assert.Contains("TerminatedExecutorBytes", Assert.IsType<OptionsValidationException>(exception).Message, StringComparison.Ordinal);
    }

    /// <summary>The options as the service registers them (bound, earlier keys honoured, validated).</summary>
    private static CachingOptions Read(IConfiguration configuration)
    {
        var services = new ServiceCollection().AddSingleton(configuration).AddTerminatedExecutorCache();
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<CachingOptions>>().Value;
    }

    private static IConfiguration Configuration(params (string Key, string? Value)[] settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Where(setting => setting.Value is not null).Select(setting => KeyValuePair.Create(setting.Key, setting.Value)))
            .Build();

    private static ExecutorDetailResponse Record(string id, string? config, bool active = false) => new()
    {
        ExecutorId = id,
        ExecutorType = "dca_executor",
        AccountName = "acct",
        ConnectorName = "binance",
        TradingPair = "ETH-USDT",
        Status = active ? "RUNNING" : "TERMINATED",
        IsActive = active,
        IsTrading = false,
        NetPnlQuote = 1m,
        NetPnlPct = 0.1m,
        CumFeesQuote = 0m,
        FilledAmountQuote = 10m,
        Config = config,
        Version = 1,
    };
}
