using Executors.Domain.Executors;

namespace Executors.Application.Common.Security;

/// <summary>
/// Who is asking, as far as the use cases need to know: the accounts whose executors they may see (and, when they
/// may write at all, report). The host supplies it from the authenticated request.
/// </summary>
public interface ICurrentUser
{
    /// <summary>The caller's accounts; <see cref="AccountScope.None"/> when nothing grants any.</summary>
    AccountScope Accounts { get; }

    /// <summary>The caller's user name (what its answers to repeated requests are kept under); empty when anonymous.</summary>
    string Name { get; }
}
