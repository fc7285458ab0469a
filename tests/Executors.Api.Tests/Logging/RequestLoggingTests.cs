using Executors.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;

namespace Executors.Api.Tests.Logging;

public sealed class RequestLoggingTests(PostgresServer postgres)
{
    [Fact]
    public async Task Get_AnyRequest_WritesOneCompletionEventWithoutCredentials()
    {
        // Arrange: Serilog picks up sinks registered in the container (ReadFrom.Services).
        var sink = new CollectingLogSink();
        await using var api = new ApiFactory(
            postgres.ConnectionString,
            new Dictionary<string, string?> { ["Serilog:MinimumLevel:Default"] = "Information" },
            services: services => services.AddSingleton<ILogEventSink>(sink));
        using var client = api.CreateReaderClient();

        // Act
        using var response = await client.GetAsync("/executors/NoSuchExecutor", TestContext.Current.CancellationToken);

        // Assert
        var completion = Assert.Single(sink.Events, e => e.MessageTemplate.Text.StartsWith("HTTP ", StringComparison.Ordinal));
        Assert.Equal("\"GET\"", completion.Properties["RequestMethod"].ToString());
        Assert.Equal("\"/executors/{executor_id}\"", completion.Properties["RouteTemplate"].ToString());
        Assert.Equal("404", completion.Properties["StatusCode"].ToString());
        Assert.Equal($"\"{TestUsers.Reader}\"", completion.Properties["UserName"].ToString());
        Assert.True(completion.Properties.ContainsKey("Elapsed"));

        var everything = string.Join('\n', sink.Events.Select(e => e.RenderMessage() + string.Join(',', e.Properties.Select(p => $"{p.Key}={p.Value}"))));
        var header = TestUsers.BasicHeader(TestUsers.Reader, TestUsers.ReaderPassword);
        Assert.DoesNotContain(header["Basic ".Length..], everything, StringComparison.Ordinal);
        Assert.DoesNotContain(TestUsers.ReaderPassword, everything, StringComparison.Ordinal);
        Assert.DoesNotContain("Authorization", everything, StringComparison.OrdinalIgnoreCase);
    }
}
