namespace Executors.Domain.Executors.Configs;

/// <summary>
/// The type of one field of an executor's configuration, as a pydantic model declares it. Each kind knows the name
/// hummingbot-api's schema route gives it and which JSON values pydantic accepts for it from a JSON body.
/// </summary>
public abstract record ConfigType
{
    /// <summary><c>str</c>: a JSON string.</summary>
    public static ConfigType Text { get; } = new ScalarType(ScalarKind.Text);

    /// <summary><c>int</c>: a whole number (pydantic also takes an integral string).</summary>
    public static ConfigType WholeNumber { get; } = new ScalarType(ScalarKind.WholeNumber);

    /// <summary><c>float</c>: a number (or a numeric string).</summary>
    public static ConfigType RealNumber { get; } = new ScalarType(ScalarKind.RealNumber);

    /// <summary><c>Decimal</c>: a number or a numeric string; pydantic's schema says <c>anyOf number, string</c>.</summary>
    public static ConfigType Amount { get; } = new ScalarType(ScalarKind.Amount);

    /// <summary><c>bool</c>: true or false (pydantic also takes 0/1 and yes/no, on/off… as strings).</summary>
    public static ConfigType Truth { get; } = new ScalarType(ScalarKind.Truth);

    /// <summary><c>Map</c>: any JSON object.</summary>
    public static ConfigType Map { get; } = new ScalarType(ScalarKind.Map);

    /// <summary><c>List[item]</c>: a JSON array of <paramref name="item"/>.</summary>
    public static ConfigType ListOf(ConfigType item) => new ListType(item);
}

/// <summary>The kinds of a leaf value.</summary>
public enum ScalarKind
{
    /// <summary><c>str</c></summary>
    Text,

    /// <summary><c>int</c></summary>
    WholeNumber,

    /// <summary><c>float</c></summary>
    RealNumber,

    /// <summary><c>Decimal</c></summary>
    Amount,

    /// <summary><c>bool</c></summary>
    Truth,

    /// <summary><c>Dict</c></summary>
    Map,
}

/// <summary>A leaf value: string, number, boolean, free-form object.</summary>
public sealed record ScalarType(ScalarKind Kind) : ConfigType;

/// <summary>A JSON array whose items are all <see cref="Item"/>.</summary>
public sealed record ListType(ConfigType Item) : ConfigType;

/// <summary>A <c>Literal["…"]</c> of one value (the <c>type</c> discriminator of each config).</summary>
public sealed record LiteralType(string Value) : ConfigType;

/// <summary>A Python <c>Enum</c>: one of <see cref="ConfigEnumeration.Values"/>.</summary>
public sealed record EnumType(ConfigEnumeration Enum) : ConfigType;

/// <summary>A nested pydantic model: a JSON object checked against <see cref="ConfigModel.Fields"/>.</summary>
public sealed record ModelType(ConfigModel Model) : ConfigType;
