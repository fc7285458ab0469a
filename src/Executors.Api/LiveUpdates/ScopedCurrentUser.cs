using Executors.Application.Common.Security;
using Executors.Domain.Executors;

namespace Executors.Api.LiveUpdates;

/// <summary>
/// The caller of a read made outside a request's own flow (a live subscription's re-read, shared by every subscriber
/// with the same account scope): set on the DI scope the read runs in, it stands in for the request's user.
/// </summary>
internal sealed class ScopedCurrentUser : ICurrentUser
{
    public AccountScope Accounts { get; private set; } = AccountScope.None;

    public string Name { get; private set; } = string.Empty;

    public bool IsSet { get; private set; }

    public void Set(AccountScope accounts, string name)
    {
        Accounts = accounts;
        Name = name;
        IsSet = true;
    }
}
