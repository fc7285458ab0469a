using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Executors.Api.Tests.Infrastructure;

/// <summary>
/// Everything a page reports that says its Content-Security-Policy got in the way: Chromium's console messages about
/// the policy ("Refused to execute inline script because it violates …"), <c>securitypolicyviolation</c> events, and
/// uncaught script errors (a blocked script usually shows up as a later "X is not defined").
/// </summary>
internal sealed class PolicyProblems
{
    // Registered through the DevTools protocol, so it runs in every document whatever the page's policy says.
    private const string RecordViolations = """
        window.__policyViolations = [];
        document.addEventListener('securitypolicyviolation', e =>
            window.__policyViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`));
        """;

    private readonly IPage _page;
    private readonly ConcurrentQueue<string> _reported = new();

    private PolicyProblems(IPage page) => _page = page;

    /// <summary>Starts watching; call before the page's first navigation.</summary>
    public static async Task<PolicyProblems> WatchAsync(IPage page, Func<string, bool>? expectedPageError = null)
    {
        var problems = new PolicyProblems(page);
        await page.AddInitScriptAsync(RecordViolations);
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) ||
                message.Text.Contains("Content-Security-Policy", StringComparison.OrdinalIgnoreCase))
            {
                problems._reported.Enqueue($"console {message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) =>
        {
            if (expectedPageError?.Invoke(error) != true)
            {
                problems._reported.Enqueue($"page error: {error}");
            }
        };
        return problems;
    }

    /// <summary>Fails, listing every one in full, unless nothing was reported.</summary>
    public async Task AssertNoneAsync()
    {
        var problems = await CollectAsync();
        Assert.True(problems.Count == 0, "The page reported problems under its policy:\n" + string.Join("\n", problems));
    }

    /// <summary>What was reported so far, with the violations the current document recorded.</summary>
    public async Task<IReadOnlyList<string>> CollectAsync()
    {
        var recorded = await _page.EvaluateAsync<string[]>("() => window.__policyViolations ?? []");
        return [.. _reported, .. recorded.Select(violation => "securitypolicyviolation: " + violation)];
    }
}
