CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" (
    "MigrationId" character varying(150) NOT NULL,
    "ProductVersion" character varying(32) NOT NULL,
    CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY ("MigrationId")
);

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124025512_InitialCreate') THEN
    CREATE TABLE executors (
        id bigint GENERATED ALWAYS AS IDENTITY,
        executor_id character varying(128) NOT NULL,
        executor_type character varying(64),
        account_name character varying(256),
        connector_name character varying(128),
        trading_pair character varying(64),
        status character varying(32) NOT NULL,
        is_trading boolean NOT NULL,
        net_pnl_quote numeric NOT NULL,
        net_pnl_pct numeric NOT NULL,
        cum_fees_quote numeric NOT NULL,
        filled_amount_quote numeric NOT NULL,
        side character varying(16),
        timestamp timestamptz,
        created_at timestamptz,
        close_type character varying(32),
        close_timestamp timestamptz,
        controller_id character varying(256),
        config jsonb,
        custom_info jsonb,
        error_log jsonb NOT NULL,
        CONSTRAINT "PK_executors" PRIMARY KEY (id),
        CONSTRAINT ck_executors_close_type CHECK (close_type IS NULL OR close_type IN ('TIME_LIMIT', 'STOP_LOSS', 'TAKE_PROFIT', 'EXPIRED', 'EARLY_STOP', 'TRAILING_STOP', 'INSUFFICIENT_BALANCE', 'FAILED', 'COMPLETED', 'POSITION_HOLD')),
        CONSTRAINT ck_executors_closed_only_when_terminated CHECK (status = 'TERMINATED' OR (close_type IS NULL AND close_timestamp IS NULL)),
        CONSTRAINT ck_executors_side CHECK (side IS NULL OR side IN ('BUY', 'SELL', 'RANGE')),
        CONSTRAINT ck_executors_status CHECK (status IN ('NOT_STARTED', 'RUNNING', 'SHUTTING_DOWN', 'TERMINATED')),
        CONSTRAINT ck_executors_trading_only_when_active CHECK (NOT is_trading OR status <> 'TERMINATED')
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124025512_InitialCreate') THEN
    CREATE UNIQUE INDEX "IX_executors_executor_id" ON executors (executor_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124025512_InitialCreate') THEN
    INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
    VALUES ('20261124025512_InitialCreate', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124033029_ExecutorListOrder') THEN
    ALTER TABLE executors ADD sort_at timestamptz GENERATED ALWAYS AS (COALESCE(created_at, '-infinity'::timestamptz)) STORED NOT NULL;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124033029_ExecutorListOrder') THEN
    CREATE INDEX ix_executors_account_name_list_order ON executors (account_name, sort_at DESC, executor_id DESC);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124033029_ExecutorListOrder') THEN
    CREATE INDEX ix_executors_connector_name_list_order ON executors (connector_name, sort_at DESC, executor_id DESC);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124033029_ExecutorListOrder') THEN
    CREATE INDEX ix_executors_controller_id_list_order ON executors (controller_id, sort_at DESC, executor_id DESC);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124033029_ExecutorListOrder') THEN
    CREATE INDEX ix_executors_executor_type_list_order ON executors (executor_type, sort_at DESC, executor_id DESC);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124033029_ExecutorListOrder') THEN
    CREATE INDEX ix_executors_list_order ON executors (sort_at DESC, executor_id DESC);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124033029_ExecutorListOrder') THEN
    CREATE INDEX ix_executors_status_list_order ON executors (status, sort_at DESC, executor_id DESC);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124033029_ExecutorListOrder') THEN
    CREATE INDEX ix_executors_trading_pair_list_order ON executors (trading_pair, sort_at DESC, executor_id DESC);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124033029_ExecutorListOrder') THEN
    INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
    VALUES ('20261124033029_ExecutorListOrder', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124034450_ExecutorVersion') THEN
    INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
    VALUES ('20261124034450_ExecutorVersion', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124035416_ExecutorLogs') THEN
    DROP INDEX "IX_executors_executor_id";
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124035416_ExecutorLogs') THEN
    ALTER TABLE executors ADD error_count integer NOT NULL DEFAULT 0;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124035416_ExecutorLogs') THEN
    UPDATE executors SET error_count = jsonb_array_length(error_log);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124035416_ExecutorLogs') THEN
    ALTER TABLE executors ADD CONSTRAINT "AK_executors_executor_id" UNIQUE (executor_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124035416_ExecutorLogs') THEN
    CREATE TABLE executor_logs (
        id bigint GENERATED ALWAYS AS IDENTITY,
        executor_id character varying(128) NOT NULL,
        timestamp timestamptz NOT NULL,
        level character varying(16) NOT NULL,
        message character varying(4000) NOT NULL,
        exception_info character varying(16000),
        CONSTRAINT "PK_executor_logs" PRIMARY KEY (id),
        CONSTRAINT ck_executor_logs_level CHECK (level IN ('DEBUG', 'INFO', 'WARNING', 'ERROR')),
        CONSTRAINT "FK_executor_logs_executors_executor_id" FOREIGN KEY (executor_id) REFERENCES executors (executor_id) ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124035416_ExecutorLogs') THEN
    CREATE INDEX ix_executor_logs_level_order ON executor_logs (executor_id, level, timestamp, id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124035416_ExecutorLogs') THEN
    CREATE INDEX ix_executor_logs_order ON executor_logs (executor_id, timestamp, id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124035416_ExecutorLogs') THEN
    INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
    VALUES ('20261124035416_ExecutorLogs', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261130111546_ExecutorRecordVersion') THEN
    ALTER TABLE executors ADD version bigint NOT NULL DEFAULT 1;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261130111546_ExecutorRecordVersion') THEN
    INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
    VALUES ('20261130111546_ExecutorRecordVersion', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261130114527_ExecutorMoneyBounds') THEN
    ALTER TABLE executors ADD CONSTRAINT ck_executors_money_bounds CHECK (abs(net_pnl_quote) < 1000000000000 AND abs(cum_fees_quote) < 1000000000000 AND abs(filled_amount_quote) < 1000000000000 AND abs(net_pnl_pct) <= 1000000) NOT VALID;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261130114527_ExecutorMoneyBounds') THEN
    INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
    VALUES ('20261130114527_ExecutorMoneyBounds', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261130124706_ExecutorStateValue') THEN
    INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
    VALUES ('20261130124706_ExecutorStateValue', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261130154102_PositionHolds') THEN
    CREATE TABLE position_holds (
        id bigint GENERATED ALWAYS AS IDENTITY,
        account_name character varying(256) NOT NULL,
        connector_name character varying(128) NOT NULL,
        trading_pair character varying(64) NOT NULL,
        controller_id character varying(256) NOT NULL,
        buy_amount_base numeric NOT NULL,
        buy_amount_quote numeric NOT NULL,
        sell_amount_base numeric NOT NULL,
        sell_amount_quote numeric NOT NULL,
        realized_pnl_quote numeric NOT NULL,
        cum_fees_quote numeric NOT NULL,
        executor_ids text[] NOT NULL,
        last_updated timestamptz,
        CONSTRAINT "PK_position_holds" PRIMARY KEY (id),
        CONSTRAINT ck_position_holds_amounts CHECK (buy_amount_base >= 0 AND buy_amount_quote >= 0 AND sell_amount_base >= 0 AND sell_amount_quote >= 0 AND cum_fees_quote >= 0 AND greatest(buy_amount_base, buy_amount_quote, sell_amount_base, sell_amount_quote, cum_fees_quote, abs(realized_pnl_quote)) < 1000000000000000)
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261130154102_PositionHolds') THEN
    CREATE UNIQUE INDEX ux_position_holds_key ON position_holds (account_name, connector_name, trading_pair, controller_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261130154102_PositionHolds') THEN
    INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
    VALUES ('20261130154102_PositionHolds', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261130154413_ExecutorControllerDefault') THEN
    UPDATE executors SET controller_id = 'main' WHERE controller_id IS NULL;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261130154413_ExecutorControllerDefault') THEN
    UPDATE executors SET controller_id = 'main' WHERE controller_id IS NULL;
    ALTER TABLE executors ALTER COLUMN controller_id SET NOT NULL;
    ALTER TABLE executors ALTER COLUMN controller_id SET DEFAULT 'main';
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261130154413_ExecutorControllerDefault') THEN
    INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
    VALUES ('20261130154413_ExecutorControllerDefault', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261130165003_ExecutorStopRequest') THEN
    ALTER TABLE executors ADD stop_keep_position boolean;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261130165003_ExecutorStopRequest') THEN
    ALTER TABLE executors ADD stop_requested_at timestamptz;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261130165003_ExecutorStopRequest') THEN
    ALTER TABLE executors ADD CONSTRAINT ck_executors_stop_request_whole CHECK ((stop_requested_at IS NULL) = (stop_keep_position IS NULL)) NOT VALID;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261130165003_ExecutorStopRequest') THEN
    INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
    VALUES ('20261130165003_ExecutorStopRequest', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261130165045_IdempotentRequests') THEN
    CREATE TABLE idempotent_requests (
        id bigint GENERATED ALWAYS AS IDENTITY,
        user_name character varying(256) NOT NULL,
        key character varying(255) NOT NULL,
        request_hash character varying(64) NOT NULL,
        answer jsonb,
        created_at timestamp with time zone NOT NULL,
        CONSTRAINT "PK_idempotent_requests" PRIMARY KEY (id)
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261130165045_IdempotentRequests') THEN
    CREATE UNIQUE INDEX ux_idempotent_requests_key ON idempotent_requests (user_name, key);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261130165045_IdempotentRequests') THEN
    INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
    VALUES ('20261130165045_IdempotentRequests', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261130170133_ExecutorLeases') THEN
    CREATE TABLE executor_leases (
        executor_id character varying(128) NOT NULL,
        engine_id character varying(128) NOT NULL,
        claimed_at timestamp with time zone NOT NULL,
        lease_expires_at timestamp with time zone NOT NULL,
        CONSTRAINT "PK_executor_leases" PRIMARY KEY (executor_id),
        CONSTRAINT "FK_executor_leases_executors_executor_id" FOREIGN KEY (executor_id) REFERENCES executors (executor_id) ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261130170133_ExecutorLeases') THEN
    CREATE INDEX ix_executor_leases_engine_id ON executor_leases (engine_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261130170133_ExecutorLeases') THEN
    INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
    VALUES ('20261130170133_ExecutorLeases', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261130175219_ExecutorChangeNotifications') THEN
    ALTER TABLE executors ADD COLUMN change_xid xid8;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261130175219_ExecutorChangeNotifications') THEN
    CREATE FUNCTION executors_stamp_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.change_xid := pg_current_xact_id();
        RETURN NEW;
    END $$;

    CREATE TRIGGER executors_stamp_change BEFORE INSERT OR UPDATE ON executors
        FOR EACH ROW EXECUTE FUNCTION executors_stamp_change();

    -- Statement-level with transition tables: a batch of a thousand rows is one trigger call. Identical
    -- payloads within one transaction are delivered once by PostgreSQL itself.
    CREATE FUNCTION executors_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM pg_notify('executor_changes', json_build_object('k', 'executor', 'x', c.executor_id, 'a', c.account_name)::text)
        FROM changed AS c;
        RETURN NULL;
    END $$;

    CREATE TRIGGER executors_notify_insert AFTER INSERT ON executors
        REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION executors_notify_change();
    CREATE TRIGGER executors_notify_update AFTER UPDATE ON executors
        REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION executors_notify_change();

    CREATE FUNCTION executor_logs_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM pg_notify('executor_changes', json_build_object('k', 'logs', 'x', s.executor_id, 'a', s.account_name)::text)
        FROM (SELECT DISTINCT l.executor_id, e.account_name FROM added AS l JOIN executors AS e ON e.executor_id = l.executor_id) AS s;
        RETURN NULL;
    END $$;

    CREATE TRIGGER executor_logs_notify_insert AFTER INSERT ON executor_logs
        REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION executor_logs_notify_change();

    CREATE FUNCTION position_holds_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM pg_notify('executor_changes', json_build_object('k', 'positions', 'a', COALESCE(NEW.account_name, OLD.account_name))::text);
        RETURN NULL;
    END $$;

    CREATE TRIGGER position_holds_notify_change AFTER INSERT OR UPDATE OR DELETE ON position_holds
        FOR EACH ROW EXECUTE FUNCTION position_holds_notify_change();

    -- Ownership only: a heartbeat renewing a lease changes nothing anyone subscribes to.
    CREATE FUNCTION executor_leases_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        leased text := COALESCE(NEW.executor_id, OLD.executor_id);
    BEGIN
        PERFORM pg_notify('executor_changes', json_build_object('k', 'lease', 'x', leased, 'a', e.account_name)::text)
        FROM executors AS e WHERE e.executor_id = leased;
        RETURN NULL;
    END $$;

    CREATE TRIGGER executor_leases_notify_owner AFTER INSERT OR DELETE ON executor_leases
        FOR EACH ROW EXECUTE FUNCTION executor_leases_notify_change();
    CREATE TRIGGER executor_leases_notify_transfer AFTER UPDATE ON executor_leases
        FOR EACH ROW WHEN (OLD.engine_id IS DISTINCT FROM NEW.engine_id OR OLD.claimed_at IS DISTINCT FROM NEW.claimed_at)
        EXECUTE FUNCTION executor_leases_notify_change();
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261130175219_ExecutorChangeNotifications') THEN
    INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
    VALUES ('20261130175219_ExecutorChangeNotifications', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261130180443_StreamTickets') THEN
    CREATE TABLE stream_tickets (
        ticket_hash bytea NOT NULL,
        user_name character varying(256) NOT NULL,
        expires_at timestamptz NOT NULL,
        CONSTRAINT "PK_stream_tickets" PRIMARY KEY (ticket_hash),
        CONSTRAINT ck_stream_tickets_hash_length CHECK (octet_length(ticket_hash) = 32)
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261130180443_StreamTickets') THEN
    CREATE INDEX ix_stream_tickets_expires_at ON stream_tickets (expires_at);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261130180443_StreamTickets') THEN
    INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
    VALUES ('20261130180443_StreamTickets', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261130191038_IdempotentRequestsAge') THEN
    CREATE INDEX ix_idempotent_requests_created_at ON idempotent_requests (created_at);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261130191038_IdempotentRequestsAge') THEN
    INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
    VALUES ('20261130191038_IdempotentRequestsAge', '10.0.15');
    END IF;
END $EF$;
COMMIT;

