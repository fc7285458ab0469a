using Executors.Application.Common.Security;
using Executors.Domain.Executors;

namespace Executors.Application.Tests.Fakes;

/// <summary>A caller with a fixed account scope (every account unless a test says otherwise).</summary>
internal sealed class FixedCurrentUser(AccountScope accounts) : ICurrentUser
{
    public static FixedCurrentUser Everything { get; } = new(AccountScope.All);

    public AccountScope Accounts { get; } = accounts;

    public string Name => "tester";

    public static FixedCurrentUser Of(params string[] accounts) => new(AccountScope.Of(accounts));
}
