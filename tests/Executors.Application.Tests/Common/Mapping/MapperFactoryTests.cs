using AutoMapper;
using Executors.Application.Common.Mapping;
using Executors.Application.Executors.Queries.GetExecutor;
using Executors.Domain.Executors;

namespace Executors.Application.Tests.Common.Mapping;

public sealed class MapperFactoryTests
{
    [Fact]
    public void CreateConfiguration_ServiceProfiles_IsValid()
    {
        // Arrange
        var configuration = MapperFactory.CreateConfiguration();

        // Act
        var exception = Record.Exception(configuration.AssertConfigurationIsValid);

        // Assert
        Assert.Null(exception);
    }

    [Fact]
    public void CreateConfiguration_ServiceProfiles_HasExecutorDetailMap()
    {
        // Arrange
        var configuration = MapperFactory.CreateConfiguration();

        // Act
        var typeMap = configuration.FindTypeMapFor<Executor, ExecutorDetailResponse>();

        // Assert
        Assert.NotNull(typeMap);
    }

    /// <summary>
    /// Pins down why <see cref="MappingProfile"/> exists: on .NET 10, AutoMapper 8 left with its default
    /// System.Linq extension methods closes <c>Enumerable.MaxFloat&lt;T&gt;</c> over <see cref="char"/> (a string
    /// member is an <c>IEnumerable&lt;char&gt;</c>) and the runtime refuses the generic constraint.
    /// </summary>
    [Fact]
    public void MapperConfiguration_WithoutClearingSourceExtensionMethods_ThrowsOnDotNet10()
    {
        // Arrange
        Action<IMapperConfigurationExpression> configure = cfg => cfg.CreateMap<Executor, ExecutorDetailResponse>();

        // Act
        var exception = Record.Exception(() => new MapperConfiguration(configure));

        // Assert
        var argumentException = Assert.IsType<ArgumentException>(exception);
        Assert.Contains("violates the constraint", argumentException.Message, StringComparison.Ordinal);
    }
}
