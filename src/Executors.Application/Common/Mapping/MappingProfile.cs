using System.Reflection;
using AutoMapper;
using AutoMapper.Configuration;

namespace Executors.Application.Common.Mapping;

/// <summary>
/// Base of every AutoMapper profile of the service. AutoMapper 8 collects System.Linq's extension methods to resolve
/// LINQ-style source members; .NET 10 added generic ones with constraints that AutoMapper 8 violates when it closes
/// them over our types, so <c>new MapperConfiguration(...)</c> throws as soon as it has to resolve a member on its own
/// (e.g. a string source member with no explicit map). Today's profile maps every such member explicitly, so it would
/// survive without this; the next profile might not. We never map through LINQ extension methods, so each profile (and
/// the root configuration, see <see cref="MapperFactory"/>) drops that list.
/// </summary>
public abstract class MappingProfile : Profile
{
    protected MappingProfile()
    {
        ClearSourceExtensionMethods(this);
    }

    internal static void ClearSourceExtensionMethods(IProfileConfiguration profile) =>
        ((List<MethodInfo>)profile.SourceExtensionMethods).Clear();
}
