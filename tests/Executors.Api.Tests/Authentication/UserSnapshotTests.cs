using System.Text;
using Executors.Api.Authentication;
using Executors.Api.Tests.Infrastructure;

namespace Executors.Api.Tests.Authentication;

/// <summary>
/// Every password check costs the same PBKDF2 work — the most any configured hash costs, per hash function — so that
/// timing reveals neither which user names exist nor whose hash is weaker or in the legacy format; and a user keeps its credential identity only while its hash is unchanged.
/// </summary>
public sealed class UserSnapshotTests
{
    private static readonly string CheapHash = PasswordHash.Create("cheap-password", 1_000);
    private static readonly string DearHash = PasswordHash.Create("dear-password", 5_000);
    private static readonly string LegacyHash = LegacyPasswordHashes.Create("legacy-password", 3_000);

    [Theory]
    [InlineData("cheap", "cheap-password", true)]
    [InlineData("cheap", "wrong", false)]
    [InlineData("dear", "dear-password", true)]
    [InlineData("dear", "wrong", false)]
    [InlineData("legacy", "legacy-password", true)]
    [InlineData("legacy", "wrong", false)]
    [InlineData("nobody", "wrong", false)]
    public void Verify_AnyUserKnownOrNot_SpendsTheMostWorkOfEachHashFunction(string userName, string password, bool expected)
    {
        // Arrange: Identity hashes (HMAC-SHA512) of 1,000 and 5,000 iterations, a legacy one (HMAC-SHA256) of 3,000.
        var users = UserSnapshot.Create([User("cheap", CheapHash), User("dear", DearHash), User("legacy", LegacyHash)], previous: null);

        // Act
        var verified = users.Verify(userName, Encoding.UTF8.GetBytes(password), out _, out var spent);

        // Assert
        Assert.Equal(expected, verified);
        Assert.Equal(new PasswordWork(Sha256: 3_000, Sha512: 5_000), users.MaxWork);
        Assert.Equal(users.MaxWork, spent);
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
