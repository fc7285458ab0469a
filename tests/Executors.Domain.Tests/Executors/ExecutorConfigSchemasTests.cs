using System.Text.Json;
using System.Text.Json.Nodes;
using Executors.Domain.Common;
using Executors.Domain.Executors;
using Executors.Domain.Executors.Configs;

namespace Executors.Domain.Tests.Executors;

public sealed class ExecutorConfigSchemasTests
{
    public static TheoryData<string> AllTypes => [.. ExecutorTypes.All];

    [Fact]
    public void Catalogue_CoversEveryKnownType()
    {
        // Act / Assert: the same eight types, in hummingbot-api's registration order.
        Assert.Equal(ExecutorTypes.All.Order(StringComparer.Ordinal), ExecutorConfigSchemas.Types.Order(StringComparer.Ordinal));
        Assert.All(ExecutorConfigSchemas.Types, type => Assert.True(ExecutorConfigSchemas.TryGet(type, out _)));
        Assert.False(ExecutorConfigSchemas.TryGet("market_making_executor", out _));
        Assert.False(ExecutorConfigSchemas.TryGet(null, out _));
    }

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void Validate_RealisticConfig_HasNoViolation(string executorType)
    {
        // Act
        var violations = Validate(executorType, HummingbotConfigs.For(executorType));

        // Assert
        Assert.Empty(violations);
    }

    [Fact]
    public void Validate_TheBuildersFullyPopulatedConfig_HasNoViolation()
    {
        // Act / Assert: its extra keys are ignored, its grid fields valid.
        Assert.Empty(Validate(ExecutorTypes.Grid, ExecutorBuilder.FullyPopulatedConfig));
    }

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void Validate_EmptyObject_NamesEveryRequiredField(string executorType)
    {
        // Arrange
        ExecutorConfigSchemas.TryGet(executorType, out var model);
        var required = model!.Fields.Where(field => field.Required).Select(field => $"config.{field.Name}").ToList();

        // Act
        var violations = Validate(executorType, "{}");

        // Assert: none of the base fields (Hummingbot fills them), every required one of the type's own.
        Assert.NotEmpty(required);
        Assert.Equal(required, violations.Select(v => v.Field));
        Assert.All(violations, v => Assert.Contains("is required", v.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_BrokenPositionConfig_ReportsEveryViolationByPath()
    {
        // Arrange: one missing, one mistyped, a bad enum, a nested mistyped field, a bad list item, a null where none is allowed.
        var config = Position(c =>
        {
            c.Remove("amount");
            c["trading_pair"] = 42;
            c["side"] = "LONG";
            c["triple_barrier_config"]!["stop_loss"] = true;
            c["triple_barrier_config"]!["open_order_type"] = "STOP";
            c["activation_bounds"] = new JsonArray("0.01", "x");
            c["leverage"] = null;
        });

        // Act
        var violations = Validate(ExecutorTypes.Position, config);

        // Assert
        Assert.Equal(
            ["config.trading_pair", "config.side", "config.amount", "config.triple_barrier_config.stop_loss",
             "config.triple_barrier_config.open_order_type", "config.leverage", "config.activation_bounds[1]"],
            violations.Select(v => v.Field));
        Assert.Equal("config.side must be one of: BUY, SELL, RANGE.", violations[1].Message);
        Assert.Equal("config.amount is required (a number or a numeric string).", violations[2].Message);
        Assert.Equal("config.trading_pair must be a string.", violations[0].Message);
    }

    [Fact]
    public void Validate_BaseFieldsTheEngineFills_MayBeAbsentOrNull()
    {
        // Arrange
        var absent = Position(c =>
        {
            c.Remove("id");
            c.Remove("type");
            c.Remove("timestamp");
            c.Remove("controller_id");
        });
        var nulls = Position(c =>
        {
            c["id"] = null;
            c["timestamp"] = null;
        });

        // Act / Assert
        Assert.Empty(Validate(ExecutorTypes.Position, absent));
        Assert.Empty(Validate(ExecutorTypes.Position, nulls));
    }

    [Theory]
    [InlineData("\"grid_executor\"")]
    [InlineData("\"POSITION_EXECUTOR\"")]
    [InlineData("1")]
    [InlineData("null")]
    public void Validate_TypeOtherThanTheExecutors_IsAViolation(string type)
    {
        // Arrange
        var config = Position(c => c["type"] = JsonNode.Parse(type));

        // Act
        var violation = Assert.Single(Validate(ExecutorTypes.Position, config));

        // Assert
        Assert.Equal("config.type", violation.Field);
    }

    [Theory]
    [InlineData("amount", "\"0.01\"")]
    [InlineData("amount", "0.01")]
    [InlineData("amount", "\"1e-3\"")]
    [InlineData("leverage", "20")]
    [InlineData("leverage", "20.0")]
    [InlineData("leverage", "\"20\"")]
    [InlineData("side", "1")]
    [InlineData("side", "\"SELL\"")]
    [InlineData("entry_price", "null")]
    [InlineData("activation_bounds", "[]")]
    [InlineData("activation_bounds", "[0.01, \"0.02\"]")]
    [InlineData("timestamp", "\"1705315800.5\"")]
    [InlineData("level_id", "null")]
    public void Validate_ValuesPydanticAccepts_Pass(string field, string json)
    {
        // Arrange
        var config = Position(c => c[field] = JsonNode.Parse(json));

        // Act / Assert
        Assert.Empty(Validate(ExecutorTypes.Position, config));
    }

    [Theory]
    [InlineData("amount", "\"ten\"")]
    [InlineData("amount", "true")]
    [InlineData("amount", "null")]
    [InlineData("leverage", "20.5")]
    [InlineData("leverage", "\"twenty\"")]
    [InlineData("side", "4")]
    [InlineData("side", "\"buy\"")]
    [InlineData("side", "null")]
    [InlineData("triple_barrier_config", "\"tight\"")]
    [InlineData("triple_barrier_config", "null")]
    [InlineData("activation_bounds", "\"0.01\"")]
    [InlineData("activation_bounds", "[null]")]
    [InlineData("controller_id", "null")]
    [InlineData("controller_id", "7")]
    public void Validate_ValuesPydanticRefuses_NameTheField(string field, string json)
    {
        // Arrange
        var config = Position(c => c[field] = JsonNode.Parse(json));

        // Act
        var violation = Assert.Single(Validate(ExecutorTypes.Position, config));

        // Assert
        Assert.StartsWith($"config.{field}", violation.Field, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("0", true)]
    [InlineData("\"yes\"", true)]
    [InlineData("\"Off\"", true)]
    [InlineData("2", false)]
    [InlineData("\"maybe\"", false)]
    [InlineData("[]", false)]
    public void Validate_Booleans_TakePydanticsForms(string json, bool valid)
    {
        // Arrange
        var config = Mutate(HummingbotConfigs.Grid, c => c["keep_position"] = JsonNode.Parse(json));

        // Act
        var violations = Validate(ExecutorTypes.Grid, config);

        // Assert
        Assert.Equal(valid, violations.Count == 0);
    }

    [Fact]
    public void Validate_NestedModels_CheckedAtAnyDepth()
    {
        // Arrange: a trailing stop inside the barrier, a connector pair, a DCA list of decimals.
        var position = Position(c => c["triple_barrier_config"]!["trailing_stop"] = new JsonObject { ["activation_price"] = "0.01" });
        var arbitrage = Mutate(HummingbotConfigs.Arbitrage, c => c["buying_market"] = new JsonObject { ["connector_name"] = "binance" });
        var dca = Mutate(HummingbotConfigs.Dca, c => c["prices"] = new JsonArray("1", new JsonObject()));

        // Act / Assert
        Assert.Equal("config.triple_barrier_config.trailing_stop.trailing_delta", Assert.Single(Validate(ExecutorTypes.Position, position)).Field);
        Assert.Equal("config.buying_market.trading_pair", Assert.Single(Validate(ExecutorTypes.Arbitrage, arbitrage)).Field);
        Assert.Equal("config.prices[1]", Assert.Single(Validate(ExecutorTypes.Dca, dca)).Field);
    }

    [Fact]
    public void Validate_UnknownKeys_AreIgnoredAsPydanticIgnoresThem()
    {
        // Arrange
        var config = Position(c =>
        {
            c["position_mode"] = "HEDGE";
            c["triple_barrier_config"]!["whatever"] = new JsonArray(1, 2);
        });

        // Act / Assert
        Assert.Empty(Validate(ExecutorTypes.Position, config));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("market_making_executor")]
    public void Validate_TypeOutsideTheCatalogue_IsNotChecked(string? executorType)
    {
        // Act / Assert
        Assert.Empty(Validate(executorType, """{"anything": 1}"""));
    }

    [Fact]
    public void Validate_NotAnObject_IsOneViolationOnConfig()
    {
        // Act
        var violation = Assert.Single(Validate(ExecutorTypes.Twap, "[1, 2]"));

        // Assert
        Assert.Equal("config", violation.Field);
    }

    [Theory]
    [InlineData("lower_limit_price", "\"abc\"", "config.lower_limit_price")]
    [InlineData("extra_params", "[1]", "config.extra_params")]
    [InlineData("extra_params", "null", null)]
    public void Validate_LpConfig_ChecksItsOwnFields(string field, string json, string? expected)
    {
        // Arrange
        var config = Mutate(HummingbotConfigs.Lp, c => c[field] = JsonNode.Parse(json));

        // Act
        var violations = Validate(ExecutorTypes.Lp, config);

        // Assert
        Assert.Equal(expected is null ? [] : [expected], violations.Select(v => v.Field));
    }

    [Fact]
    public void Title_IsPythonsTitleOfTheName()
    {
        // Act / Assert
        Assert.Equal("Coerce Tp To Step", new ConfigField("coerce_tp_to_step", ConfigType.Truth).Title);
        Assert.Equal("Id", new ConfigField("id", ConfigType.Text).Title);
    }

    private static List<RuleViolation> Validate(string? executorType, string json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. ExecutorConfigSchemas.Validate(executorType, document.RootElement)];
    }

    private static string Position(Action<JsonObject> change) => Mutate(HummingbotConfigs.Position, change);

    private static string Mutate(string json, Action<JsonObject> change)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        change(node);
        return node.ToJsonString();
    }
}
