using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Executors.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ExecutorStopRequest : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "stop_keep_position",
                table: "executors",
                type: "boolean",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "stop_requested_at",
                table: "executors",
                type: "timestamptz",
                nullable: true);

            // The stop request asked through POST /executors/{id}/stop: the aggregate's own command state, beside the state
            // the engine reports. Nullable columns: added without rewriting the table. Every existing row has neither
            // value, so the pairing rule holds for them; NOT VALID spares the scan under the table's exclusive lock.
            migrationBuilder.Sql(
                "ALTER TABLE executors ADD CONSTRAINT ck_executors_stop_request_whole " +
                "CHECK ((stop_requested_at IS NULL) = (stop_keep_position IS NULL)) NOT VALID;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_executors_stop_request_whole",
                table: "executors");

            migrationBuilder.DropColumn(
                name: "stop_keep_position",
                table: "executors");

            migrationBuilder.DropColumn(
                name: "stop_requested_at",
                table: "executors");
        }
    }
}
