using Executors.Api.Errors;
using Executors.Application.Common.Persistence;

namespace Executors.Api.Replicas;

/// <summary>
/// <c>X-Executors-Lsn</c> (docs/deployment.md): a write's answer carries the WAL position of its commit when reads go to
/// standbys; a request that presents one reads nothing older. A value that is not a WAL position (<c>16/B374D848</c>)
/// is a 400 naming the header. After authentication and authorization, so that a stranger learns nothing from it.
/// </summary>
internal static class ReadYourWrites
{
    public static IApplicationBuilder UseReadYourWrites(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var consistency = context.RequestServices.GetRequiredService<IReadConsistency>();
            if (context.Request.Headers.TryGetValue(IReadConsistency.HeaderName, out var presented))
            {
                if (presented.Count != 1 || !consistency.TryPresent(presented[0]))
                {
                    await ProblemResponses.WriteAsync(
                        context,
                        StatusCodes.Status400BadRequest,
                        "Bad Request",
                        $"The {IReadConsistency.HeaderName} header must be one WAL position as a write's answer gives it (two hexadecimal numbers separated by '/', e.g. 16/B374D848).");
                    return;
                }
            }

            context.Response.OnStarting(() =>
            {
                if (consistency.Committed is { } committed)
                {
                    context.Response.Headers[IReadConsistency.HeaderName] = committed;
                }

                return Task.CompletedTask;
            });
            await next(context);
        });
}
