using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Executors.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// Every committed write tells every API process what it changed (ADR 16): triggers call <c>pg_notify</c> on the
    /// channel <c>executor_changes</c>, which PostgreSQL delivers at commit, in commit order, and never for a rolled-back
    /// transaction. The triggers sit in the database rather than in the write paths so that no path — EF's
    /// SaveChanges, the batch ingestion's SQL, a claim's single statement — can forget one. Payloads are small JSON
    /// objects: <c>k</c> the kind, <c>x</c> the executor id, <c>a</c> its account.
    /// <para>
    /// <c>executors.change_xid</c> records the transaction that last wrote each row, for SSE resumption: a stream's
    /// event id is the xmin of the snapshot it read, so "every row whose <c>change_xid</c> is at least that mark" holds
    /// every change the stream may not have seen. No index: an indexed column that changes on every update would cost
    /// each write its HOT update, and resumption is rare.
    /// </para>
    /// </summary>
    public partial class ExecutorChangeNotifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("ALTER TABLE executors ADD COLUMN change_xid xid8;");

            migrationBuilder.Sql("""
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
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER executor_leases_notify_transfer ON executor_leases;
                DROP TRIGGER executor_leases_notify_owner ON executor_leases;
                DROP FUNCTION executor_leases_notify_change();
                DROP TRIGGER position_holds_notify_change ON position_holds;
                DROP FUNCTION position_holds_notify_change();
                DROP TRIGGER executor_logs_notify_insert ON executor_logs;
                DROP FUNCTION executor_logs_notify_change();
                DROP TRIGGER executors_notify_update ON executors;
                DROP TRIGGER executors_notify_insert ON executors;
                DROP FUNCTION executors_notify_change();
                DROP TRIGGER executors_stamp_change ON executors;
                DROP FUNCTION executors_stamp_change();
                ALTER TABLE executors DROP COLUMN change_xid;
                """);
        }
    }
}
