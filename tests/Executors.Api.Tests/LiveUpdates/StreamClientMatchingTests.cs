using Executors.Client;

namespace Executors.Api.Tests.LiveUpdates;

/// <summary>
/// Answers matched to requests while data interleaves (the Python client takes the next message, whatever it is, as
/// the answer): <see cref="RequestMatcher"/> on its own.
/// </summary>
public sealed class StreamClientMatchingTests
{
    [Fact]
    public async Task TryAnswer_DataAndHeartbeatBeforeTheAnswer_AreNotTakenAsTheAnswer()
    {
        // Arrange
        var matcher = new RequestMatcher();
        var subscribe = matcher.Add(StreamRequestKind.Subscribe, "executor_detail");

        // Act: a data message of an earlier subscription and a heartbeat arrive first.
        var data = matcher.TryAnswer(StreamClientParsingTests.Parse($$"""{"type":"executor_detail","subscription_id":"executor_detail_other","data":{{StreamClientParsingTests.Record}}}"""));
        var heartbeat = matcher.TryAnswer(StreamClientParsingTests.Parse("""{"type":"heartbeat","timestamp":1}"""));
        var answer = matcher.TryAnswer(StreamClientParsingTests.Parse("""{"type":"subscribed","subscription_id":"executor_detail_ex-1","subscription_type":"executor_detail","update_interval":2.0}"""));

        // Assert
        Assert.False(data);
        Assert.False(heartbeat);
        Assert.True(answer);
        Assert.Equal("executor_detail_ex-1", Assert.IsType<SubscribedMessage>(await subscribe.Answer).SubscriptionId);
        Assert.Equal(0, matcher.Count);
    }

    [Fact]
    public async Task TryAnswer_SeveralRequests_AreAnsweredInSendOrderAnErrorIncluded()
    {
        // Arrange: subscribe, ping, subscribe (refused), unsubscribe, all sent before any answer.
        var matcher = new RequestMatcher();
        var first = matcher.Add(StreamRequestKind.Subscribe, "executor_summary");
        var ping = matcher.Add(StreamRequestKind.Ping);
        var refused = matcher.Add(StreamRequestKind.Subscribe, "executor_detail");
        var unsubscribe = matcher.Add(StreamRequestKind.Unsubscribe, subscriptionId: "executor_summary");

        // Act: the answers in the server's order, each followed by data.
        string[] wire =
        [
            """{"type":"subscribed","subscription_id":"executor_summary","subscription_type":"executor_summary","update_interval":2.0}""",
            """{"type":"executor_summary","subscription_id":"executor_summary","data":{"total_active":0,"total_completed":0,"total_pnl_quote":0,"total_volume_quote":0,"by_type":{},"by_connector":{},"by_status":{}}}""",
            """{"type":"pong","timestamp":1}""",
            """{"type":"error","message":"Executor nope not found"}""",
            """{"type":"unsubscribed","subscription_id":"executor_summary"}""",
        ];
        var taken = wire.Select(text => matcher.TryAnswer(StreamClientParsingTests.Parse(text))).ToList();

        // Assert
        Assert.Equal([true, false, true, true, true], taken);
        Assert.Equal("executor_summary", Assert.IsType<SubscribedMessage>(await first.Answer).SubscriptionType);
        Assert.IsType<PongMessage>(await ping.Answer);
        Assert.Equal("Executor nope not found", Assert.IsType<StreamErrorMessage>(await refused.Answer).Message);
        Assert.IsType<UnsubscribedMessage>(await unsubscribe.Answer);
    }

    [Fact]
    public void TryAnswer_AnswerOfAnotherKind_DoesNotCompleteTheWaitingRequest()
    {
        // Arrange
        var matcher = new RequestMatcher();
        var ping = matcher.Add(StreamRequestKind.Ping);
        var unsubscribe = new RequestMatcher();
        unsubscribe.Add(StreamRequestKind.Unsubscribe, subscriptionId: "a");

        // Act / Assert: a subscribed is no pong; an unsubscribed of another id is not this unsubscribe's answer.
        Assert.False(matcher.TryAnswer(StreamClientParsingTests.Parse("""{"type":"subscribed","subscription_id":"x","subscription_type":"executors"}""")));
        Assert.False(ping.Answer.IsCompleted);
        Assert.False(unsubscribe.TryAnswer(StreamClientParsingTests.Parse("""{"type":"unsubscribed","subscription_id":"b"}""")));
        Assert.False(matcher.TryAnswer(StreamClientParsingTests.Parse("""{"type":"subscribed","subscription_id":"y","subscription_type":"positions"}""")));
    }

    [Fact]
    public void TryAnswer_ErrorWithNoRequestWaiting_IsNotAnAnswer()
    {
        var matcher = new RequestMatcher();

        Assert.False(matcher.TryAnswer(StreamClientParsingTests.Parse("""{"type":"error","message":"Subscriber too slow"}""")));
    }

    [Fact]
    public async Task FailAll_ConnectionLost_FailsEveryWaitingRequest()
    {
        var matcher = new RequestMatcher();
        var a = matcher.Add(StreamRequestKind.Ping);
        var b = matcher.Add(StreamRequestKind.Subscribe, "executors");

        matcher.FailAll(new ExecutorStreamException("lost"));

        await Assert.ThrowsAsync<ExecutorStreamException>(() => a.Answer);
        await Assert.ThrowsAsync<ExecutorStreamException>(() => b.Answer);
        Assert.Equal(0, matcher.Count);
    }
}
