namespace Executors.Api.Authentication;

/// <summary>The claims the Basic handler adds besides name and roles.</summary>
public static class ExecutorClaims
{
    /// <summary>One claim per account the user may see; the value <c>*</c> stands for every account.</summary>
    public const string Account = "executors:account";
}
