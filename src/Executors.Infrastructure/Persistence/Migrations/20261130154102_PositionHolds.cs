using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Executors.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class PositionHolds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "position_holds",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    account_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    connector_name = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    trading_pair = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    controller_id = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    buy_amount_base = table.Column<decimal>(type: "numeric", nullable: false),
                    buy_amount_quote = table.Column<decimal>(type: "numeric", nullable: false),
                    sell_amount_base = table.Column<decimal>(type: "numeric", nullable: false),
                    sell_amount_quote = table.Column<decimal>(type: "numeric", nullable: false),
                    realized_pnl_quote = table.Column<decimal>(type: "numeric", nullable: false),
                    cum_fees_quote = table.Column<decimal>(type: "numeric", nullable: false),
                    executor_ids = table.Column<string[]>(type: "text[]", nullable: false),
                    last_updated = table.Column<DateTimeOffset>(type: "timestamptz", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_position_holds", x => x.id);
                    table.CheckConstraint("ck_position_holds_amounts", "buy_amount_base >= 0 AND buy_amount_quote >= 0 AND sell_amount_base >= 0 AND sell_amount_quote >= 0 AND cum_fees_quote >= 0 AND greatest(buy_amount_base, buy_amount_quote, sell_amount_base, sell_amount_quote, cum_fees_quote, abs(realized_pnl_quote)) < 1000000000000000");
                });

            migrationBuilder.CreateIndex(
                name: "ux_position_holds_key",
                table: "position_holds",
                columns: new[] { "account_name", "connector_name", "trading_pair", "controller_id" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "position_holds");
        }
    }
}
