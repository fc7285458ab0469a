using System.Text;
using System.Text.Json;
using Executors.Client;

namespace Executors.Api.Tests.LiveUpdates;

/// <summary>The stream client's reading of each message of <c>/ws/executors</c> and of <c>text/event-stream</c>, without a server.</summary>
public sealed class StreamClientParsingTests
{
    internal const string Record = """
        {"executor_id":"ex-1","executor_type":"position_executor","account_name":"master_account","connector_name":"binance",
         "trading_pair":"BTC-USDT","status":"RUNNING","is_active":true,"is_trading":true,"net_pnl_quote":1.25,"net_pnl_pct":0.0125,
         "cum_fees_quote":0.1,"filled_amount_quote":100,"side":"BUY","timestamp":1732900000.5,"created_at":"2024-11-29T17:06:40+00:00",
         "close_type":null,"close_timestamp":null,"controller_id":"main","error_count":0,"last_error":null,
         "config":{"type":"position_executor","amount":"0.01"},"custom_info":{"sent_at":1234}}
        """;

    [Fact]
    public void Parse_ExecutorDetail_GivesTheGeneratedRecordAndTheServerTime()
    {
        // Act
        var message = Parse($$"""{"type":"executor_detail","subscription_id":"executor_detail_ex-1","data":{{Record}},"timestamp":1732900001.25}""");

        // Assert
        var detail = Assert.IsType<ExecutorDetailMessage>(message);
        Assert.Equal("executor_detail_ex-1", detail.SubscriptionId);
        Assert.Equal("ex-1", detail.Executor.ExecutorId);
        Assert.Equal(1.25m, detail.Executor.NetPnlQuote);
        Assert.Equal("BTC-USDT", detail.Executor.TradingPair);
        Assert.Equal(1234, detail.Executor.CustomInfo!.Value.GetProperty("sent_at").GetInt32());
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1732900001250), detail.Timestamp);
    }

    [Fact]
    public void Parse_Executors_GivesTheListAndTotalCount()
    {
        var message = Parse($$"""{"type":"executors","subscription_id":"executors_0a1b2c3d","data":[{{Record}},{{Record}}],"total_count":2,"timestamp":1}""");

        var list = Assert.IsType<ExecutorsMessage>(message);
        Assert.Equal(2, list.Executors.Count);
        Assert.Equal(2, list.TotalCount);
        Assert.All(list.Executors, e => Assert.Equal("ex-1", e.ExecutorId));
    }

    [Fact]
    public void Parse_SummaryPerformancePositions_GiveTheRestBodies()
    {
        var summary = Parse("""{"type":"executor_summary","subscription_id":"executor_summary","data":{"total_active":3,"total_completed":4,"total_pnl_quote":1.5,"total_volume_quote":10,"by_type":{},"by_connector":{},"by_status":{"RUNNING":3}},"timestamp":1}""");
        var performance = Parse("""{"type":"performance","subscription_id":"performance_all","data":{"total_executors":2,"total_net_pnl_quote":1.5},"timestamp":1}""");
        var positions = Parse("""{"type":"positions","subscription_id":"positions_main","data":{"total_positions":0,"total_realized_pnl":0,"positions":[]},"timestamp":1}""");

        Assert.Equal(3, Assert.IsType<ExecutorSummaryMessage>(summary).Summary.TotalActive);
        Assert.Equal("performance_all", Assert.IsType<PerformanceMessage>(performance).SubscriptionId);
        Assert.Equal("positions_main", Assert.IsType<PositionsMessage>(positions).SubscriptionId);
    }

    [Fact]
    public void Parse_ExecutorLogs_ReadsAListOrTheRestBody()
    {
        var list = Parse("""{"type":"executor_logs","subscription_id":"executor_logs_ex-1","data":[{"timestamp":"2024-11-29T17:06:40+00:00","level":"INFO","message":"a"}],"total_count":7,"timestamp":1}""");
        var body = Parse("""{"type":"executor_logs","subscription_id":"executor_logs_ex-1","data":{"executor_id":"ex-1","logs":[{"timestamp":"2024-11-29T17:06:40+00:00","level":"ERROR","message":"b"}],"total_count":9},"timestamp":1}""");

        var first = Assert.IsType<ExecutorLogsMessage>(list);
        Assert.Equal("a", Assert.Single(first.Entries).Message);
        Assert.Equal(7, first.TotalCount);
        var second = Assert.IsType<ExecutorLogsMessage>(body);
        Assert.Equal("ERROR", Assert.Single(second.Entries).Level);
        Assert.Equal(9, second.TotalCount);
    }

    [Fact]
    public void Parse_ControlMessages_AreTyped()
    {
        Assert.Equal("abcdef123456", Assert.IsType<ConnectedMessage>(Parse("""{"type":"connected","connection_id":"abcdef123456","timestamp":1732900000.0}""")).ConnectionId);
        Assert.IsType<HeartbeatMessage>(Parse("""{"type":"heartbeat","timestamp":1}"""));
        Assert.IsType<PongMessage>(Parse("""{"type":"pong","timestamp":1}"""));
        Assert.Equal("Executor x not found", Assert.IsType<StreamErrorMessage>(Parse("""{"type":"error","message":"Executor x not found"}""")).Message);
        var subscribed = Assert.IsType<SubscribedMessage>(Parse("""{"type":"subscribed","subscription_id":"executor_summary","subscription_type":"executor_summary","update_interval":0.5}"""));
        Assert.Equal(0.5, subscribed.UpdateInterval);
        Assert.Equal("executor_summary", Assert.IsType<UnsubscribedMessage>(Parse("""{"type":"unsubscribed","subscription_id":"executor_summary"}""")).SubscriptionId);
    }

    [Fact]
    public void Parse_UnknownType_KeepsTheRawMessage()
    {
        var message = Assert.IsType<UnknownStreamMessage>(Parse("""{"type":"bot_status","data":{"x":1}}"""));

        Assert.Equal(1, message.Raw.GetProperty("data").GetProperty("x").GetInt32());
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("\"connected\"")]
    [InlineData("""{"kind":"connected"}""")]
    [InlineData("""{"type":"executor_detail","subscription_id":"x"}""")]
    [InlineData("""{"type":"executor_detail","data":{"executor_id":"x"}}""")]
    [InlineData("not json")]
    public void Parse_NotAMessageOfTheProtocol_Throws(string text) =>
        Assert.ThrowsAny<JsonException>(() => Parse(text));

    [Fact]
    public async Task ServerSentEvents_CommentsMultiLineDataAndIds_AreReadAsTheStandardSays()
    {
        // Arrange: a keep-alive comment, an event over two data lines with CRLF, an id-only block, then an event with LF.
        var text = ": keep-alive\r\n\r\nevent: stop_requested\r\nid: 100\r\ndata: {\"a\":\r\ndata: 1}\r\n\r\nid: 101\n\nevent: x\ndata:plain\n\ndata: unfinished";
        var reader = new ServerSentEventReader(new StringReader(text));

        // Act
        var first = await reader.ReadAsync(TestContext.Current.CancellationToken);
        var second = await reader.ReadAsync(TestContext.Current.CancellationToken);
        var end = await reader.ReadAsync(TestContext.Current.CancellationToken);

        // Assert: the id persists (and a data-less block still moves it); the unfinished last event is dropped.
        Assert.Equal(new SseEvent("stop_requested", "{\"a\":\n1}", "100"), first);
        Assert.Equal(new SseEvent("x", "plain", "101"), second);
        Assert.Null(end);
        Assert.Equal("101", reader.LastEventId);
    }

    [Fact]
    public void ParseStop_TheStopRequestedEvent_GivesTheTypedRequest()
    {
        var stop = ExecutorStreamClient.ParseStop(new SseEvent("stop_requested", """{"executor_id":"ex-1","stop_requested_at":"2026-11-30T10:00:00+00:00","keep_position":true}""", "42"));

        Assert.NotNull(stop);
        Assert.Equal("ex-1", stop.ExecutorId);
        Assert.True(stop.KeepPosition);
        Assert.Equal("42", stop.EventId);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero), stop.StopRequestedAt);
        Assert.Null(ExecutorStreamClient.ParseStop(new SseEvent("stop_requested", "{}", "43")));
    }

    internal static StreamMessage Parse(string text) => StreamMessageParser.Parse(Encoding.UTF8.GetBytes(text));
}
