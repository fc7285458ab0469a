using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Options;

namespace Executors.Api.Errors;

/// <summary>
/// A request MVC could not read (malformed JSON, a value of the wrong type, a field the request does not have, a
/// missing body, a query value that is not a number) as the same problem details as every other 400: each error under
/// the field's wire name (<c>status</c>, <c>entries[0].level</c>, <c>limit</c>), with a <c>detail</c> naming them all —
/// Hummingbot clients read it. MVC's own keys are internal (the action's parameter names, JSON paths such as
/// <c>$.status</c>, the parser's messages): none of them reaches the client.
/// </summary>
internal static class BadRequestResponse
{
    /// <summary>The key of errors about the body as a whole (missing, not JSON at all).</summary>
    public const string BodyKey = "request_body";

    public static IActionResult FromModelState(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var bodyParameters = context.ActionDescriptor.Parameters
            .Where(parameter => parameter.BindingInfo?.BindingSource == BindingSource.Body)
            .ToDictionary(parameter => parameter.Name, parameter => parameter.ParameterType, StringComparer.Ordinal);
        var bodyType = bodyParameters.Values.FirstOrDefault();
        var serializer = context.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.JsonSerializerOptions;

        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var bodyMissing = false;
        foreach (var (key, entry) in context.ModelState)
        {
            if (entry.Errors.Count == 0)
            {
                continue;
            }

            if (bodyParameters.ContainsKey(key) || key.Length == 0)
            {
                // "The state field is required." / "A non-empty request body is required.": the body as a whole did not
                // bind. Said once, and only when nothing more precise is known.
                bodyMissing = true;
                continue;
            }

            if (key == "$" || key.StartsWith("$.", StringComparison.Ordinal) || key.StartsWith("$[", StringComparison.Ordinal))
            {
                var (field, message) = DescribeJsonError(key, bodyType, serializer);
                Add(errors, field, message);
                continue;
            }

            // Query and route values: MVC's key is the wire name given in [FromQuery(Name = …)].
            foreach (var error in entry.Errors)
            {
                Add(errors, key, string.IsNullOrEmpty(error.ErrorMessage) ? $"{key} is not valid." : error.ErrorMessage);
            }
        }

        if (bodyMissing && errors.Count == 0)
        {
            Add(errors, BodyKey, "A JSON request body is required.");
        }

        var factory = context.HttpContext.RequestServices.GetRequiredService<ProblemDetailsFactory>();
        var problem = factory.CreateValidationProblemDetails(context.HttpContext, new ModelStateDictionary(), StatusCodes.Status400BadRequest);
        foreach (var (field, messages) in errors)
        {
            problem.Errors[field] = [.. messages];
        }

        problem.Detail = "The request could not be read: " + string.Join(" ", errors.Values.SelectMany(messages => messages));
        return new BadRequestObjectResult(problem) { ContentTypes = { "application/problem+json" } };
    }

    /// <summary>
    /// The wire name of the field a JSON path points at (<c>$.entries[0].level</c> → <c>entries[0].level</c>) and what is
    /// wrong with it: a name the request type does not have is an unknown field; a known one holds a value of the wrong
    /// type, or the JSON breaks off there. Decided from the request type's JSON contract, never from parser messages.
    /// </summary>
    private static (string Field, string Message) DescribeJsonError(string path, Type? bodyType, JsonSerializerOptions serializer)
    {
        if (path == "$")
        {
            return (BodyKey, "The request body is not a JSON object of the expected shape.");
        }

        var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path[1..];
        var known = bodyType is not null && IsKnownPath(field, bodyType, serializer);
        return known
            ? (field, $"{field} is not valid here: a value of the wrong type, or the JSON is malformed at this point.")
            : (field, $"{field} is not a field of this request.");
    }

    /// <summary>Whether every property named along <paramref name="path"/> exists in the JSON contract from <paramref name="type"/>.</summary>
    private static bool IsKnownPath(string path, Type type, JsonSerializerOptions serializer)
    {
        var current = type;
        foreach (var segment in path.Split('.'))
        {
            var bracket = segment.IndexOf('[', StringComparison.Ordinal);
            var name = bracket < 0 ? segment : segment[..bracket];
            if (name.Length > 0)
            {
                var info = serializer.GetTypeInfo(current);
                if (info.Kind == JsonTypeInfoKind.None)
                {
                    return true; // inside a free-form value (config, custom_info): any name may be there
                }

                var property = info.Kind == JsonTypeInfoKind.Object
                    ? info.Properties.FirstOrDefault(candidate => string.Equals(candidate.Name, name, StringComparison.Ordinal))
                    : null;
                if (property is null)
                {
                    return false;
                }

                current = property.PropertyType;
            }

            // Each [n] steps into the element type of a list.
            for (var i = bracket; i >= 0 && i < segment.Length; i = segment.IndexOf('[', i + 1))
            {
                var info = serializer.GetTypeInfo(current);
                if (info.ElementType is null)
                {
                    return false;
                }

                current = info.ElementType;
            }
        }

        return true;
    }

    private static void Add(Dictionary<string, List<string>> errors, string field, string message)
    {
        if (!errors.TryGetValue(field, out var messages))
        {
            errors[field] = messages = [];
        }

        if (!messages.Contains(message, StringComparer.Ordinal))
        {
            messages.Add(message);
        }
    }
}
