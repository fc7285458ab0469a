using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Executors.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ExecutorRecordVersion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The ETag was PostgreSQL's xmin, a database-wide transaction counter (it told a reader how many writes other
            // accounts made). Each record now counts its own changes; existing records start at 1. (xmin itself is a
            // system column: nothing to drop.)
            migrationBuilder.AddColumn<long>(
                name: "version",
                table: "executors",
                type: "bigint",
                nullable: false,
                defaultValue: 1L);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "version",
                table: "executors");
        }
    }
}
