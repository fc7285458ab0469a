using Executors.Domain.Executors;
using Microsoft.Extensions.Options;

namespace Executors.Api.Authentication;

/// <summary>
/// Refuses to start on a user list that cannot work: outside Development there must be users, and every user needs a
/// name without ':' (RFC 7617), a well-formed password hash (<see cref="PasswordHash"/>) of at least <see cref="PasswordPolicy.MinimumIterations"/>
/// iterations and the accounts it may see. Messages never echo a hash. The same checks decide whether a reloaded user
/// list is taken (<see cref="ConfiguredUsers"/>).
/// </summary>
internal sealed class BasicAuthenticationOptionsValidator : IValidateOptions<BasicAuthenticationOptions>
{
    private readonly IHostEnvironment _environment;
    private readonly PasswordPolicy _policy;

    public BasicAuthenticationOptionsValidator(IHostEnvironment environment, PasswordPolicy policy)
    {
        _environment = environment;
        _policy = policy;
    }

    public ValidateOptionsResult Validate(string? name, BasicAuthenticationOptions options)
    {
        var failures = new List<string>();
        if (options.Users.Count == 0 && !_environment.IsDevelopment())
        {
            failures.Add(
                $"No users are configured (Authentication:Users) in the {_environment.EnvironmentName} environment. " +
                $"Add at least one user with a hash from {HashPasswordCommand.HowToRun}.");
        }

        for (var i = 0; i < options.Users.Count; i++)
        {
            var user = options.Users[i];
            if (string.IsNullOrWhiteSpace(user.UserName) || user.UserName.Contains(':', StringComparison.Ordinal))
            {
                failures.Add($"Authentication:Users:{i}:UserName must be non-empty and contain no ':'.");
            }

            foreach (var role in user.Roles.Where(role => !ExecutorRoles.All.Contains(role)))
            {
                failures.Add($"Authentication:Users:{i}:Roles has '{role}'; the roles are: {string.Join(", ", ExecutorRoles.All)}.");
            }

            if (user.Accounts.Count == 0)
            {
                failures.Add(
                    $"Authentication:Users:{i}:Accounts is empty for user '{user.UserName}': list the accounts whose executors " +
                    $"the user may see, or \"{AccountScope.Wildcard}\" for every account.");
            }
            else if (user.Accounts.Any(string.IsNullOrWhiteSpace))
            {
                failures.Add($"Authentication:Users:{i}:Accounts has an empty account name.");
            }
            else if (user.Accounts.Count > 1 && user.Accounts.Contains(AccountScope.Wildcard, StringComparer.Ordinal))
            {
                failures.Add(
                    $"Authentication:Users:{i}:Accounts mixes \"{AccountScope.Wildcard}\" (every account) with account names; give one or the other.");
            }

            if (!PasswordHash.TryParse(user.PasswordHash, out var hash))
            {
                failures.Add(
                    $"Authentication:Users:{i}:PasswordHash is not a password hash this API accepts (ASP.NET Core Identity's, " +
                    $"PBKDF2 with HMAC-SHA256 or HMAC-SHA512, or the legacy {PasswordHash.LegacyPrefix}$ format); make one with {HashPasswordCommand.HowToRun}.");
            }
            else if (hash!.Iterations < _policy.MinimumIterations)
            {
                failures.Add(
                    $"Authentication:Users:{i}:PasswordHash of user '{user.UserName}' uses {hash.Iterations} PBKDF2 iterations; at least " +
                    $"{_policy.MinimumIterations} are required. Make a new hash with {HashPasswordCommand.HowToRun}.");
            }
        }

        foreach (var duplicate in options.Users.GroupBy(user => user.UserName, StringComparer.Ordinal).Where(group => group.Count() > 1))
        {
            failures.Add($"User '{duplicate.Key}' is configured more than once.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
