using System.Text.Json;
using AutoMapper;
using Executors.Application.Common.Persistence;
using Executors.Application.Common.Exceptions;
using Executors.Application.Common.Mapping;
using Executors.Application.Executors;
using Executors.Application.Executors.Commands.AppendExecutorLogs;
using Executors.Application.Executors.Commands.PutExecutor;
using Executors.Application.Executors.Queries.GetExecutor;
using Executors.Application.Executors.Queries.GetExecutorLogs;
using Executors.Application.Executors.Queries.GetExecutorsSummary;
using Executors.Application.Executors.Queries.SearchExecutors;
using Executors.Application.Tests.Fakes;
using Executors.Domain.Executors;
using Microsoft.Extensions.Logging.Abstractions;

namespace Executors.Application.Tests.Executors.Security;

/// <summary>Every use case keeps a restricted caller inside its accounts: other accounts' executors do not exist.</summary>
public sealed class AccountIsolationTests
{
    private static readonly IMapper Mapper = MapperFactory.CreateConfiguration().CreateMapper();
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly FixedCurrentUser Alice = FixedCurrentUser.Of("alice");

    [Fact]
    public async Task GetExecutor_OtherAccount_IsNotFoundLikeAnUnknownId()
    {
        // Arrange
        var repository = new InMemoryExecutorRepository(Running("b1", "bob"));
        var handler = new GetExecutorQueryHandler(repository, Alice, Mapper);

        // Act
        var otherAccount = await handler.Handle(new GetExecutorQuery("b1"), TestContext.Current.CancellationToken);
        var unknown = await handler.Handle(new GetExecutorQuery("nope"), TestContext.Current.CancellationToken);

        // Assert
        Assert.False(otherAccount.Found);
        Assert.Equal("Executor 'b1' was not found.", otherAccount.NotFoundDetail);
        Assert.False(unknown.Found);
        Assert.Equal("Executor 'nope' was not found.", unknown.NotFoundDetail);
        Assert.Same(Alice.Accounts, repository.LastScope);
    }

    [Fact]
    public async Task GetExecutor_OwnAccount_ReturnsIt()
    {
        // Arrange
        var handler = new GetExecutorQueryHandler(new InMemoryExecutorRepository(Running("a1", "alice")), Alice, Mapper);

        // Act
        var result = await handler.Handle(new GetExecutorQuery("a1"), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal("alice", result.Executor?.AccountName);
    }

    [Fact]
    public async Task GetExecutor_RememberedTerminatedExecutorOfOtherAccount_IsLookedUpLikeAnUnknownIdAndNotFound()
    {
        // Arrange: an unrestricted caller's read put bob's TERMINATED executor in the shared cache.
        var repository = new InMemoryExecutorRepository(Terminated("b1", "bob"));
        var cache = new DictionaryTerminatedExecutorCache();
        await GetThroughCache(repository, FixedCurrentUser.Everything, cache, "b1");

        // Act
        var result = await GetThroughCache(repository, Alice, cache, "b1");

        // Assert: not answered from memory; the store was asked, as for any unknown id, and said no.
        Assert.False(result.Found);
        Assert.Equal("Executor 'b1' was not found.", result.NotFoundDetail);
        Assert.Equal(["b1", "b1"], repository.Lookups);
        Assert.Same(Alice.Accounts, repository.LastScope);
    }

    [Fact]
    public async Task GetExecutor_RememberedTerminatedExecutorOfOwnAccount_IsServedFromMemory()
    {
        // Arrange
        var repository = new InMemoryExecutorRepository(Terminated("a1", "alice"));
        var cache = new DictionaryTerminatedExecutorCache();
        await GetThroughCache(repository, Alice, cache, "a1");

        // Act
        var result = await GetThroughCache(repository, Alice, cache, "a1");

        // Assert
        Assert.Equal("a1", result.Executor?.ExecutorId);
        Assert.Equal(["a1"], repository.Lookups);
    }

    [Fact]
    public async Task GetExecutor_RunningExecutor_IsNeverRemembered()
    {
        // Arrange
        var repository = new InMemoryExecutorRepository(Running("a1", "alice"));
        var cache = new DictionaryTerminatedExecutorCache();
        await GetThroughCache(repository, Alice, cache, "a1");

        // Act
        await GetThroughCache(repository, Alice, cache, "a1");

        // Assert: asked from the store both times.
        Assert.Equal(["a1", "a1"], repository.Lookups);
    }

    [Fact]
    public async Task Search_RestrictedCaller_SeesOnlyItsAccountsEvenWhenAskingForOthers()
    {
        // Arrange
        var store = new InMemoryExecutorReadStore(Row("a1", "alice"), Row("b1", "bob"), Row("n1", null), Row("a2", "alice"));
        var handler = new SearchExecutorsQueryHandler(store, Alice);

        // Act
        var all = await handler.Handle(new SearchExecutorsQuery(), TestContext.Current.CancellationToken);
        var askingForBob = await handler.Handle(new SearchExecutorsQuery { AccountNames = ["bob"] }, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(["a2", "a1"], all.Data.Select(item => item.ExecutorId));
        Assert.Equal(2, all.Pagination.TotalCount);
        Assert.Empty(askingForBob.Data);
        Assert.Equal(0, askingForBob.Pagination.TotalCount);
    }

    [Fact]
    public async Task Search_RestrictedCaller_NamingOnlyOtherAccounts_IsEmptyWithoutAskingTheStore()
    {
        // Arrange: however many executors bob has, alice's search for them must cost what nothing costs.
        var store = new InMemoryExecutorReadStore([.. Enumerable.Range(0, 50).Select(i => Row($"b{i}", "bob"))]);
        var handler = new SearchExecutorsQueryHandler(store, Alice);

        // Act
        var page = await handler.Handle(new SearchExecutorsQuery { AccountNames = ["bob", "carol"] }, TestContext.Current.CancellationToken);

        // Assert
        Assert.Empty(page.Data);
        Assert.Equal(0, page.Pagination.TotalCount);
        Assert.False(page.Pagination.HasMore);
        Assert.Empty(store.Listed);
    }

    [Fact]
    public async Task Search_RestrictedCaller_NamingOwnAndOtherAccounts_AsksTheStoreForItsOwnOnly()
    {
        // Arrange
        var store = new InMemoryExecutorReadStore(Row("a1", "alice"), Row("b1", "bob"));
        var handler = new SearchExecutorsQueryHandler(store, Alice);

        // Act
        var page = await handler.Handle(new SearchExecutorsQuery { AccountNames = ["bob", "alice", "bob"] }, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(["a1"], page.Data.Select(item => item.ExecutorId));
        Assert.Equal(["alice"], Assert.Single(store.Listed).AccountNames);
    }

    [Fact]
    public async Task Summary_RestrictedCaller_CountsOnlyItsAccounts()
    {
        // Arrange
        var store = new InMemoryExecutorReadStore(Row("a1", "alice"), Row("b1", "bob"), Row("b2", "bob"));
        var handler = new GetExecutorsSummaryQueryHandler(store, Alice);

        // Act
        var summary = await handler.Handle(new GetExecutorsSummaryQuery(), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(1, summary.TotalExecutors);
        Assert.Equal(1, summary.TotalActive);
    }

    [Fact]
    public async Task GetLogs_OtherAccount_ThrowsNotFoundWithoutReadingTheLog()
    {
        // Arrange
        var repository = new InMemoryExecutorRepository(Running("b1", "bob"));
        var logs = new InMemoryExecutorLogRepository();
        await logs.AppendAsync("b1", [ExecutorLogEntry.Create("b1", Start, ExecutorLogLevel.Info, "secret", null)], 10, TestContext.Current.CancellationToken);
        var handler = new GetExecutorLogsQueryHandler(repository, logs, Alice);

        // Act
        var exception = await Record.ExceptionAsync(() => handler.Handle(new GetExecutorLogsQuery("b1", null, null), TestContext.Current.CancellationToken));

        // Assert
        Assert.IsType<NotFoundException>(exception);
    }

    [Fact]
    public async Task AppendLogs_OtherAccount_ThrowsNotFoundAndAppendsNothing()
    {
        // Arrange
        var repository = new InMemoryExecutorRepository(Running("b1", "bob"));
        var logs = new InMemoryExecutorLogRepository();
        var handler = new AppendExecutorLogsCommandHandler(repository, logs, new ExecutorLogOptions(), Alice);
        var body = new AppendExecutorLogsRequest { Entries = [new LogEntryRequest { Timestamp = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), Level = "ERROR", Message = "x" }] };

        // Act
        var exception = await Record.ExceptionAsync(() => handler.Handle(new AppendExecutorLogsCommand("b1", body), TestContext.Current.CancellationToken));

        // Assert
        Assert.IsType<NotFoundException>(exception);
        Assert.Equal(0, await logs.CountAsync("b1", null, TestContext.Current.CancellationToken));
        Assert.Equal(0, repository.Saves);
    }

    [Fact]
    public async Task Put_ForAnAccountTheCallerMayNotWrite_ThrowsForbiddenBeforeAnyLookup()
    {
        // Arrange
        var repository = new InMemoryExecutorRepository();
        var handler = new PutExecutorCommandHandler(repository, new InMemoryPositionHoldRepository(), TimeProvider.System, Alice, Mapper, NullLogger<PutExecutorCommandHandler>.Instance);

        // Act
        var exception = await Record.ExceptionAsync(() => handler.Handle(Put("x1", "bob"), TestContext.Current.CancellationToken));

        // Assert
        Assert.Equal("You may not report executors of account 'bob'.", Assert.IsType<ForbiddenException>(exception).Message);
        Assert.Empty(repository.Lookups);
    }

    [Fact]
    public async Task Put_WithoutAccountByRestrictedCaller_ThrowsForbidden()
    {
        // Arrange
        var handler = new PutExecutorCommandHandler(new InMemoryExecutorRepository(), new InMemoryPositionHoldRepository(), TimeProvider.System, Alice, Mapper, NullLogger<PutExecutorCommandHandler>.Instance);

        // Act
        var exception = await Record.ExceptionAsync(() => handler.Handle(Put("x1", null), TestContext.Current.CancellationToken));

        // Assert
        Assert.IsType<ForbiddenException>(exception);
    }

    [Fact]
    public async Task Put_IdTakenByAnotherAccount_ThrowsNotFoundAndChangesNothing()
    {
        // Arrange: bob's executor; alice reports the same id for her own account.
        var bobs = Running("b1", "bob");
        var repository = new InMemoryExecutorRepository(bobs);
        var handler = new PutExecutorCommandHandler(repository, new InMemoryPositionHoldRepository(), TimeProvider.System, Alice, Mapper, NullLogger<PutExecutorCommandHandler>.Instance);

        // Act
        var exception = await Record.ExceptionAsync(() => handler.Handle(Put("b1", "alice"), TestContext.Current.CancellationToken));

        // Assert
        Assert.IsType<NotFoundException>(exception);
        Assert.Equal(0, repository.Saves);
        Assert.Equal("bob", bobs.State.AccountName);
        Assert.Equal(ExecutorStatus.Running, bobs.State.Status);
    }

    [Fact]
    public async Task Put_IfMatchOnAnotherAccountsId_FailsExactlyAsOnAnUnknownId()
    {
        // Arrange: bob's executor; alice sends If-Match: * for it and for an id nobody has.
        var repository = new InMemoryExecutorRepository(Running("b1", "bob"));
        var handler = new PutExecutorCommandHandler(repository, new InMemoryPositionHoldRepository(), TimeProvider.System, Alice, Mapper, NullLogger<PutExecutorCommandHandler>.Instance);

        // Act
        var foreign = await Record.ExceptionAsync(() => handler.Handle(Put("b1", "alice") with { Condition = new WriteCondition { Expected = VersionSet.Any } }, TestContext.Current.CancellationToken));
        var unknown = await Record.ExceptionAsync(() => handler.Handle(Put("zz", "alice") with { Condition = new WriteCondition { Expected = VersionSet.Any } }, TestContext.Current.CancellationToken));

        // Assert: the same answer, after the same lookups.
        Assert.Equal(Assert.IsType<PreconditionFailedException>(unknown).Message, Assert.IsType<PreconditionFailedException>(foreign).Message);
        Assert.Equal(["b1", "zz"], repository.Lookups);
        Assert.Equal(0, repository.Saves);
    }

    [Fact]
    public async Task Put_OwnAccount_CreatesIt()
    {
        // Arrange
        var handler = new PutExecutorCommandHandler(new InMemoryExecutorRepository(), new InMemoryPositionHoldRepository(), TimeProvider.System, Alice, Mapper, NullLogger<PutExecutorCommandHandler>.Instance);

        // Act
        var result = await handler.Handle(Put("a9", "alice"), TestContext.Current.CancellationToken);

        // Assert
        Assert.True(result.Created);
        Assert.Equal("alice", result.Executor.AccountName);
    }

    private static PutExecutorCommand Put(string id, string? account) =>
        new(id, new ExecutorStateRequest { AccountName = account, Status = "RUNNING", Config = JsonDocument.Parse("{}").RootElement }, WriteCondition.None);

    private static ExecutorBuilder AnExecutor(string id, string account) =>
        new ExecutorBuilder(id).ForAccount(account).OnConnector("binance").At(null);

    private static Executor Running(string id, string account) => AnExecutor(id, account).WithStatus(ExecutorStatus.Running).Build();

    private static Executor Terminated(string id, string account) => AnExecutor(id, account).Terminated(CloseType.TakeProfit, Start).Build();

    private static Executor Row(string id, string? account) =>
        ExecutorBuilder.Bare(id).OfType(ExecutorTypes.Position).ForAccount(account).CreatedAt(Start.AddMinutes(id[^1]))
            .WithStatus(ExecutorStatus.Running).Build();

    /// <summary>GET as the pipeline runs it: the TERMINATED-executor cache step, then the handler.</summary>
    private static Task<GetExecutorQueryResult> GetThroughCache(
        InMemoryExecutorRepository repository, FixedCurrentUser user, ITerminatedExecutorCache cache, string executorId)
    {
        var query = new GetExecutorQuery(executorId);
        var handler = new GetExecutorQueryHandler(repository, user, Mapper);
        return new TerminatedExecutorCacheBehaviour(user, cache)
            .Handle(query, TestContext.Current.CancellationToken, () => handler.Handle(query, TestContext.Current.CancellationToken));
    }
}
