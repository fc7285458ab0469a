using System.Security.Cryptography;
using System.Text;
using Executors.Api.Authentication;
using Executors.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Executors.Api.Tests.Authentication;

/// <summary>
/// Both formats a configured hash may have: ASP.NET Core Identity's, which hash-password prints, and the legacy
/// PBKDF2-SHA256$ one that configurations written before it still hold.
/// </summary>
public sealed class PasswordHashTests
{
    [Fact]
    public void Identity_RightPasswordVerifies_WrongOneDoesNot()
    {
        // Arrange
        var hash = PasswordHash.Parse(PasswordHash.Create("pä:ss wörd", 1_000));

        // Act + Assert
        Assert.Equal((PasswordHashFormat.Identity, HashAlgorithmName.SHA512, 1_000), (hash.Format, hash.Algorithm, hash.Iterations));
        Assert.True(hash.Verify(Encoding.UTF8.GetBytes("pä:ss wörd")));
        Assert.False(hash.Verify(Encoding.UTF8.GetBytes("pä:ss wörd ")));
    }

    [Fact]
    public void Legacy_AnOperatorsHashFromBeforeTheUpgrade_StillVerifies()
    {
        // Arrange: the admin hash appsettings.Development.json shipped with, 600,000 iterations of HMAC-SHA256.
        var hash = PasswordHash.Parse(LegacyPasswordHashes.DevelopmentAdmin);

        // Act + Assert
        Assert.Equal((PasswordHashFormat.Legacy, HashAlgorithmName.SHA256, 600_000), (hash.Format, hash.Algorithm, hash.Iterations));
        Assert.True(hash.Verify("admin"u8));
        Assert.False(hash.Verify("Admin"u8));
    }

    [Fact]
    public void Identity_HmacSha256HashFromAnotherIdentityApp_IsAcceptedAndVerified()
    {
        // Arrange: Identity's version 3 with HMAC-SHA256 (what Identity made before .NET 7), written out byte by byte.
        var salt = RandomNumberGenerator.GetBytes(16);
        var key = Rfc2898DeriveBytes.Pbkdf2("secret"u8, salt, 1_000, HashAlgorithmName.SHA256, 32);
        byte[] header = [1, 0, 0, 0, 1, 0, 0, 0x03, 0xE8, 0, 0, 0, 16];
        var text = Convert.ToBase64String([.. header, .. salt, .. key]);

        // Act
        var hash = PasswordHash.Parse(text);

        // Assert
        Assert.Equal((HashAlgorithmName.SHA256, 1_000), (hash.Algorithm, hash.Iterations));
        Assert.True(hash.Verify("secret"u8));
        Assert.False(hash.Verify("secreT"u8));
    }

    [Fact]
    public void IdentityVersion2_Sha1_IsRefused()
    {
        // Arrange: Identity's version 2 is 1,000 iterations of HMAC-SHA1: nothing here makes it, nothing accepts it.
        var v2 = new PasswordHasher<object>(Options.Create(new PasswordHasherOptions { CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV2 }))
            .HashPassword(new object(), "secret");
        byte[] sha1Header = [1, 0, 0, 0, 0, 0, 0x09, 0x27, 0xC0, 0, 0, 0, 16];
        var v3Sha1 = Convert.ToBase64String([.. sha1Header, .. RandomNumberGenerator.GetBytes(48)]);

        // Act + Assert
        Assert.False(PasswordHash.TryParse(v2, out _));
        Assert.False(PasswordHash.TryParse(v3Sha1, out _));
    }

    [Theory]
    [InlineData("AQAAAAIACSfA")] // a header cut short
    [InlineData("AQAAAAIACSfAAAAAEA==")] // a header and nothing after it
    [InlineData("AgAAAAIACSfAAAAAEOCg9OTXZ6yAgSa3UHOKMsBOfE/f9x+P71IRGIRL8l7y6uVfIuBoopbcUKV0m/dPcQ==")] // unknown version marker
    [InlineData("AQAAAAMACSfAAAAAEOCg9OTXZ6yAgSa3UHOKMsBOfE/f9x+P71IRGIRL8l7y6uVfIuBoopbcUKV0m/dPcQ==")] // unknown PRF
    [InlineData("AQAAAAIACSfAAAAAMOCg9OTXZ6yAgSa3UHOKMsBOfE/f9x+P71IRGIRL8l7y6uVfIuBoopbcUKV0m/dPcQ==")] // salt longer than the rest
    [InlineData("AQAAAAKAAAAAAAAAEOCg9OTXZ6yAgSa3UHOKMsBOfE/f9x+P71IRGIRL8l7y6uVfIuBoopbcUKV0m/dPcQ==")] // iterations beyond int
    public void Identity_MalformedHeader_IsRefused(string text) => Assert.False(PasswordHash.TryParse(text, out _));
}
