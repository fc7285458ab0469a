using System.Text;
using Executors.Api.Authentication;

namespace Executors.Api.Tests.Authentication;

/// <summary>
/// Every password check costs what the dearest configured hash costs, so that timing reveals neither which user names
/// exist nor whose hash is weaker; and a user keeps its credential identity only while its hash is unchanged.
/// </summary>
public sealed class UserSnapshotTests
{
    private static readonly string CheapHash = PasswordHash.Create("cheap-password", 1_000);
    private static readonly string DearHash = PasswordHash.Create("dear-password", 5_000);

    [Theory]
    [InlineData("cheap", "cheap-password", true)]
    [InlineData("cheap", "wrong", false)]
    [InlineData("dear", "dear-password", true)]
    [InlineData("dear", "wrong", false)]
    [InlineData("nobody", "wrong", false)]
    public void Verify_AnyUserKnownOrNot_SpendsTheHighestIterationCount(string userName, string password, bool expected)
    {
        // Arrange
        var users = UserSnapshot.Create([User("cheap", CheapHash), User("dear", DearHash)], previous: null);

        // Act
        var verified = users.Verify(userName, Encoding.UTF8.GetBytes(password), out _, out var iterations);

        // Assert
        Assert.Equal(expected, verified);
        Assert.Equal(5_000, users.MaxIterations);
        Assert.Equal(5_000, iterations);
    }

    [Fact]
    public void Create_FromAPreviousList_KeepsTheCredentialOfAnUnchangedHashOnly()
    {
        // Arrange
        var before = UserSnapshot.Create([User("same", CheapHash), User("rotated", CheapHash), User("removed", CheapHash)], previous: null);

        // Act
        var after = UserSnapshot.Create([User("same", CheapHash, "writer"), User("rotated", DearHash), User("added", DearHash)], before);

        // Assert: what the cache and the trusted clients hold stays good only for "same" (whose roles did change).
        Assert.True(before.TryGet("same", out var sameBefore));
        Assert.True(after.TryGet("same", out var sameAfter));
        Assert.Same(sameBefore!.Hash, sameAfter!.Hash);
        Assert.Contains("writer", sameAfter.User.Roles);
        Assert.True(before.TryGet("rotated", out var rotatedBefore));
        Assert.True(after.TryGet("rotated", out var rotatedAfter));
        Assert.NotSame(rotatedBefore!.Hash, rotatedAfter!.Hash);
        Assert.False(after.TryGet("removed", out _));
        Assert.Equal((1, 1, 1), after.Compare(before));
    }

    private static ConfiguredUser User(string name, string hash, params string[] roles) =>
        new() { UserName = name, PasswordHash = hash, Roles = roles, Accounts = ["*"] };
}
