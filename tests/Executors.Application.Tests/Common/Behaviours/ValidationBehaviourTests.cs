using Executors.Application.Common.Behaviours;
using Executors.Application.Common.Exceptions;
using FluentValidation;
using MediatR;

namespace Executors.Application.Tests.Common.Behaviours;

public sealed class ValidationBehaviourTests
{
    [Fact]
    public async Task Handle_NoValidators_CallsNext()
    {
        // Arrange
        var behaviour = new ValidationBehaviour<Probe, string>([]);
        var next = new CountingNext("handled");

        // Act
        var result = await behaviour.Handle(new Probe("x", 1), TestContext.Current.CancellationToken, next.Invoke);

        // Assert
        Assert.Equal("handled", result);
        Assert.Equal(1, next.Calls);
    }

    [Fact]
    public async Task Handle_ValidRequest_CallsNextOnce()
    {
        // Arrange
        var behaviour = new ValidationBehaviour<Probe, string>([new NameValidator(), new CountValidator()]);
        var next = new CountingNext("handled");

        // Act
        var result = await behaviour.Handle(new Probe("x", 1), TestContext.Current.CancellationToken, next.Invoke);

        // Assert
        Assert.Equal("handled", result);
        Assert.Equal(1, next.Calls);
    }

    [Fact]
    public async Task Handle_FailuresFromSeveralValidators_ThrowsWithAllErrorsGroupedByProperty()
    {
        // Arrange: each failure must be reported once, however many validators ran before the one that found it.
        var behaviour = new ValidationBehaviour<Probe, string>(
            [new NameValidator(), new CountValidator(), new NamePrefixValidator()]);
        var next = new CountingNext("handled");

        // Act
        var exception = await Record.ExceptionAsync(
            () => behaviour.Handle(new Probe(string.Empty, -1), TestContext.Current.CancellationToken, next.Invoke));

        // Assert
        var validation = Assert.IsType<RequestValidationException>(exception);
        Assert.Equal(["name is required.", "name must start with 'x'."], validation.Errors["name"]);
        Assert.Equal(["count must not be negative."], validation.Errors["count"]);
        Assert.Equal(2, validation.Errors.Count);
        Assert.Equal(0, next.Calls);
    }

    public sealed record Probe(string Name, int Count) : IRequest<string>;

    private sealed class NameValidator : AbstractValidator<Probe>
    {
        public NameValidator() =>
            RuleFor(probe => probe.Name).NotEmpty().WithMessage("name is required.").OverridePropertyName("name");
    }

    private sealed class NamePrefixValidator : AbstractValidator<Probe>
    {
        public NamePrefixValidator() =>
            RuleFor(probe => probe.Name)
                .Must(name => name.StartsWith('x'))
                .WithMessage("name must start with 'x'.")
                .OverridePropertyName("name");
    }

    private sealed class CountValidator : AbstractValidator<Probe>
    {
        public CountValidator() =>
            RuleFor(probe => probe.Count)
                .GreaterThanOrEqualTo(0)
                .WithMessage("count must not be negative.")
                .OverridePropertyName("count");
    }

    private sealed class CountingNext(string result)
    {
        public int Calls { get; private set; }

        public Task<string> Invoke()
        {
            Calls++;
            return Task.FromResult(result);
        }
    }
}
