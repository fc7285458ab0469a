using Executors.Domain.Executors;
using Microsoft.AspNetCore.Routing.Matching;

namespace Executors.Api.Controllers;

/// <summary>
/// <c>{executor_id:executorId}</c>: a path segment that is not one of the executor routes' literal segments
/// (<see cref="ExecutorIds.Reserved"/>). Routing prefers a literal segment only among routes that allow the method, so
/// without this <c>GET /executors/search</c> (a POST route) or <c>GET /executors/positions</c> would reach the id
/// route and answer "Executor 'search' was not found."; with it they answer 405 and a plain 404 naming the route.
/// Everything else about the id is the validator's (a 400 naming it).
/// </summary>
/// <remarks>
/// As a literal-node policy the id route is left out of the literal segments' branches when routing's tree is built,
/// so the method check sees only the literal routes there: a GET on the POST-only <c>search</c> is a 405. As a plain
/// constraint it would be checked only after the method, and the same request would be a 404.
/// </remarks>
internal sealed class ExecutorIdRouteConstraint : IRouteConstraint, IParameterLiteralNodeMatchingPolicy
{
    public const string Name = "executorId";

    public bool MatchesLiteral(string parameterName, string literal) => !ExecutorIds.IsReserved(literal);

    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection)
    {
        ArgumentNullException.ThrowIfNull(values);
        return values.TryGetValue(routeKey, out var value)
            && Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) is { } segment
            && !ExecutorIds.IsReserved(segment);
    }
}
