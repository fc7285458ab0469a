using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Executors.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "executors",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    executor_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    executor_type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    account_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    connector_name = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    trading_pair = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    is_trading = table.Column<bool>(type: "boolean", nullable: false),
                    net_pnl_quote = table.Column<decimal>(type: "numeric", nullable: false),
                    net_pnl_pct = table.Column<decimal>(type: "numeric", nullable: false),
                    cum_fees_quote = table.Column<decimal>(type: "numeric", nullable: false),
                    filled_amount_quote = table.Column<decimal>(type: "numeric", nullable: false),
                    side = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    timestamp = table.Column<DateTimeOffset>(type: "timestamptz", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamptz", nullable: true),
                    close_type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    close_timestamp = table.Column<DateTimeOffset>(type: "timestamptz", nullable: true),
                    controller_id = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    config = table.Column<string>(type: "jsonb", nullable: true),
                    custom_info = table.Column<string>(type: "jsonb", nullable: true),
                    error_log = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_executors", x => x.id);
                    table.CheckConstraint("ck_executors_close_type", "close_type IS NULL OR close_type IN ('TIME_LIMIT', 'STOP_LOSS', 'TAKE_PROFIT', 'EXPIRED', 'EARLY_STOP', 'TRAILING_STOP', 'INSUFFICIENT_BALANCE', 'FAILED', 'COMPLETED', 'POSITION_HOLD')");
                    table.CheckConstraint("ck_executors_closed_only_when_terminated", "status = 'TERMINATED' OR (close_type IS NULL AND close_timestamp IS NULL)");
                    table.CheckConstraint("ck_executors_side", "side IS NULL OR side IN ('BUY', 'SELL', 'RANGE')");
                    table.CheckConstraint("ck_executors_status", "status IN ('NOT_STARTED', 'RUNNING', 'SHUTTING_DOWN', 'TERMINATED')");
                    table.CheckConstraint("ck_executors_trading_only_when_active", "NOT is_trading OR status <> 'TERMINATED'");
                });

            migrationBuilder.CreateIndex(
                name: "IX_executors_executor_id",
                table: "executors",
                column: "executor_id",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "executors");
        }
    }
}
