using System.Buffers.Binary;
using System.Text;
using Executors.Api.Authentication;
using Microsoft.AspNetCore.Identity;

namespace Executors.Api.Tests.Authentication;

public sealed class HashPasswordCommandTests
{
    [Fact]
    public void Run_PasswordOnStandardInput_PrintsAnIdentityHashThatIdentitysHasherAndTheApiVerify()
    {
        // Arrange
        using var output = new StringWriter();
        using var error = new StringWriter();

        // Act
        var exitCode = HashPasswordCommand.Run(["--iterations", "700000"], new StringReader("s3cret:with colon\n"), output, error, interactive: false);

        // Assert
        Assert.Equal(0, exitCode);
        var text = output.ToString().Trim();
        Assert.Equal((1, 2u, 700_000u), Header(text)); // Identity v3, HMAC-SHA512, the iterations asked for
        Assert.DoesNotContain("s3cret", text, StringComparison.Ordinal);
        Assert.Equal(PasswordVerificationResult.Success, new PasswordHasher<object>().VerifyHashedPassword(new object(), text, "s3cret:with colon"));
        Assert.True(PasswordHash.TryParse(text, out var hash));
        Assert.Equal(PasswordHashFormat.Identity, hash!.Format);
        Assert.Equal(700_000, hash.Iterations);
        Assert.True(hash.Verify(Encoding.UTF8.GetBytes("s3cret:with colon")));
        Assert.False(hash.Verify(Encoding.UTF8.GetBytes("s3cret:with colon ")));
    }

    [Fact]
    public void Run_DefaultIterations_AreOwaspsRecommendation()
    {
        // Arrange
        using var output = new StringWriter();

        // Act
        var exitCode = HashPasswordCommand.Run([], new StringReader("pw\n"), output, TextWriter.Null, interactive: false);

        // Assert
        Assert.Equal(0, exitCode);
        Assert.Equal((1, 2u, 600_000u), Header(output.ToString().Trim()));
    }

    [Fact]
    public void Run_SamePasswordTwice_SaltsDiffer()
    {
        // Act
        var first = PasswordHash.Create("same", 1_000);
        var second = PasswordHash.Create("same", 1_000);

        // Assert
        Assert.NotEqual(first, second);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    public void Run_EmptyPassword_Fails(string input)
    {
        // Arrange
        using var output = new StringWriter();
        using var error = new StringWriter();

        // Act
        var exitCode = HashPasswordCommand.Run([], new StringReader(input), output, error, interactive: false);

        // Assert
        Assert.NotEqual(0, exitCode);
        Assert.Empty(output.ToString());
        Assert.Contains("empty", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--iterations", "10")]
    [InlineData("--iterations", "100000")]
    [InlineData("--iterations", "599999")] // below what the API accepts at start-up (PasswordPolicy)
    [InlineData("--iterations", "many")]
    [InlineData("--password", "x")]
    public void Run_BadArguments_FailsWithUsage(string option, string value)
    {
        // Arrange
        using var error = new StringWriter();

        // Act
        var exitCode = HashPasswordCommand.Run([option, value], new StringReader("pw\n"), TextWriter.Null, error, interactive: false);

        // Assert
        Assert.Equal(2, exitCode);
        Assert.NotEmpty(error.ToString());
    }

    /// <summary>Identity's version 3 header: format marker, PRF (2 = HMAC-SHA512), iteration count.</summary>
    private static (byte Marker, uint Prf, uint Iterations) Header(string hash)
    {
        var bytes = Convert.FromBase64String(hash);
        return (bytes[0], BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(1)), BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(5)));
    }
}
