using System.Collections.Frozen;
using System.Text.Json;
using Executors.Domain.Common;
using static Executors.Domain.Executors.Configs.ConfigType;

namespace Executors.Domain.Executors.Configs;

/// <summary>
/// The configuration model of each executor type: the one catalogue that the schema route describes and that checks a
/// reported <c>config</c> (<see cref="Validate"/>).
/// <para>
/// Where it comes from: Hummingbot's pydantic models at commit <c>2bfaccc48dd49e71a5b6d9b3011808e127dd00cd</c>
/// (2026-07-30) of github.com/hummingbot/hummingbot — <c>ExecutorConfigBase</c> and <c>ConnectorPair</c> in
/// <c>hummingbot/strategy_v2/executors/data_types.py</c>; each <c>*ExecutorConfig</c>, with <c>TripleBarrierConfig</c>,
/// <c>TrailingStop</c>, <c>LimitChaserConfig</c>, <c>DCAMode</c>, <c>TWAPMode</c> and <c>ExecutionStrategy</c>, in
/// <c>hummingbot/strategy_v2/executors/&lt;type&gt;/data_types.py</c>; <c>TradeType</c>, <c>OrderType</c> and
/// <c>PositionAction</c> in <c>hummingbot/core/data_type/common.py</c>. Fields are listed in pydantic's order (the base
/// class's first), with the defaults pydantic writes in a JSON schema (a Decimal as its string). When Hummingbot changes
/// a model, change it here and move the commit above.
/// </para>
/// <para>
/// Two deliberate differences from the models: <c>id</c> and <c>timestamp</c> are filled by Hummingbot when absent or
/// null, so both are optional and may be null; and the integer enums <c>TradeType</c> and <c>OrderType</c> are spelled
/// by member name (<c>"BUY"</c>), as hummingbot-api stores and its clients send them, the integers being accepted too.
/// </para>
/// </summary>
public static class ExecutorConfigSchemas
{
    public static readonly ConfigEnumeration TradeType = ConfigEnumeration.OfIntegers("TradeType", "BUY", "SELL", "RANGE");

    public static readonly ConfigEnumeration OrderType =
        ConfigEnumeration.OfIntegers("OrderType", "MARKET", "LIMIT", "LIMIT_MAKER", "AMM_SWAP", "AMM_ADD", "AMM_REMOVE");

    public static readonly ConfigEnumeration PositionAction = ConfigEnumeration.OfStrings("PositionAction", "OPEN", "CLOSE", "NIL");

    public static readonly ConfigEnumeration DcaMode = ConfigEnumeration.OfStrings("DCAMode", "MAKER", "TAKER");

    public static readonly ConfigEnumeration TwapMode = ConfigEnumeration.OfStrings("TWAPMode", "MAKER", "TAKER");

    public static readonly ConfigEnumeration ExecutionStrategy =
        ConfigEnumeration.OfStrings("ExecutionStrategy", "LIMIT", "LIMIT_MAKER", "MARKET", "LIMIT_CHASER");

    public static readonly ConfigModel TrailingStop = new("TrailingStop", null,
    [
        new("activation_price", Amount),
        new("trailing_delta", Amount),
    ]);

    public static readonly ConfigModel TripleBarrierConfig = new("TripleBarrierConfig", null,
    [
        Optional("stop_loss", Amount),
        Optional("take_profit", Amount),
        Optional("time_limit", WholeNumber),
        Optional("trailing_stop", new ModelType(TrailingStop)),
        new("open_order_type", new EnumType(OrderType), "\"LIMIT\""),
        new("take_profit_order_type", new EnumType(OrderType), "\"MARKET\""),
        new("stop_loss_order_type", new EnumType(OrderType), "\"MARKET\""),
        new("time_limit_order_type", new EnumType(OrderType), "\"MARKET\""),
    ]);

    public static readonly ConfigModel ConnectorPair = new("ConnectorPair", null,
    [
        new("connector_name", Text),
        new("trading_pair", Text),
    ]);

    public static readonly ConfigModel LimitChaserConfig = new("LimitChaserConfig", null,
    [
        new("distance", Amount),
        new("refresh_threshold", Amount),
    ]);

    /// <summary>
    /// <c>TripleBarrierConfig()</c> as pydantic writes it as a default: every field at its default (order types by
    /// name, as everywhere in this catalogue).
    /// </summary>
    private const string DefaultTripleBarrier =
        """{"stop_loss":null,"take_profit":null,"time_limit":null,"trailing_stop":null,"open_order_type":"LIMIT","take_profit_order_type":"MARKET","stop_loss_order_type":"MARKET","time_limit_order_type":"MARKET"}""";

    private const string LpDocstring =
        """
        Configuration for LP Position Executor.

        - Creates position based on config bounds and amounts
        - Monitors position state (IN_RANGE, OUT_OF_RANGE)
        - Closes when price exceeds upper_limit_price or lower_limit_price
        - Always closes the position on-chain when the executor stops; keep_position
          only decides whether the round trip's net change is kept and recorded as a
          spot position, or swapped back so the executor ends position-neutral

        Provider Architecture:
        - connector_name: The network identifier (e.g., "solana-mainnet-beta")
          This is the "connector" that hummingbot connects to.
        - lp_provider: LP provider in format "dex/trading_type" (e.g., "meteora/clmm")
          Used for pool info, add liquidity, remove liquidity operations.
        - swap_provider: Optional swap provider for close-out swaps when keep_position=False.
          If not provided, uses the network's default swap provider.
        """;

    private static readonly FrozenDictionary<string, ConfigModel> ByType = new Dictionary<string, ConfigModel>(StringComparer.Ordinal)
    {
        [ExecutorTypes.Position] = Config(ExecutorTypes.Position, "PositionExecutorConfig",
        [
            new("trading_pair", Text),
            new("connector_name", Text),
            new("side", new EnumType(TradeType)),
            Optional("entry_price", Amount),
            new("amount", Amount),
            new("triple_barrier_config", new ModelType(TripleBarrierConfig), DefaultTripleBarrier),
            new("leverage", WholeNumber, "1"),
            Optional("activation_bounds", ListOf(Amount)),
            Optional("level_id", Text),
        ]),
        [ExecutorTypes.Grid] = Config(ExecutorTypes.Grid, "GridExecutorConfig",
        [
            new("connector_name", Text),
            new("trading_pair", Text),
            new("start_price", Amount),
            new("end_price", Amount),
            new("limit_price", Amount),
            new("side", new EnumType(TradeType), "\"BUY\""),
            new("total_amount_quote", Amount),
            new("min_spread_between_orders", Amount, "\"0.0005\""),
            new("min_order_amount_quote", Amount, "\"5\""),
            new("max_open_orders", WholeNumber, "5"),
            Optional("max_orders_per_batch", WholeNumber),
            new("order_frequency", WholeNumber, "0"),
            Optional("activation_bounds", Amount),
            new("safe_extra_spread", Amount, "\"0.0001\""),
            new("triple_barrier_config", new ModelType(TripleBarrierConfig)),
            new("leverage", WholeNumber, "20"),
            Optional("level_id", Text),
            new("deduct_base_fees", Truth, "false"),
            new("keep_position", Truth, "false"),
            new("coerce_tp_to_step", Truth, "false"),
        ]),
        [ExecutorTypes.Dca] = Config(ExecutorTypes.Dca, "DCAExecutorConfig",
        [
            new("connector_name", Text),
            new("trading_pair", Text),
            new("side", new EnumType(TradeType)),
            new("leverage", WholeNumber, "1"),
            new("amounts_quote", ListOf(Amount)),
            new("prices", ListOf(Amount)),
            Optional("take_profit", Amount),
            Optional("stop_loss", Amount),
            Optional("trailing_stop", new ModelType(TrailingStop)),
            Optional("time_limit", WholeNumber),
            new("mode", new EnumType(DcaMode), "\"MAKER\""),
            Optional("activation_bounds", ListOf(Amount)),
            Optional("level_id", Text),
        ]),
        [ExecutorTypes.Twap] = Config(ExecutorTypes.Twap, "TWAPExecutorConfig",
        [
            new("connector_name", Text),
            new("trading_pair", Text),
            new("side", new EnumType(TradeType)),
            new("leverage", WholeNumber, "1"),
            new("total_amount_quote", Amount),
            new("total_duration", WholeNumber),
            new("order_interval", WholeNumber),
            new("mode", new EnumType(TwapMode), "\"TAKER\""),
            Optional("limit_order_buffer", Amount),
            Optional("order_resubmission_time", WholeNumber),
        ]),
        [ExecutorTypes.Arbitrage] = Config(ExecutorTypes.Arbitrage, "ArbitrageExecutorConfig",
        [
            new("buying_market", new ModelType(ConnectorPair)),
            new("selling_market", new ModelType(ConnectorPair)),
            new("order_amount", Amount),
            new("min_profitability", Amount),
            Optional("gas_conversion_price", Amount),
        ]),
        [ExecutorTypes.Xemm] = Config(ExecutorTypes.Xemm, "XEMMExecutorConfig",
        [
            new("buying_market", new ModelType(ConnectorPair)),
            new("selling_market", new ModelType(ConnectorPair)),
            new("maker_side", new EnumType(TradeType)),
            new("order_amount", Amount),
            new("min_profitability", Amount),
            new("target_profitability", Amount),
            new("max_profitability", Amount),
        ]),
        [ExecutorTypes.Order] = Config(ExecutorTypes.Order, "OrderExecutorConfig",
        [
            new("trading_pair", Text),
            new("connector_name", Text),
            new("side", new EnumType(TradeType)),
            new("amount", Amount),
            new("position_action", new EnumType(PositionAction), "\"OPEN\""),
            Optional("price", Amount),
            Optional("chaser_config", new ModelType(LimitChaserConfig)),
            new("execution_strategy", new EnumType(ExecutionStrategy)),
            new("leverage", WholeNumber, "1"),
            Optional("level_id", Text),
        ]),
        [ExecutorTypes.Lp] = Config(ExecutorTypes.Lp, "LPExecutorConfig",
        [
            new("connector_name", Text),
            new("lp_provider", Text),
            Optional("swap_provider", Text),
            new("pool_address", Text),
            new("trading_pair", Text),
            new("lower_price", Amount),
            new("upper_price", Amount),
            new("base_amount", Amount, "\"0\""),
            new("quote_amount", Amount, "\"0\""),
            new("side", new EnumType(TradeType)),
            Optional("upper_limit_price", Amount),
            Optional("lower_limit_price", Amount),
            Optional("extra_params", Map),
            new("keep_position", Truth, "false"),
        ], LpDocstring),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The executor types in the order hummingbot-api registers them (the order its 404 lists them in).</summary>
    public static IReadOnlyList<string> Types { get; } =
    [
        ExecutorTypes.Position, ExecutorTypes.Grid, ExecutorTypes.Dca, ExecutorTypes.Arbitrage,
        ExecutorTypes.Twap, ExecutorTypes.Xemm, ExecutorTypes.Order, ExecutorTypes.Lp,
    ];

    /// <summary>The configuration model of <paramref name="executorType"/>, if it is one of the eight.</summary>
    public static bool TryGet(string? executorType, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ConfigModel? model)
    {
        model = null;
        return executorType is not null && ByType.TryGetValue(executorType, out model);
    }

    /// <summary>
    /// The models and enums <paramref name="model"/> uses, at any depth, by name in ordinal order (pydantic's
    /// <c>$defs</c>).
    /// </summary>
    public static IReadOnlyList<object> NestedTypes(ConfigModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var found = new SortedDictionary<string, object>(StringComparer.Ordinal);
        Collect(model, found);
        return [.. found.Values];
    }

    /// <summary>
    /// Every way <paramref name="config"/> breaks the model of <paramref name="executorType"/>, each named by its path
    /// (<c>config.amount</c>, <c>config.triple_barrier_config.stop_loss</c>); none for a type that is not one of the
    /// eight (the executor_type rule speaks for that). Keys the model does not declare are accepted, as pydantic ignores
    /// them.
    /// </summary>
    public static IReadOnlyList<RuleViolation> Validate(string? executorType, JsonElement config, string root = "config") =>
        TryGet(executorType, out var model) ? ExecutorConfigValidator.Validate(model, config, root) : [];

    private static void Collect(ConfigModel model, SortedDictionary<string, object> found)
    {
        foreach (var field in model.Fields)
        {
            var type = field.Type;
            while (type is ListType list)
            {
                type = list.Item;
            }

            switch (type)
            {
                case EnumType { Enum: var e }:
                    found.TryAdd(e.Name, e);
                    break;
                case ModelType { Model: var nested } when found.TryAdd(nested.Name, nested):
                    Collect(nested, found);
                    break;
            }
        }
    }

    /// <summary><c>Optional[X] = None</c>.</summary>
    private static ConfigField Optional(string name, ConfigType type) => new(name, type, "null", Nullable: true);

    /// <summary>An executor's config: <c>ExecutorConfigBase</c>'s fields, then the type's own.</summary>
    private static ConfigModel Config(string executorType, string className, IEnumerable<ConfigField> fields, string? docstring = null) =>
        new(className, docstring,
        [
            // str = None in Hummingbot (a random base58 id when absent); null is taken as absent.
            new("id", Text, "null", Nullable: true),
            // Each subclass narrows the base's Literal to its own type, with that type as the default.
            new("type", new LiteralType(executorType), $"\"{executorType}\""),
            // Optional[float]; a validator puts the current time in place of null.
            new("timestamp", RealNumber, "null", Nullable: true),
            new("controller_id", Text, "\"main\""),
            .. fields,
        ]);
}
