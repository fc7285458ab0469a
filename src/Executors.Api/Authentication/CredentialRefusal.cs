namespace Executors.Api.Authentication;

/// <summary>Why a credential check did not produce a user, which decides the status answered.</summary>
internal enum CredentialRefusal
{
    None,

    /// <summary>Malformed or wrong credentials: 401.</summary>
    Invalid,

    /// <summary>Too many failures for the address, the pair or the name: 429.</summary>
    Throttled,

    /// <summary>Too many password checks running and waiting: 503.</summary>
    Busy,
}
