using Executors.Application.Common.Exceptions;
using Executors.Application.Common.Persistence;
using Executors.Domain.Common;
using Executors.Domain.Executors;
using Executors.Infrastructure.Persistence;
using Executors.Infrastructure.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Executors.Infrastructure.Tests.Persistence;

/// <summary>The commands' unit of work on the real PostgreSQL: all or nothing, lost races run again, others not.</summary>
public sealed class UnitOfWorkTests(InfrastructureOnDatabase infrastructure) : InfrastructureTest(infrastructure)
{
    [Fact]
    public async Task Work_ThatThrows_LeavesNothingBehind_AndRunsOnce()
    {
        // Arrange
        await using var scope = Services.CreateAsyncScope();
        var (unitOfWork, executors) = Resolve(scope);
        var runs = 0;

        // Act: the work stores an executor, then breaks a rule.
        var failure = await Record.ExceptionAsync(() => unitOfWork.ExecuteAsync<bool>(
            async () =>
            {
                runs++;
                await executors.AddAsync(ExecutorBuilder.Bare("Uow1").Build(), TestContext.Current.CancellationToken);
                throw new DomainException("a rule");
            },
            TestContext.Current.CancellationToken));

        // Assert
        Assert.IsType<DomainException>(failure);
        Assert.Equal(1, runs);
        Assert.Equal(0, await CountAsync());
    }

    [Fact]
    public async Task Work_ThatLosesACreateRace_RunsAgainAndSeesTheWinner()
    {
        // Arrange: the id is taken after the work looked and before it inserts (as by a racing request).
        await using var scope = Services.CreateAsyncScope();
        var (unitOfWork, executors) = Resolve(scope);
        var runs = 0;

        // Act
        var outcome = await unitOfWork.ExecuteAsync(
            async () =>
            {
                runs++;
                if (await executors.FindForUpdateAsync("Uow2", AccountScope.All, TestContext.Current.CancellationToken) is { } found)
                {
                    return $"found version {found.Version}";
                }

                await StoreAsync(ExecutorBuilder.Bare("Uow2").ForAccount("winner").Build());
                await executors.AddAsync(ExecutorBuilder.Bare("Uow2").ForAccount("loser").Build(), TestContext.Current.CancellationToken);
                return "created";
            },
            TestContext.Current.CancellationToken);

        // Assert: one executor, the winner's; the loser's work ran again and saw it.
        Assert.Equal(2, runs);
        Assert.Equal("found version 1", outcome);
        await using var db = Database.CreateDbContext();
        Assert.Equal("winner", (await db.Executors.SingleAsync(TestContext.Current.CancellationToken)).State.AccountName);
    }

    [Fact]
    public async Task Work_ThatAlwaysLosesRaces_GivesUpWithAConflict()
    {
        // Arrange
        await StoreAsync(ExecutorBuilder.Bare("Uow3").Build());
        await using var scope = Services.CreateAsyncScope();
        var (unitOfWork, executors) = Resolve(scope);
        var runs = 0;

        // Act: every run inserts an id that is taken.
        var failure = await Record.ExceptionAsync(() => unitOfWork.ExecuteAsync(
            async () =>
            {
                runs++;
                await executors.AddAsync(ExecutorBuilder.Bare("Uow3").Build(), TestContext.Current.CancellationToken);
                return true;
            },
            TestContext.Current.CancellationToken));

        // Assert
        Assert.IsType<ConflictException>(failure);
        Assert.Equal(UnitOfWork.MaxAttempts, runs);
    }

    [Fact]
    public async Task SavedChanges_RaiseTheVersionByOne_UnchangedSavesDoNot()
    {
        // Arrange
        await StoreAsync(ExecutorBuilder.Bare("Uow4").Build());
        await using var scope = Services.CreateAsyncScope();
        var (unitOfWork, executors) = Resolve(scope);

        // Act: one run that changes the executor, one that only saves.
        var changed = await unitOfWork.ExecuteAsync(
            async () =>
            {
                var executor = await executors.FindForUpdateAsync("Uow4", AccountScope.All, TestContext.Current.CancellationToken);
                executor!.Start();
                await executors.SaveAsync(TestContext.Current.CancellationToken);
                return executor.Version;
            },
            TestContext.Current.CancellationToken);
        var unchanged = await unitOfWork.ExecuteAsync(
            async () =>
            {
                var executor = await executors.FindForUpdateAsync("Uow4", AccountScope.All, TestContext.Current.CancellationToken);
                await executors.SaveAsync(TestContext.Current.CancellationToken);
                return executor!.Version;
            },
            TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(2, changed);
        Assert.Equal(2, unchanged);
    }

    [Fact]
    public async Task StopRequest_SavedInAUnitOfWork_IsReadBackAndOutlivesALaterStateReport()
    {
        // Arrange
        var requestedAt = new DateTimeOffset(2024, 1, 15, 11, 0, 0, 123, TimeSpan.Zero);
        await StoreAsync(new ExecutorBuilder("Uow5").WithStatus(ExecutorStatus.Running).Build());
        await using var scope = Services.CreateAsyncScope();
        var (unitOfWork, executors) = Resolve(scope);

        // Act: the stop, then an engine's report (a whole new state) in a unit of work of its own.
        var stopped = await unitOfWork.ExecuteAsync(
            async () =>
            {
                var executor = await executors.FindForUpdateAsync("Uow5", AccountScope.All, TestContext.Current.CancellationToken);
                executor!.RequestStop(keepPosition: true, requestedAt);
                await executors.SaveAsync(TestContext.Current.CancellationToken);
                return executor.Version;
            },
            TestContext.Current.CancellationToken);
        var reported = await unitOfWork.ExecuteAsync(
            async () =>
            {
                var executor = await executors.FindForUpdateAsync("Uow5", AccountScope.All, TestContext.Current.CancellationToken);
                executor!.Apply(executor.State with { Status = ExecutorStatus.ShuttingDown });
                await executors.SaveAsync(TestContext.Current.CancellationToken);
                return executor.Version;
            },
            TestContext.Current.CancellationToken);
        await using var readScope = Services.CreateAsyncScope();
        var loaded = await readScope.ServiceProvider.GetRequiredService<IExecutorRepository>().FindAsync("Uow5", AccountScope.All, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(2, stopped);
        Assert.Equal(3, reported);
        Assert.Equal(new ExecutorStopRequest(requestedAt, true), loaded!.StopRequest);
        Assert.Equal(ExecutorStatus.ShuttingDown, loaded.State.Status);
    }

    private static (IUnitOfWork UnitOfWork, IExecutorRepository Executors) Resolve(AsyncServiceScope scope) =>
        (scope.ServiceProvider.GetRequiredService<IUnitOfWork>(), scope.ServiceProvider.GetRequiredService<IExecutorRepository>());

    private async Task<int> CountAsync()
    {
        await using var db = Database.CreateDbContext();
        return await db.Executors.CountAsync(TestContext.Current.CancellationToken);
    }
}
