using System.Text;
using Executors.Api.Authentication;

namespace Executors.Api.Tests.Authentication;

/// <summary>Which spellings of a Basic header decode (RFC 7235 §2.1, RFC 7617 §2), and which are malformed.</summary>
public sealed class CredentialDecodingTests
{
    private const string Token = "cmVhZGVyOnJlYWRlci1wYXNzd29yZA=="; // reader:reader-password

    [Theory]
    [InlineData("Basic " + Token)]
    [InlineData("basic " + Token)]
    [InlineData("BASIC " + Token)]
    [InlineData("Basic    " + Token)]
    [InlineData("  Basic " + Token + " \t")]
    public void TryDecode_SpellingsTheRfcsAllow_GiveTheSameCredentials(string header)
    {
        // Act
        var decoded = BasicCredentials.TryDecode(header, out var userName, out var password);

        // Assert
        Assert.True(decoded);
        Assert.Equal("reader", userName);
        Assert.Equal("reader-password", Encoding.UTF8.GetString(password));
    }

    [Theory]
    [InlineData("Basic cmVhZGVy OnJlYWRlci1wYXNzd29yZA==")] // space inside the token
    [InlineData("Basic cmVhZGVy\tOnJlYWRlci1wYXNzd29yZA==")] // tab inside the token
    [InlineData("Basic\t" + Token)] // RFC 7235: one or more SP after the scheme, not a tab
    [InlineData("Basic cmVhZGVyOnJlYWRlci1wYXNzd29yZA")] // padding missing
    [InlineData("Basic cmVhZGVyOnJlYWRlci1wYXNzd29yZA===")] // padding too long
    [InlineData("Basic cmVhZGVy=OnJlYWRlci1wYXNzd29yZA=")] // padding in the middle
    [InlineData("Basic cmVhZGVyOnJlYWRlci1wYXNzd29yZA-=")] // base64url is not base64
    [InlineData("Basic " + Token + " extra")]
    [InlineData("Basic")]
    [InlineData("Basic ")]
    [InlineData("Bearer " + Token)]
    [InlineData("Basic/1 " + Token)]
    public void TryDecode_OtherSpellings_AreMalformed(string header)
    {
        // Act
        var decoded = BasicCredentials.TryDecode(header, out _, out _);

        // Assert
        Assert.False(decoded);
    }

    [Theory]
    [InlineData(new byte[] { (byte)'r', (byte)':', 0xFF })] // password not UTF-8
    [InlineData(new byte[] { 0xC3, (byte)':', (byte)'p' })] // user id not UTF-8
    [InlineData(new byte[] { (byte)'r', (byte)':', (byte)'p', 0x7F })] // DEL, a control character
    [InlineData(new byte[] { (byte)'r', (byte)0x01, (byte)':', (byte)'p' })]
    [InlineData(new byte[] { (byte)':', (byte)'p' })] // empty user id
    public void TryDecode_DecodedBytesNotAllowed_AreMalformed(byte[] credentials)
    {
        // Act
        var decoded = BasicCredentials.TryDecode("Basic " + Convert.ToBase64String(credentials), out _, out _);

        // Assert
        Assert.False(decoded);
    }
}
