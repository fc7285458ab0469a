using Executors.Application.Common.Exceptions;
using FluentValidation;
using MediatR;

namespace Executors.Application.Common.Behaviours;

/// <summary>
/// Runs every FluentValidation validator of the request before its handler; any failure becomes a
/// <see cref="RequestValidationException"/> (400) and the handler never runs.
/// </summary>
internal sealed class ValidationBehaviour<TRequest, TResponse> : IPipelineBehavior<TRequest, TResponse>
{
    private readonly IValidator<TRequest>[] _validators;

    public ValidationBehaviour(IEnumerable<IValidator<TRequest>> validators)
    {
        _validators = [.. validators];
    }

    public async Task<TResponse> Handle(
        TRequest request,
        CancellationToken cancellationToken,
        RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);

        if (_validators.Length == 0)
        {
            return await next();
        }

        Dictionary<string, List<string>>? failures = null;
        foreach (var validator in _validators)
        {
            // One context per validator: a context accumulates failures, and a result's Errors is that same list, so a
            // shared context would hand every later validator's result the earlier validators' failures again.
            var result = await validator.ValidateAsync(new ValidationContext<TRequest>(request), cancellationToken);
            foreach (var error in result.Errors)
            {
                failures ??= new Dictionary<string, List<string>>(StringComparer.Ordinal);
                if (!failures.TryGetValue(error.PropertyName, out var messages))
                {
                    failures[error.PropertyName] = messages = [];
                }

                messages.Add(error.ErrorMessage);
            }
        }

        if (failures is not null)
        {
            throw new RequestValidationException(
                failures.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal));
        }

        return await next();
    }
}
