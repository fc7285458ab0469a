using AutoMapper;
using AutoMapper.Configuration;

namespace Executors.Application.Common.Mapping;

/// <summary>Builds the service's one <see cref="IMapper"/> from every profile of this assembly.</summary>
public static class MapperFactory
{
    public static MapperConfiguration CreateConfiguration() =>
        new(configuration =>
        {
            MappingProfile.ClearSourceExtensionMethods((IProfileConfiguration)configuration);
            configuration.AddProfiles(typeof(MapperFactory).Assembly);
        });
}
