using System.Buffers;
using System.Text;
using System.Text.Json;
using Executors.Domain.Common;
using Executors.Domain.Executors;

namespace Executors.Application.Executors.Queries;

/// <summary>
/// What a read shows of an executor's <c>custom_info</c>: all of it but the heavy members the original service leaves out
/// of every answer — <c>fill_events</c> for every type, and for grid executors also <c>levels_by_state</c>,
/// <c>filled_orders</c>, <c>failed_orders</c> and <c>canceled_orders</c> (lists that grow with every order). They stay
/// stored; only the answer leaves them out. Only top-level members are left out, as there.
/// </summary>
internal static class CustomInfoOnRead
{
    private static readonly string[] Always = ["fill_events"];
    private static readonly string[] Grid = ["fill_events", "levels_by_state", "filled_orders", "failed_orders", "canceled_orders"];

    // The members' names as JSON writes them, quoted: one pass over the text finds whether any is there (every row of a
    // search page goes through here, so no string is built and the text is read once).
    private static readonly SearchValues<string> AlwaysQuoted = Quoted(Always);
    private static readonly SearchValues<string> GridQuoted = Quoted(Grid);

    /// <summary>
    /// The JSON text of <paramref name="customInfo"/> as reads show it. A document that names none of the heavy members
    /// (almost all) is passed on as stored, without being parsed.
    /// </summary>
    public static string? Of(JsonObjectValue? customInfo, string? executorType)
    {
        if (customInfo is null)
        {
            return null;
        }

        var grid = string.Equals(executorType, ExecutorTypes.Grid, StringComparison.Ordinal);
        var json = customInfo.Json;
        if (!json.AsSpan().ContainsAny(grid ? GridQuoted : AlwaysQuoted))
        {
            return json;
        }

        var heavy = grid ? Grid : Always;
        using var document = JsonDocument.Parse(json);
        using var buffer = new MemoryStream(json.Length);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var member in document.RootElement.EnumerateObject())
            {
                if (!heavy.Contains(member.Name, StringComparer.Ordinal))
                {
                    member.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static SearchValues<string> Quoted(string[] names) =>
        SearchValues.Create([.. names.Select(name => $"\"{name}\"")], StringComparison.Ordinal);
}
