using Executors.Application.Common.Persistence;

namespace Executors.Application.Tests.Fakes;

/// <summary>An <see cref="IUnitOfWork"/> that runs the work once, as is, and counts how often it was asked to.</summary>
internal sealed class InlineUnitOfWork : IUnitOfWork
{
    public int Runs { get; private set; }

    public Task<T> ExecuteAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        Runs++;
        return work();
    }
}
