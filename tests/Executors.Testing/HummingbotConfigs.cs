using Executors.Domain.Executors;

namespace Executors.Testing;

/// <summary>
/// One realistic configuration per executor type, as Hummingbot's engine writes it (decimals as strings, enums by name,
/// the base fields filled): each is valid under the catalogue (<c>ExecutorConfigSchemas</c>), so a test that reports one
/// tests something else than the config rules.
/// </summary>
public static class HummingbotConfigs
{
    public const string Position =
        """{"id":"4wq8ZAd2bRJ3A8jKPzzZWx9Vz1Uu3BVo4mCnYJyGSK8y","type":"position_executor","timestamp":1705315800.0,"controller_id":"main","trading_pair":"BTC-USDT","connector_name":"binance_perpetual","side":"BUY","entry_price":"42150.5","amount":"0.01","triple_barrier_config":{"stop_loss":"0.03","take_profit":"0.02","time_limit":2700,"trailing_stop":{"activation_price":"0.015","trailing_delta":"0.005"},"open_order_type":"LIMIT","take_profit_order_type":"LIMIT","stop_loss_order_type":"MARKET","time_limit_order_type":"MARKET"},"leverage":20,"activation_bounds":null,"level_id":"buy_0"}""";

    public const string Grid =
        """{"type":"grid_executor","timestamp":1705315800.5,"controller_id":"grid_ctrl","connector_name":"binance","trading_pair":"BTC-USDT","start_price":"40000","end_price":"44000","limit_price":"39000","side":"BUY","total_amount_quote":"1000","min_spread_between_orders":"0.0005","min_order_amount_quote":"5","max_open_orders":5,"max_orders_per_batch":null,"order_frequency":0,"activation_bounds":null,"safe_extra_spread":"0.0001","triple_barrier_config":{"stop_loss":null,"take_profit":"0.001","time_limit":null,"trailing_stop":null,"open_order_type":"LIMIT_MAKER","take_profit_order_type":"LIMIT_MAKER","stop_loss_order_type":"MARKET","time_limit_order_type":"MARKET"},"leverage":1,"level_id":null,"deduct_base_fees":false,"keep_position":true,"coerce_tp_to_step":false}""";

    public const string Dca =
        """{"type":"dca_executor","timestamp":1705315800,"controller_id":"main","connector_name":"kucoin","trading_pair":"ETH-USDT","side":"BUY","leverage":1,"amounts_quote":["10","20.5"],"prices":["2300.1","2250"],"take_profit":"0.02","stop_loss":"0.05","trailing_stop":null,"time_limit":86400,"mode":"MAKER","activation_bounds":null,"level_id":null}""";

    public const string Twap =
        """{"type":"twap_executor","timestamp":1705315800,"connector_name":"binance","trading_pair":"SOL-USDT","side":"SELL","leverage":1,"total_amount_quote":"500","total_duration":600,"order_interval":60,"mode":"TAKER","limit_order_buffer":null,"order_resubmission_time":null}""";

    public const string Arbitrage =
        """{"type":"arbitrage_executor","timestamp":1705315800,"buying_market":{"connector_name":"binance","trading_pair":"ETH-USDT"},"selling_market":{"connector_name":"kucoin","trading_pair":"ETH-USDT"},"order_amount":"0.5","min_profitability":"0.004","gas_conversion_price":null}""";

    public const string Xemm =
        """{"type":"xemm_executor","timestamp":1705315800,"buying_market":{"connector_name":"kucoin","trading_pair":"BTC-USDT"},"selling_market":{"connector_name":"binance","trading_pair":"BTC-USDT"},"maker_side":"BUY","order_amount":"0.01","min_profitability":"0.002","target_profitability":"0.004","max_profitability":"0.01"}""";

    public const string Order =
        """{"type":"order_executor","timestamp":1705315800,"trading_pair":"BTC-USDT","connector_name":"okx_perpetual","side":"SELL","amount":"0.02","position_action":"OPEN","price":"43000","chaser_config":null,"execution_strategy":"LIMIT_MAKER","leverage":5,"level_id":null}""";

    public const string Lp =
        """{"type":"lp_executor","timestamp":1705315800,"connector_name":"solana-mainnet-beta","lp_provider":"meteora/clmm","swap_provider":null,"pool_address":"HTvjzsfX3yU6BUodCjZ5vZkUrAxMDTrBs3CJaq43ashR","trading_pair":"SOL-USDC","lower_price":"80","upper_price":"100","base_amount":"0","quote_amount":"10.0","side":"RANGE","upper_limit_price":null,"lower_limit_price":null,"extra_params":{"strategyType":0},"keep_position":false}""";

    /// <summary>The configuration above for <paramref name="executorType"/>.</summary>
    public static string For(string executorType) => executorType switch
    {
        ExecutorTypes.Position => Position,
        ExecutorTypes.Grid => Grid,
        ExecutorTypes.Dca => Dca,
        ExecutorTypes.Twap => Twap,
        ExecutorTypes.Arbitrage => Arbitrage,
        ExecutorTypes.Xemm => Xemm,
        ExecutorTypes.Order => Order,
        ExecutorTypes.Lp => Lp,
        _ => throw new ArgumentOutOfRangeException(nameof(executorType), executorType, "Not one of the eight executor types."),
    };
}
