using Executors.Domain.Executors;

namespace Executors.Domain.Tests.Executors;

public sealed class AccountScopeTests
{
    [Fact]
    public void Of_Wildcard_IsEveryAccountIncludingNone()
    {
        // Act
        var scope = AccountScope.Of(["*"]);

        // Assert
        Assert.Same(AccountScope.All, scope);
        Assert.True(scope.IsAll);
        Assert.True(scope.Allows("anything"));
        Assert.True(scope.Allows(null));
        Assert.Empty(scope.Accounts);
    }

    [Fact]
    public void Of_Names_AllowsExactlyThoseCaseSensitively()
    {
        // Act
        var scope = AccountScope.Of(["hedge", "master", "hedge"]);

        // Assert
        Assert.False(scope.IsAll);
        Assert.Equal(["hedge", "master"], scope.Accounts);
        Assert.True(scope.Allows("master"));
        Assert.False(scope.Allows("Master"));
        Assert.False(scope.Allows("research"));
        Assert.False(scope.Allows(null));
        Assert.Equal("hedge,master", scope.ToString());
    }

    [Fact]
    public void Of_Nothing_IsNone()
    {
        // Act
        var scope = AccountScope.Of([]);

        // Assert
        Assert.Same(AccountScope.None, scope);
        Assert.False(scope.Allows("master"));
        Assert.False(scope.Allows(null));
    }
}
