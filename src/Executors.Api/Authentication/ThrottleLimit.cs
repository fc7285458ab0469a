namespace Executors.Api.Authentication;

/// <summary>Which failure limit refused a sign-in (logged, so an operator sees what was hit).</summary>
internal enum ThrottleLimit
{
    None,
    Address,
    AddressAndUser,
    UserName,
}
