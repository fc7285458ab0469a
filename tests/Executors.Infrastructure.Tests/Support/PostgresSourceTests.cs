using System.Net.Sockets;
using System.Text;

namespace Executors.Infrastructure.Tests.Support;

/// <summary>
/// Where the tests' PostgreSQL comes from is said, obeys EXECUTORS_TEST_POSTGRES, and never switches silently: the
/// trap was a Docker engine that answered but that Testcontainers refused, after which the run fell back unseen.
/// </summary>
public sealed class PostgresSourceTests(PostgresServer server)
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private const string Engine = "unix:///var/run/docker.sock (engine 20.10.24, API 1.41, minimum API 1.12)";

    [Theory]
    [InlineData(null, PostgresSourceMode.Auto)]
    [InlineData("", PostgresSourceMode.Auto)]
    [InlineData("auto", PostgresSourceMode.Auto)]
    [InlineData("containers", PostgresSourceMode.Containers)]
    [InlineData(" Testcontainers ", PostgresSourceMode.Containers)]
    [InlineData("LOCAL", PostgresSourceMode.Local)]
    public void ParseMode_KnownValue_IsThatMode(string? value, PostgresSourceMode expected) =>
        Assert.Equal(expected, PostgresSource.ParseMode(value));

    [Fact]
    public void ParseMode_UnknownValue_FailsNamingTheChoices()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => PostgresSource.ParseMode("podman"));

        Assert.Contains("EXECUTORS_TEST_POSTGRES='podman'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("'containers'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("'local'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Auto_EngineAnswersButTestcontainersRefusesIt_FallsBackSayingWhyAndHowToFix()
    {
        var said = new List<string>();

        var source = await PostgresSource.StartAsync(
            Surroundings(PostgresSourceMode.Auto, testcontainersSeesEngine: false, engine: Engine, said),
            "the shared server",
            _ => throw new InvalidOperationException("Testcontainers must not be asked"),
            (bin, _) => Task.FromResult("local:" + bin),
            TestContext.Current.CancellationToken);

        Assert.Equal("local:" + Bin, source);
        var line = Assert.Single(said);
        Assert.Contains("WARNING", line, StringComparison.Ordinal);
        Assert.Contains(Engine, line, StringComparison.Ordinal);
        Assert.Contains("DOCKER_API_VERSION=1.41", line, StringComparison.Ordinal);
        Assert.Contains("TESTCONTAINERS_RYUK_DISABLED=true", line, StringComparison.Ordinal);
        Assert.Contains("EXECUTORS_TEST_POSTGRES=local", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Auto_NoEngineAnswers_UsesTheLocalClusterWithoutAWarning()
    {
        var said = new List<string>();

        var source = await PostgresSource.StartAsync(
            Surroundings(PostgresSourceMode.Auto, testcontainersSeesEngine: false, engine: null, said),
            "the shared server",
            _ => throw new InvalidOperationException("Testcontainers must not be asked"),
            (bin, _) => Task.FromResult("local:" + bin),
            TestContext.Current.CancellationToken);

        Assert.Equal("local:" + Bin, source);
        var line = Assert.Single(said);
        Assert.Contains("local cluster", line, StringComparison.Ordinal);
        Assert.Contains("no Docker engine answered", line, StringComparison.Ordinal);
        Assert.DoesNotContain("WARNING", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Containers_EngineAnswersButTestcontainersRefusesIt_FailsWithTheFix()
    {
        var said = new List<string>();
        var localStarted = false;

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => PostgresSource.StartAsync(
            Surroundings(PostgresSourceMode.Containers, testcontainersSeesEngine: false, engine: Engine, said),
            "the shared server",
            _ => Task.FromResult("container"),
            (_, _) =>
            {
                localStarted = true;
                return Task.FromResult("local");
            },
            TestContext.Current.CancellationToken));

        Assert.False(localStarted);
        Assert.Empty(said);
        Assert.Contains("EXECUTORS_TEST_POSTGRES=containers", exception.Message, StringComparison.Ordinal);
        Assert.Contains("DOCKER_API_VERSION=1.41", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Containers_NoEngineAnswers_FailsSayingSo()
    {
        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => PostgresSource.StartAsync(
            Surroundings(PostgresSourceMode.Containers, testcontainersSeesEngine: false, engine: null, []),
            "the shared server",
            _ => Task.FromResult("container"),
            (_, _) => Task.FromResult("local"),
            TestContext.Current.CancellationToken));

        Assert.Contains("none answered", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Auto_ContainerFailsToStart_FallsBackSayingWhy()
    {
        var said = new List<string>();

        var source = await PostgresSource.StartAsync(
            Surroundings(PostgresSourceMode.Auto, testcontainersSeesEngine: true, engine: Engine, said),
            "the shared server",
            _ => throw new InvalidOperationException("Get \"https://registry-1.docker.io/v2/\": no such host\nmore detail"),
            (bin, _) => Task.FromResult("local:" + bin),
            TestContext.Current.CancellationToken);

        Assert.Equal("local:" + Bin, source);
        var line = Assert.Single(said);
        Assert.Contains("WARNING", line, StringComparison.Ordinal);
        Assert.Contains("registry-1.docker.io", line, StringComparison.Ordinal);
        Assert.DoesNotContain("more detail", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Containers_ContainerFailsToStart_Fails()
    {
        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => PostgresSource.StartAsync(
            Surroundings(PostgresSourceMode.Containers, testcontainersSeesEngine: true, engine: Engine, []),
            "the shared server",
            _ => throw new InvalidOperationException("image postgres:15.10-alpine not found"),
            (_, _) => Task.FromResult("local"),
            TestContext.Current.CancellationToken));

        Assert.Contains("did not start: image postgres:15.10-alpine not found", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Local_NeverAsksDocker()
    {
        var said = new List<string>();
        var probed = false;
        var surroundings = new PostgresSource.Surroundings(
            PostgresSourceMode.Local,
            () => throw new InvalidOperationException("Docker must not be asked"),
            _ =>
            {
                probed = true;
                return Task.FromResult<string?>(Engine);
            },
            () => Bin,
            said.Add);

        var source = await PostgresSource.StartAsync(
            surroundings, "the shared server", _ => Task.FromResult("container"), (bin, _) => Task.FromResult("local:" + bin),
            TestContext.Current.CancellationToken);

        Assert.Equal("local:" + Bin, source);
        Assert.False(probed);
        Assert.Contains("EXECUTORS_TEST_POSTGRES=local", Assert.Single(said), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Auto_TestcontainersUsable_UsesTheContainerAndSaysSo()
    {
        var said = new List<string>();

        var source = await PostgresSource.StartAsync(
            Surroundings(PostgresSourceMode.Auto, testcontainersSeesEngine: true, engine: Engine, said),
            "the shared server",
            _ => Task.FromResult("container"),
            (_, _) => Task.FromResult("local"),
            TestContext.Current.CancellationToken);

        Assert.Equal("container", source);
        Assert.Contains("Testcontainers (postgres:15.10-alpine)", Assert.Single(said), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeDockerEngine_SomethingAnswersVersionOnTheSocket_DescribesIt()
    {
        var socketPath = Path.Combine(Directory.CreateTempSubdirectory("docker-probe-").FullName, "docker.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        listener.Listen();
        var answering = AnswerOnceAsync(
            listener, """{"Version":"20.10.24+dfsg1","ApiVersion":"1.41","MinAPIVersion":"1.12"}""");

        var engine = await PostgresSource.ProbeDockerEngineAsync("unix://" + socketPath, TestContext.Current.CancellationToken);

        var request = await answering;
        Assert.StartsWith("GET /version ", request, StringComparison.Ordinal);
        Assert.Equal($"unix://{socketPath} (engine 20.10.24+dfsg1, API 1.41, minimum API 1.12)", engine);
    }

    [Fact]
    public async Task ProbeDockerEngine_NoSocket_IsNull()
    {
        var missing = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "docker.sock");

        Assert.Null(await PostgresSource.ProbeDockerEngineAsync("unix://" + missing, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void SharedServer_ComesFromWhereTheRunAsked_AndSaidSo()
    {
        // CI runs the suite once with EXECUTORS_TEST_POSTGRES=containers and once with =local: each run checks it got
        // what it asked for, so a silent switch fails here.
        var expected = PostgresSource.RequestedMode() switch
        {
            PostgresSourceMode.Containers => "testcontainers",
            PostgresSourceMode.Local => "local cluster",
            _ => server.Source,
        };

        Assert.Equal(expected, server.Source);
        Assert.NotNull(PostgresSource.LastAnnouncement);
        Assert.Contains(
            server.Source == "testcontainers" ? "Testcontainers" : "local cluster",
            PostgresSource.LastAnnouncement,
            StringComparison.Ordinal);
    }

    private static PostgresSource.Surroundings Surroundings(
        PostgresSourceMode mode, bool testcontainersSeesEngine, string? engine, List<string> said) =>
        new(mode, () => testcontainersSeesEngine, _ => Task.FromResult(engine), () => Bin, said.Add);

    private static async Task<string> AnswerOnceAsync(Socket listener, string json)
    {
        using var connection = await listener.AcceptAsync(TestContext.Current.CancellationToken);
        var buffer = new byte[4096];
        var received = await connection.ReceiveAsync(buffer, SocketFlags.None, TestContext.Current.CancellationToken);
        var body = Encoding.UTF8.GetBytes(json);
        var head = Encoding.ASCII.GetBytes(
            $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
        await connection.SendAsync(head.Concat(body).ToArray(), SocketFlags.None, TestContext.Current.CancellationToken);
        return Encoding.ASCII.GetString(buffer, 0, received);
    }
}
