using Executors.Domain.Executors;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Executors.Infrastructure.Persistence.Repositories;

/// <summary>
/// What a list reads of each executor row: every column the EF model maps, so that a new field needs no change to the
/// search. A lean list reads the two JSON documents (<c>config</c> and <c>custom_info</c>) as NULL.
/// </summary>
/// <remarks>
/// Those two are ~1.5 KB per executor on the load seed, most of each row: reading them for a page of 50 costs about as
/// much PostgreSQL CPU (jsonb to text) and API CPU (the strings) as the rest of the search together (ADR 11), which is
/// what a lean page saves.
/// </remarks>
internal static class ExecutorListColumns
{
    /// <summary>The columns a lean list leaves out.</summary>
    public static IReadOnlySet<string> Documents { get; } = new HashSet<string>(StringComparer.Ordinal) { "config", "custom_info" };

    private static string? _full;
    private static string? _lean;

    /// <summary>
    /// <c>e.column, …</c> for the executors table of <paramref name="model"/>; when <paramref name="lean"/>,
    /// <c>NULL AS config, …</c> for the documents.
    /// </summary>
    public static string Of(IModel model, bool lean)
    {
        ArgumentNullException.ThrowIfNull(model);
        // The model is the same for the life of the process; a race builds a list twice alike.
        return lean ? _lean ??= Build(model, lean: true) : _full ??= Build(model, lean: false);
    }

    private static string Build(IModel model, bool lean)
    {
        var entity = model.FindEntityType(typeof(Executor))
            ?? throw new InvalidOperationException("The model maps no executors.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var own = entity.GetProperties()
            .Select(property => property.GetColumnName(table))
            .OfType<string>()
            .Select(column => lean && Documents.Contains(column) ? $"NULL AS {column}" : $"e.{column}");

        // A complex property's columns (the executor's state) are read from a raw statement under their default names
        // (State_Status…), not the configured ones (dotnet/efcore#34818): each is selected under that name.
        var state = entity.GetComplexProperties()
            .SelectMany(complex => complex.ComplexType.GetProperties())
            .Select(property => (Column: property.GetColumnName(table), Alias: property.GetDefaultColumnName(table)))
            .Where(names => names.Column is not null)
            .Select(names => lean && Documents.Contains(names.Column!) ? $"NULL AS \"{names.Alias}\"" : $"e.{names.Column} AS \"{names.Alias}\"");
        return string.Join(", ", own.Concat(state));
    }
}
