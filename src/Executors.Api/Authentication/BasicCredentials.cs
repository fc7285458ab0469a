using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Executors.Api.Authentication;

/// <summary>
/// Reads <c>Authorization: Basic base64(user-id ":" password)</c> strictly (RFC 7235 §2.1, RFC 7617 §2): the scheme in
/// any case, one or more spaces after it, surrounding whitespace ignored, and then exactly one canonical base64 token —
/// alphabet characters, padding only at the end, a length that is a multiple of four. Anything else (whitespace inside
/// the token, missing or extra padding, bytes that are not UTF-8, control characters, no colon, an empty user id) is
/// malformed. So every spelling the RFCs allow decodes to the same credentials, and no other spelling decodes at all:
/// a client cannot make the verifier see "new" credentials by re-spelling a header it was already trusted for.
/// </summary>
internal static class BasicCredentials
{
    private const string Scheme = "Basic";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Splits the header; the user id ends at the first colon, the password (UTF-8 bytes) may contain colons.</summary>
    public static bool TryDecode(string authorization, out string userName, out byte[] password)
    {
        userName = string.Empty;
        password = [];

        var value = authorization.AsSpan().Trim(" \t");
        if (value.Length <= Scheme.Length
            || !value.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
            || value[Scheme.Length] != ' ')
        {
            return false;
        }

        var token = value[Scheme.Length..].TrimStart(' ');
        if (!IsCanonicalBase64(token))
        {
            return false;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(token.Length / 4 * 3);
        try
        {
            if (!Convert.TryFromBase64Chars(token, buffer, out var length))
            {
                return false;
            }

            var decoded = buffer.AsSpan(0, length);
            var colon = decoded.IndexOf((byte)':');
            if (colon <= 0)
            {
                return false; // no colon, or an empty user id
            }

            var passwordBytes = decoded[(colon + 1)..];
            var name = StrictUtf8.GetString(decoded[..colon]);
            _ = StrictUtf8.GetCharCount(passwordBytes); // rejects a password that is not UTF-8
            if (name.Any(char.IsControl) || passwordBytes.ContainsAnyInRange((byte)0, (byte)31) || passwordBytes.Contains((byte)127))
            {
                return false; // RFC 7617: no control characters in either part
            }

            userName = name;
            password = passwordBytes.ToArray();
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Base64 alphabet only, '=' only as the last one or two characters, length a multiple of 4.</summary>
    private static bool IsCanonicalBase64(ReadOnlySpan<char> token)
    {
        if (token.Length == 0 || token.Length % 4 != 0)
        {
            return false;
        }

        var body = token.TrimEnd('=');
        if (token.Length - body.Length > 2)
        {
            return false;
        }

        foreach (var c in body)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '+' && c != '/')
            {
                return false;
            }
        }

        return true;
    }
}
