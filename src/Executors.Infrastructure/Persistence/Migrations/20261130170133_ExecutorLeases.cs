using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Executors.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ExecutorLeases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "executor_leases",
                columns: table => new
                {
                    executor_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    engine_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    claimed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    lease_expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_executor_leases", x => x.executor_id);
                    table.ForeignKey(
                        name: "FK_executor_leases_executors_executor_id",
                        column: x => x.executor_id,
                        principalTable: "executors",
                        principalColumn: "executor_id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_executor_leases_engine_id",
                table: "executor_leases",
                column: "engine_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "executor_leases");
        }
    }
}
