namespace Executors.Domain.Tests;

public sealed class Smoke
{
    [Fact]
    public void Vocabulary_Status_SpelledAsHummingbot() =>
        Assert.Equal("NOT_STARTED", Executors.Vocabulary.ToCode(Executors.ExecutorStatus.NotStarted));
}
