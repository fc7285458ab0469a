using Executors.Api.Errors;
using Executors.Infrastructure.Persistence.Replicas;

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
            var consistency = context.RequestServices.GetRequiredService<ReadConsistency>();
            if (context.Request.Headers.TryGetValue(ReadConsistency.HeaderName, out var presented))
            {
                if (presented.Count != 1 || !ReadConsistency.TryParse(presented[0], out var position))
                {
                    await ProblemResponses.WriteAsync(
                        context,
                        StatusCodes.Status400BadRequest,
                        "Bad Request",
                        $"The {ReadConsistency.HeaderName} header must be one WAL position as a write's answer gives it (two hexadecimal numbers separated by '/', e.g. 16/B374D848).");
                    return;
                }

                consistency.Presented = position;
            }

            context.Response.OnStarting(() =>
            {
                if (consistency.Committed is { } committed)
                {
                    context.Response.Headers[ReadConsistency.HeaderName] = committed.ToString();
                }

                return Task.CompletedTask;
            });
            await next(context);
        });
}
