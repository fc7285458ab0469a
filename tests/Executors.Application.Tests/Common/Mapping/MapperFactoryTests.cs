using AutoMapper.Internal;
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
        var typeMap = configuration.Internal().FindTypeMapFor<Executor, ExecutorDetailResponse>();

        // Assert
        Assert.NotNull(typeMap);
    }
}
