using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Executors.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ExecutorListOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "sort_at",
                table: "executors",
                type: "timestamptz",
                nullable: false,
                computedColumnSql: "COALESCE(created_at, '-infinity'::timestamptz)",
                stored: true);

            migrationBuilder.CreateIndex(
                name: "ix_executors_account_name_list_order",
                table: "executors",
                columns: new[] { "account_name", "sort_at", "executor_id" },
                descending: new[] { false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_executors_connector_name_list_order",
                table: "executors",
                columns: new[] { "connector_name", "sort_at", "executor_id" },
                descending: new[] { false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_executors_controller_id_list_order",
                table: "executors",
                columns: new[] { "controller_id", "sort_at", "executor_id" },
                descending: new[] { false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_executors_executor_type_list_order",
                table: "executors",
                columns: new[] { "executor_type", "sort_at", "executor_id" },
                descending: new[] { false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_executors_list_order",
                table: "executors",
                columns: new[] { "sort_at", "executor_id" },
                descending: new bool[0]);

            migrationBuilder.CreateIndex(
                name: "ix_executors_status_list_order",
                table: "executors",
                columns: new[] { "status", "sort_at", "executor_id" },
                descending: new[] { false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_executors_trading_pair_list_order",
                table: "executors",
                columns: new[] { "trading_pair", "sort_at", "executor_id" },
                descending: new[] { false, true, true });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_executors_account_name_list_order",
                table: "executors");

            migrationBuilder.DropIndex(
                name: "ix_executors_connector_name_list_order",
                table: "executors");

            migrationBuilder.DropIndex(
                name: "ix_executors_controller_id_list_order",
                table: "executors");

            migrationBuilder.DropIndex(
                name: "ix_executors_executor_type_list_order",
                table: "executors");

            migrationBuilder.DropIndex(
                name: "ix_executors_list_order",
                table: "executors");

            migrationBuilder.DropIndex(
                name: "ix_executors_status_list_order",
                table: "executors");

            migrationBuilder.DropIndex(
                name: "ix_executors_trading_pair_list_order",
                table: "executors");

            migrationBuilder.DropColumn(
                name: "sort_at",
                table: "executors");
        }
    }
}
