using System.Globalization;
using System.Text;

namespace Executors.Api.Authentication;

/// <summary>
/// <c>scripts/hash-password.sh [--iterations N]</c> (or <c>dotnet Executors.Api.dll hash-password</c> in the published
/// app's folder): reads a password (twice, without
/// echo, at a terminal; one line when piped) and prints the hash to put in <c>Authentication:Users:N:PasswordHash</c>,
/// in ASP.NET Core Identity's format (PBKDF2 with HMAC-SHA512; N iterations, by default the policy's minimum). The password is never taken from the command line, where other users of the machine could read it.
/// </summary>
internal static class HashPasswordCommand
{
    public const string Name = "hash-password";

    /// <summary>How to run this command, for messages: from a clone, or beside the published app. Both print only the hash.</summary>
    public const string HowToRun = "'scripts/hash-password.sh' (from a clone) or 'dotnet Executors.Api.dll hash-password' (in the published app's folder)";

    public static int Run(IReadOnlyList<string> args, TextReader input, TextWriter output, TextWriter error, bool interactive)
    {
        var iterations = PasswordHash.DefaultIterations;
        if (args is ["--iterations", var text]
            && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out iterations) || iterations < PasswordPolicy.OwaspMinimumIterations))
        {
            // The API refuses to start on a hash below the policy's minimum: never print one.
            error.WriteLine($"--iterations takes a whole number of at least {PasswordPolicy.OwaspMinimumIterations}.");
            return 2;
        }
        else if (args.Count > 0 && args is not ["--iterations", _])
        {
            error.WriteLine($"usage: {Name} [--iterations N]   (the password is read from standard input)");
            return 2;
        }

        string? password;
        if (interactive)
        {
            password = ReadHidden(error, "Password: ");
            if (password != ReadHidden(error, "Again: "))
            {
                error.WriteLine("The passwords differ.");
                return 1;
            }
        }
        else
        {
            password = input.ReadLine();
        }

        if (string.IsNullOrEmpty(password))
        {
            error.WriteLine("An empty password is not allowed.");
            return 1;
        }

        output.WriteLine(PasswordHash.Create(password, iterations));
        return 0;
    }

    private static string ReadHidden(TextWriter prompt, string label)
    {
        prompt.Write(label);
        var builder = new StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                if (builder.Length > 0)
                {
                    builder.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                builder.Append(key.KeyChar);
            }
        }

        prompt.WriteLine();
        return builder.ToString();
    }
}
