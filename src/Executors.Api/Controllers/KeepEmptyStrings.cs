using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace Executors.Api.Controllers;

/// <summary>
/// Binds an empty query or header value as the empty string, not as null. MVC's default turns <c>?controller_id=</c> into
/// "no filter" (every controller); kept empty, it reaches the validators, which name it in a 400 like any other bad name.
/// </summary>
internal sealed class KeepEmptyStrings : IDisplayMetadataProvider
{
    public void CreateDisplayMetadata(DisplayMetadataProviderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Key.ModelType == typeof(string))
        {
            context.DisplayMetadata.ConvertEmptyStringToNull = false;
        }
    }
}
