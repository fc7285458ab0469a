using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Executors.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ExecutorLogs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_executors_executor_id",
                table: "executors");

            migrationBuilder.AddColumn<int>(
                name: "error_count",
                table: "executors",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // Until now the count was the length of the error log; it becomes a counter of every error captured.
            migrationBuilder.Sql("UPDATE executors SET error_count = jsonb_array_length(error_log);");

            migrationBuilder.AddUniqueConstraint(
                name: "AK_executors_executor_id",
                table: "executors",
                column: "executor_id");

            migrationBuilder.CreateTable(
                name: "executor_logs",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    executor_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    timestamp = table.Column<DateTimeOffset>(type: "timestamptz", nullable: false),
                    level = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    message = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    exception_info = table.Column<string>(type: "character varying(16000)", maxLength: 16000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_executor_logs", x => x.id);
                    table.CheckConstraint("ck_executor_logs_level", "level IN ('DEBUG', 'INFO', 'WARNING', 'ERROR')");
                    table.ForeignKey(
                        name: "FK_executor_logs_executors_executor_id",
                        column: x => x.executor_id,
                        principalTable: "executors",
                        principalColumn: "executor_id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_executor_logs_level_order",
                table: "executor_logs",
                columns: new[] { "executor_id", "level", "timestamp", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_executor_logs_order",
                table: "executor_logs",
                columns: new[] { "executor_id", "timestamp", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "executor_logs");

            migrationBuilder.DropUniqueConstraint(
                name: "AK_executors_executor_id",
                table: "executors");

            migrationBuilder.DropColumn(
                name: "error_count",
                table: "executors");

            migrationBuilder.CreateIndex(
                name: "IX_executors_executor_id",
                table: "executors",
                column: "executor_id",
                unique: true);
        }
    }
}
