using System.Net;
using Executors.Api.Tests.Infrastructure;
using Executors.Domain.Executors;
using Microsoft.Extensions.DependencyInjection;

namespace Executors.Api.Tests.Controllers;

public sealed class FailureTests(PostgresServer postgres)
{
    [Fact]
    public async Task Get_DatabaseUnreachable_Returns503WithRetryAfter()
    {
        // Arrange: a port on which nothing listens.
        await using var api = new ApiFactory(UnreachableDatabase.ConnectionString());
        using var client = api.CreateReaderClient();

        // Act
        using var response = await client.GetAsync("/executors/SomeExecutor", TestContext.Current.CancellationToken);

        // Assert: never 404 (the executor may exist) and never 500 (nothing is broken in the service).
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        using var problem = await ProblemAssert.ReadAsync(response, 503);
    }

    [Fact]
    public async Task Get_MalformedIdWhileDatabaseUnreachable_Returns400()
    {
        // Arrange
        await using var api = new ApiFactory(UnreachableDatabase.ConnectionString());
        using var client = api.CreateReaderClient();

        // Act
        using var response = await client.GetAsync("/executors/not%20valid", TestContext.Current.CancellationToken);

        // Assert: validation answers before anything reaches the database.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Get_UnexpectedException_Returns500WithoutItsText()
    {
        // Arrange
        await using var api = new ApiFactory(postgres.ConnectionString, services: services =>
            services.AddScoped<IExecutorRepository, ThrowingRepository>());
        using var client = api.CreateReaderClient();

        // Act
        using var response = await client.GetAsync("/executors/SomeExecutor", TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain(ThrowingRepository.Secret, text, StringComparison.Ordinal);
        using var problem = await ProblemAssert.ReadAsync(response, 500);
    }

    private sealed class ThrowingRepository : IExecutorRepository
    {
        public const string Secret = "SELECT secret_column FROM executors -- connection password=hunter2";

        public Task<Executor?> FindAsync(string executorId, AccountScope scope, CancellationToken cancellationToken) =>
            throw new InvalidOperationException(Secret);

        public Task<bool> ExistsAsync(string executorId, AccountScope scope, CancellationToken cancellationToken) =>
            throw new InvalidOperationException(Secret);

        public Task<Executor?> FindForUpdateAsync(string executorId, AccountScope scope, CancellationToken cancellationToken) =>
            throw new InvalidOperationException(Secret);

        public Task AddAsync(Executor executor, CancellationToken cancellationToken) =>
            throw new InvalidOperationException(Secret);

        public Task SaveAsync(CancellationToken cancellationToken) =>
            throw new InvalidOperationException(Secret);
    }
}
