using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Infrastructure;

namespace Executors.Api.Errors;

/// <summary>
/// A body MVC could not read (malformed JSON, a wrong type, a missing body) as the same problem details as every
/// other 400: with a <c>detail</c> that names the fields, which Hummingbot clients read. The messages are MVC's own
/// (positions in the JSON, never exception text).
/// </summary>
internal static class BadRequestResponse
{
    public static IActionResult FromModelState(ActionContext context)
    {
        var factory = context.HttpContext.RequestServices.GetRequiredService<ProblemDetailsFactory>();
        var problem = factory.CreateValidationProblemDetails(context.HttpContext, context.ModelState, StatusCodes.Status400BadRequest);
        problem.Detail = "The request body could not be read: " + string.Join(" ", problem.Errors.Select(pair => $"{pair.Key}: {string.Join(" ", pair.Value)}"));
        return new BadRequestObjectResult(problem) { ContentTypes = { "application/problem+json" } };
    }
}
