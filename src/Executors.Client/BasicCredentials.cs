using System.Net.Http.Headers;
using System.Text;

namespace Executors.Client;

/// <summary>RFC 7617 HTTP Basic: <c>Basic base64(UTF-8(user-id ":" password))</c>.</summary>
public static class BasicCredentials
{
    /// <summary>The <c>Authorization</c> header value for these credentials.</summary>
    /// <exception cref="ArgumentException">The user name is empty or contains <c>':'</c>, or either part holds a control character.</exception>
    public static AuthenticationHeaderValue HeaderValue(string userName, string password)
    {
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(password);
        if (userName.Length == 0 || userName.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException("The user name must be non-empty and must not contain ':' (RFC 7617).", nameof(userName));
        }

        if (userName.Any(char.IsControl) || password.Any(char.IsControl))
        {
            throw new ArgumentException("Basic credentials must not contain control characters (RFC 7617).");
        }

        return new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(userName + ":" + password)));
    }
}
