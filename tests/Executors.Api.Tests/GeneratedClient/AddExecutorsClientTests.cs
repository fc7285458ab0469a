using System.Net;
using System.Text;
using Executors.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Executors.Api.Tests.GeneratedClient;

/// <summary>The one-line registration, against a handler that records what the client sends.</summary>
public sealed class AddExecutorsClientTests
{
    private const string MinimalRecord = """
        {"executor_id":"abc","executor_type":null,"account_name":null,"connector_name":null,"trading_pair":null,
         "status":"RUNNING","is_active":true,"is_trading":false,"net_pnl_quote":0,"net_pnl_pct":0,"cum_fees_quote":0,
         "filled_amount_quote":0,"side":null,"timestamp":null,"created_at":null,"close_type":null,"close_timestamp":null,
         "controller_id":null,"error_count":0,"last_error":null,"config":null,"custom_info":null}
        """;

    [Fact]
    public async Task AddExecutorsClient_Utf8UserAndPasswordWithColons_SendsRfc7617BasicHeader()
    {
        // Arrange
        var handler = new RecordingHandler(HttpStatusCode.OK, MinimalRecord);
        var client = Client(handler, o =>
        {
            o.BaseAddress = new Uri("https://executors.example/");
            o.UserName = "jürgen";
            o.Password = "pä:ss:wörd €";
        });

        // Act
        await client.GetExecutorAsync("abc", TestContext.Current.CancellationToken);

        // Assert: base64 of the UTF-8 bytes of "jürgen:pä:ss:wörd €", worked out independently.
        var request = Assert.Single(handler.Requests);
        Assert.Equal("Basic", request.Headers.Authorization?.Scheme);
        Assert.Equal("asO8cmdlbjpww6Q6c3M6d8O2cmQg4oKs", request.Headers.Authorization?.Parameter);
        Assert.Equal(new Uri("https://executors.example/executors/abc"), request.RequestUri);
        Assert.Equal(HttpMethod.Get, request.Method);
    }

    [Fact]
    public async Task AddExecutorsClient_BaseAddressWithPathAndNoTrailingSlash_KeepsThePath()
    {
        // Arrange: behind a gateway that routes on a path prefix.
        var handler = new RecordingHandler(HttpStatusCode.OK, MinimalRecord);
        var client = Client(handler, o =>
        {
            o.BaseAddress = new Uri("https://gateway.example/executors-api");
            o.UserName = "svc";
            o.Password = "pw";
        });

        // Act
        await client.GetExecutorAsync("a.b:c-d_e", TestContext.Current.CancellationToken);

        // Assert: the prefix is kept, and the id is one escaped path segment (':' included; the API decodes it).
        Assert.Equal("https://gateway.example/executors-api/executors/a.b%3Ac-d_e", Assert.Single(handler.Requests).RequestUri?.AbsoluteUri);
    }

    [Fact]
    public void AddExecutorsClient_Timeout_IsAppliedToTheHttpClient()
    {
        // Arrange
        var services = new ServiceCollection();
        services.AddExecutorsClient(o =>
        {
            o.BaseAddress = new Uri("https://executors.example/");
            o.UserName = "svc";
            o.Password = "pw";
            o.Timeout = TimeSpan.FromSeconds(7);
        });
        using var provider = services.BuildServiceProvider();

        // Act
        var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient(typeof(IExecutorsApiClient).Name);

        // Assert
        Assert.Equal(TimeSpan.FromSeconds(7), client.Timeout);
        Assert.Equal(new Uri("https://executors.example/"), client.BaseAddress);
    }

    [Theory]
    [InlineData(null, "svc", "BaseAddress")]
    [InlineData("ftp://executors.example/", "svc", "BaseAddress")]
    [InlineData("https://executors.example/", "", "UserName")]
    [InlineData("https://executors.example/", "svc:admin", "UserName")]
    [InlineData("https://executors.example/", "svc\n", "control characters")]
    public void AddExecutorsClient_InvalidOptions_FailsWhenTheClientIsMade(string? baseAddress, string userName, string named)
    {
        // Arrange
        var services = new ServiceCollection();
        services.AddExecutorsClient(o =>
        {
            o.BaseAddress = baseAddress is null ? null : new Uri(baseAddress);
            o.UserName = userName;
            o.Password = "pw";
        });
        using var provider = services.BuildServiceProvider();

        // Act
        var failure = Record.Exception(() => provider.GetRequiredService<IExecutorsApiClient>());

        // Assert
        var validation = Assert.IsType<OptionsValidationException>(failure);
        Assert.Contains(named, validation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetExecutorAsync_UndocumentedStatus_ThrowsWithoutProblemDetails()
    {
        // Arrange
        var client = Client(new RecordingHandler(HttpStatusCode.BadGateway, "<html>proxy error</html>", "text/html"), Valid);

        // Act
        var failure = await Record.ExceptionAsync(() => client.GetExecutorAsync("abc", TestContext.Current.CancellationToken));

        // Assert
        var exception = Assert.IsType<ExecutorsApiException>(failure);
        Assert.Equal(502, exception.StatusCode);
        Assert.Null(exception.ProblemDetails);
        Assert.Null(exception.Detail);
        Assert.Empty(exception.Errors);
        Assert.Contains("proxy error", exception.Response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetExecutorAsync_ServiceUnavailable_ThrowsWithProblemDetailsAndRetryAfter()
    {
        // Arrange
        var handler = new RecordingHandler(
            HttpStatusCode.ServiceUnavailable,
            """{"type":"https://tools.ietf.org/html/rfc9110#section-15.6.4","title":"Service Unavailable","status":503,"detail":"The executor store is unavailable.","traceId":"00-abc-01"}""",
            "application/problem+json",
            ("Retry-After", "5"));
        var client = Client(handler, Valid);

        // Act
        var failure = await Record.ExceptionAsync(() => client.GetExecutorAsync("abc", TestContext.Current.CancellationToken));

        // Assert
        var exception = Assert.IsType<ExecutorsApiException>(failure, exactMatch: false);
        Assert.Equal(503, exception.StatusCode);
        Assert.Equal(503, exception.ProblemDetails?.Status);
        Assert.Equal("Service Unavailable", exception.ProblemDetails?.Title);
        Assert.Equal("The executor store is unavailable.", exception.Detail);
        Assert.Equal("00-abc-01", exception.ProblemDetails?.TraceId);
        Assert.Equal(["5"], exception.Headers["Retry-After"]);
    }

    private static void Valid(ExecutorsClientOptions o)
    {
        o.BaseAddress = new Uri("https://executors.example/");
        o.UserName = "svc";
        o.Password = "pw";
    }

    private static IExecutorsApiClient Client(RecordingHandler handler, Action<ExecutorsClientOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddExecutorsClient(configure).ConfigurePrimaryHttpMessageHandler(() => handler);
        return services.BuildServiceProvider().GetRequiredService<IExecutorsApiClient>();
    }

    private sealed class RecordingHandler(HttpStatusCode status, string body, string mediaType = "application/json", params (string Name, string Value)[] headers)
        : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, mediaType), RequestMessage = request };
            foreach (var (name, value) in headers)
            {
                response.Headers.Add(name, value);
            }

            return Task.FromResult(response);
        }
    }
}
