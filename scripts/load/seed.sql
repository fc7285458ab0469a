-- Seeds load-test executors into a database migrated by the API (its real schema, constraints and indexes):
-- executors 1..N (N = the session setting load.executors) under the ids of executor-id.sql, which must be loaded
-- first in the same session. Realistic rows, as the Hummingbot API stores them:
--   * every executor type, 4 accounts, 10 markets, created over ~2 years (one every ~10 minutes);
--   * exactly 10 % RUNNING (n divisible by 10; most of them trading), the rest TERMINATED with a close type and time;
--   * config ≈ 1 KB and custom_info ≈ 0.5 KB of JSON, shaped like Hummingbot's;
--   * 5 % have errors (error_log, error_count), and a short log (executor_logs) goes with those and the RUNNING ones.
-- Plain SQL (no psql meta-commands), so that the tests can load it too:
--   psql -v ON_ERROR_STOP=1 -c 'SET load.executors = 100000' -f executor-id.sql -f seed.sql
-- It refuses to seed a table that already holds executors. Values are drawn from random() after setseed(), so a
-- given PostgreSQL version seeds the same rows every time.
DO $$
BEGIN
    IF current_setting('load.executors', true) IS NULL OR current_setting('load.executors')::bigint < 1 THEN
        RAISE EXCEPTION 'set load.executors to the number of executors to seed (SET load.executors = 100000)';
    END IF;
    IF EXISTS (SELECT 1 FROM executors) THEN
        RAISE EXCEPTION 'executors is not empty: the load seed goes into an empty database only';
    END IF;
END
$$;

BEGIN;

SELECT setseed(0.20240115);

CREATE TEMPORARY TABLE load_seed ON COMMIT DROP AS
SELECT n,
       pg_temp.load_executor_id(n) AS executor_id,
       (ARRAY['position_executor', 'grid_executor', 'dca_executor', 'twap_executor', 'arbitrage_executor',
              'xemm_executor', 'order_executor', 'lp_executor'])[1 + n % 8] AS executor_type,
       (ARRAY['master_account', 'hedge_account', 'research_account', 'market_making_account'])[1 + n % 4] AS account_name,
       (ARRAY['binance_perpetual', 'binance', 'kucoin', 'okx_perpetual', 'hyperliquid_perpetual', 'gate_io',
              'bybit_perpetual', 'kraken', 'coinbase_advanced_trade', 'dydx_v4_perpetual'])[1 + (n / 3) % 10] AS connector_name,
       (ARRAY['BTC-USDT', 'ETH-USDT', 'SOL-USDT', 'DOGE-USDT', 'BTC-USD', 'XRP-USDT', 'ETH-BTC', 'AVAX-USDT',
              'LINK-USDT', 'ARB-USDT'])[1 + (n / 7) % 10] AS trading_pair,
       CASE WHEN n % 10 = 0 THEN 'RUNNING' ELSE 'TERMINATED' END AS status,
       CASE WHEN n % 8 IN (1, 7) THEN 'RANGE' WHEN n % 2 = 0 THEN 'BUY' ELSE 'SELL' END AS side,
       CASE WHEN n % 3 = 0 THEN 'main' ELSE 'controller_' || (n % 37) END AS controller_id,
       timestamptz '2024-01-01 00:00:00+00' + n * interval '613 seconds' AS created_at,
       round((random() * 20000)::numeric, 2) AS filled,
       round((random() * 10 - 4)::numeric, 4) AS pnl_pct,
       round((100 + random() * 60000)::numeric, 2) AS entry_price,
       (1 + floor(random() * 20))::int AS leverage,
       (60 + floor(random() * 86400))::int AS lifetime_seconds,
       (ARRAY['TIME_LIMIT', 'STOP_LOSS', 'TAKE_PROFIT', 'TAKE_PROFIT', 'TAKE_PROFIT', 'EXPIRED', 'EARLY_STOP',
              'TRAILING_STOP', 'INSUFFICIENT_BALANCE', 'FAILED', 'COMPLETED', 'COMPLETED', 'POSITION_HOLD'])[1 + floor(random() * 13)::int] AS close_type,
       CASE WHEN n % 20 = 3 THEN 1 + n % 2 ELSE 0 END AS errors
FROM generate_series(1, current_setting('load.executors')::bigint) AS n;

-- The recorded errors (the most recent last), as the API stores them: snake_case ExecutorErrorEntry objects.
ALTER TABLE load_seed ADD COLUMN error_log jsonb;
UPDATE load_seed SET error_log = CASE errors
    WHEN 0 THEN '[]'::jsonb
    WHEN 1 THEN jsonb_build_array(
        jsonb_build_object('timestamp', created_at + interval '5 minutes', 'message', 'Order rejected: insufficient margin',
                           'exception_info', 'InsufficientFunds: margin ratio 0.92'))
    ELSE jsonb_build_array(
        jsonb_build_object('timestamp', created_at + interval '5 minutes', 'message', 'Order rejected: insufficient margin',
                           'exception_info', 'InsufficientFunds: margin ratio 0.92'),
        jsonb_build_object('timestamp', created_at + interval '9 minutes', 'message', 'Connector timeout while fetching order book',
                           'exception_info', 'asyncio.TimeoutError'))
END;

INSERT INTO executors (executor_id, executor_type, account_name, connector_name, trading_pair, status, is_trading,
                       net_pnl_quote, net_pnl_pct, cum_fees_quote, filled_amount_quote, side, "timestamp", created_at,
                       close_type, close_timestamp, controller_id, error_count, error_log, config, custom_info)
SELECT s.executor_id, s.executor_type, s.account_name, s.connector_name, s.trading_pair, s.status,
       s.status = 'RUNNING' AND s.n % 50 <> 0,
       round(s.filled * s.pnl_pct / 100, 6), s.pnl_pct, round(s.filled * 0.0004, 6), s.filled, s.side,
       s.created_at + (s.n % 600) * interval '1 second', s.created_at,
       CASE WHEN s.status = 'TERMINATED' THEN s.close_type END,
       CASE WHEN s.status = 'TERMINATED' THEN s.created_at + s.lifetime_seconds * interval '1 second' END,
       s.controller_id, s.errors, s.error_log,
       -- The base fields, the type's own (valid under its Hummingbot model, as the API checks reported configs), and
       -- keys of the engine's that the models ignore.
       jsonb_build_object(
           'id', s.executor_id,
           'type', s.executor_type,
           'timestamp', extract(epoch FROM s.created_at)::bigint,
           'controller_id', coalesce(s.controller_id, 'main'))
       || CASE s.executor_type
           WHEN 'position_executor' THEN jsonb_build_object(
               'connector_name', s.connector_name, 'trading_pair', s.trading_pair, 'side', s.side,
               'entry_price', s.entry_price::text, 'amount', round(500 / s.entry_price, 8)::text, 'leverage', s.leverage,
               'level_id', lower(s.side) || '_' || (s.n % 5), 'activation_bounds', jsonb_build_array('0.002', '0.01'),
               'triple_barrier_config', jsonb_build_object(
                   'stop_loss', '0.03', 'take_profit', '0.02', 'time_limit', 2700,
                   'trailing_stop', jsonb_build_object('activation_price', '0.015', 'trailing_delta', '0.005'),
                   'open_order_type', 'LIMIT', 'take_profit_order_type', 'LIMIT', 'stop_loss_order_type', 'MARKET',
                   'time_limit_order_type', 'MARKET'))
           WHEN 'grid_executor' THEN jsonb_build_object(
               'connector_name', s.connector_name, 'trading_pair', s.trading_pair,
               'start_price', round(s.entry_price * 0.95, 2)::text, 'end_price', round(s.entry_price * 1.05, 2)::text,
               'limit_price', round(s.entry_price * 0.9, 2)::text, 'side', s.side, 'total_amount_quote', '1000',
               'min_spread_between_orders', '0.0005', 'min_order_amount_quote', '5', 'max_open_orders', 5,
               'leverage', s.leverage, 'keep_position', s.n % 4 = 0,
               'triple_barrier_config', jsonb_build_object(
                   'stop_loss', NULL, 'take_profit', '0.001', 'time_limit', NULL, 'trailing_stop', NULL,
                   'open_order_type', 'LIMIT_MAKER', 'take_profit_order_type', 'LIMIT_MAKER', 'stop_loss_order_type', 'MARKET',
                   'time_limit_order_type', 'MARKET'))
           WHEN 'dca_executor' THEN jsonb_build_object(
               'connector_name', s.connector_name, 'trading_pair', s.trading_pair, 'side', s.side, 'leverage', s.leverage,
               'amounts_quote', jsonb_build_array('100', '200', '400'),
               'prices', jsonb_build_array(s.entry_price::text, round(s.entry_price * 0.98, 2)::text, round(s.entry_price * 0.96, 2)::text),
               'take_profit', '0.02', 'stop_loss', '0.05', 'time_limit', 86400, 'mode', 'MAKER',
               'level_id', lower(s.side) || '_' || (s.n % 5))
           WHEN 'twap_executor' THEN jsonb_build_object(
               'connector_name', s.connector_name, 'trading_pair', s.trading_pair, 'side', s.side, 'leverage', s.leverage,
               'total_amount_quote', '500', 'total_duration', 600, 'order_interval', 60, 'mode', 'TAKER')
           WHEN 'arbitrage_executor' THEN jsonb_build_object(
               'buying_market', jsonb_build_object('connector_name', s.connector_name, 'trading_pair', s.trading_pair),
               'selling_market', jsonb_build_object('connector_name', 'kucoin', 'trading_pair', s.trading_pair),
               'order_amount', round(500 / s.entry_price, 8)::text, 'min_profitability', '0.004', 'gas_conversion_price', NULL)
           WHEN 'xemm_executor' THEN jsonb_build_object(
               'buying_market', jsonb_build_object('connector_name', 'kucoin', 'trading_pair', s.trading_pair),
               'selling_market', jsonb_build_object('connector_name', s.connector_name, 'trading_pair', s.trading_pair),
               'maker_side', s.side, 'order_amount', round(500 / s.entry_price, 8)::text,
               'min_profitability', '0.002', 'target_profitability', '0.004', 'max_profitability', '0.01')
           WHEN 'order_executor' THEN jsonb_build_object(
               'connector_name', s.connector_name, 'trading_pair', s.trading_pair, 'side', s.side,
               'amount', round(500 / s.entry_price, 8)::text, 'position_action', 'OPEN', 'price', s.entry_price::text,
               'execution_strategy', 'LIMIT_MAKER', 'leverage', s.leverage)
           ELSE jsonb_build_object(
               'connector_name', 'solana-mainnet-beta', 'lp_provider', 'meteora/clmm', 'pool_address', md5('pool' || s.n),
               'trading_pair', s.trading_pair, 'lower_price', round(s.entry_price * 0.9, 2)::text,
               'upper_price', round(s.entry_price * 1.1, 2)::text, 'base_amount', '0', 'quote_amount', '500', 'side', s.side,
               'extra_params', jsonb_build_object('strategyType', 0), 'keep_position', false)
         END
       || jsonb_build_object(
           'position_mode', 'HEDGE',
           'order_levels', (SELECT jsonb_agg(jsonb_build_object(
                                'level_id', 'level_' || level,
                                'price', round(s.entry_price * (1 - level * 0.0025), 2)::text,
                                'amount_quote', (100 * level)::text,
                                'order_type', 'LIMIT_MAKER'))
                            FROM generate_series(1, 4) AS level),
           'max_retries', 10,
           'open_order_slippage_buffer', '0.001'),
       jsonb_build_object(
           'level_id', lower(s.side) || '_' || (s.n % 5),
           'side', s.side,
           'current_position_average_price', s.entry_price::text,
           'current_retries', s.errors,
           'max_retries', 10,
           'close_type', CASE WHEN s.status = 'TERMINATED' THEN s.close_type END,
           'close_price', CASE WHEN s.status = 'TERMINATED' THEN round(s.entry_price * (1 + s.pnl_pct / 100), 2)::text END,
           'open_order_last_update', extract(epoch FROM s.created_at)::bigint + 2,
           'close_order_last_update', CASE WHEN s.status = 'TERMINATED' THEN extract(epoch FROM s.created_at)::bigint + s.lifetime_seconds END,
           'order_ids', jsonb_build_array(md5('open' || s.n), md5('close' || s.n)),
           'held_position_orders', '[]'::jsonb,
           'filled_amount_quote', s.filled::text)
FROM load_seed AS s
ORDER BY s.n;

-- A short log: created and placing orders for the RUNNING ones, and the ERROR entries behind each error_log.
INSERT INTO executor_logs (executor_id, "timestamp", level, message, exception_info)
SELECT s.executor_id, s.created_at, 'INFO', 'Executor created.', NULL FROM load_seed AS s WHERE s.status = 'RUNNING' OR s.errors > 0
UNION ALL
SELECT s.executor_id, s.created_at + interval '1 second', 'INFO', 'Placing orders on ' || s.connector_name || ' ' || s.trading_pair || '.', NULL
FROM load_seed AS s WHERE s.status = 'RUNNING'
UNION ALL
SELECT s.executor_id, (e ->> 'timestamp')::timestamptz, 'ERROR', e ->> 'message', e ->> 'exception_info'
FROM load_seed AS s
CROSS JOIN LATERAL jsonb_array_elements(s.error_log) AS e;

ANALYZE executors;
ANALYZE executor_logs;

COMMIT;
