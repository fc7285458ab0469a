using System.Text;

namespace Executors.Domain.Executors.Configs;

/// <summary>
/// A Python <c>Enum</c> used by a configuration. <see cref="Values"/> are the spellings configurations travel in:
/// the value for enums of strings, the member name for Hummingbot's enums of integers (<c>TradeType.BUY = 1</c> travels as
/// <c>"BUY"</c>: hummingbot-api writes an enum by name and its clients send names); pydantic's own input, the integer, is
/// accepted too (<see cref="IntegerValues"/>).
/// </summary>
/// <param name="Name">The class name, e.g. <c>TradeType</c>.</param>
/// <param name="Values">The accepted spellings, in declaration order.</param>
/// <param name="IntegerValues">For an enum of integers, the integer of each member (same order); otherwise empty.</param>
public sealed record ConfigEnumeration(string Name, IReadOnlyList<string> Values, IReadOnlyList<int> IntegerValues)
{
    /// <summary>An enum whose members' values are their names (DCAMode, PositionAction…).</summary>
    public static ConfigEnumeration OfStrings(string name, params string[] values) => new(name, values, []);

    /// <summary>An enum of integers numbered from 1 in declaration order (TradeType, OrderType).</summary>
    public static ConfigEnumeration OfIntegers(string name, params string[] names) =>
        new(name, names, [.. Enumerable.Range(1, names.Length)]);

    /// <summary>Whether <paramref name="text"/> is one of the spellings.</summary>
    public bool Accepts(string text) => Values.Contains(text, StringComparer.Ordinal);

    /// <summary>Whether <paramref name="number"/> is one of the integers (enums of integers only).</summary>
    public bool Accepts(decimal number) => IntegerValues.Any(value => value == number);
}

/// <summary>
/// A pydantic model: an executor's configuration or a model nested in one (TripleBarrierConfig, ConnectorPair…).
/// </summary>
/// <param name="Name">The class name, e.g. <c>PositionExecutorConfig</c>.</param>
/// <param name="Docstring">The class docstring (cleaned as Python's <c>inspect.cleandoc</c> does), or null when it has none.</param>
/// <param name="Fields">The fields, in declaration order (inherited ones first, as pydantic orders them).</param>
public sealed record ConfigModel(string Name, string? Docstring, IReadOnlyList<ConfigField> Fields)
{
    /// <summary>What pydantic's schema calls the model: its docstring, else its name.</summary>
    public string Description => Docstring ?? Name;
}

/// <summary>One field of a model.</summary>
/// <param name="Name">The field's name in the JSON object.</param>
/// <param name="Type">What its value is.</param>
/// <param name="Default">
/// Its default as pydantic writes it in a JSON schema (<c>"null"</c>, <c>"1"</c>, <c>"\"0.0005\""</c>…: JSON text), or
/// null when it has none — a field without a default is required.
/// </param>
/// <param name="Nullable">Whether JSON null is accepted (<c>Optional[…]</c>, and fields Hummingbot fills itself when null).</param>
/// <param name="Description">A <c>Field(description=…)</c>, if the model gives one.</param>
public sealed record ConfigField(string Name, ConfigType Type, string? Default = null, bool Nullable = false, string? Description = null)
{
    /// <summary>A field without a default must be given.</summary>
    public bool Required => Default is null;

    /// <summary>The title pydantic derives from the name: <c>trading_pair</c> → <c>Trading Pair</c> (Python's str.title()).</summary>
    public string Title
    {
        get
        {
            var title = new StringBuilder(Name.Length);
            var startOfWord = true;
            foreach (var c in Name)
            {
                if (char.IsLetter(c))
                {
                    title.Append(startOfWord ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
                    startOfWord = false;
                }
                else
                {
                    title.Append(c == '_' ? ' ' : c);
                    startOfWord = true;
                }
            }

            return title.ToString();
        }
    }
}
