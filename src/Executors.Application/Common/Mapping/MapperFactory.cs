using AutoMapper;

namespace Executors.Application.Common.Mapping;

/// <summary>Builds the service's one AutoMapper configuration from every profile of this assembly.</summary>
internal static class MapperFactory
{
    public static MapperConfiguration CreateConfiguration() =>
        new(configuration => configuration.AddMaps(typeof(MapperFactory).Assembly));
}
