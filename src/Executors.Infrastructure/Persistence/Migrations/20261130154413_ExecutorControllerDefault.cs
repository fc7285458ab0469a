using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Executors.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ExecutorControllerDefault : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // An executor registered without a controller belongs to "main", the original service's default: the
            // records kept so far say so too, so that a filter on "main" finds them all.
            migrationBuilder.Sql("UPDATE executors SET controller_id = 'main' WHERE controller_id IS NULL;");

            migrationBuilder.AlterColumn<string>(
                name: "controller_id",
                table: "executors",
                type: "character varying(256)",
                maxLength: 256,
                nullable: false,
                defaultValue: "main",
                oldClrType: typeof(string),
                oldType: "character varying(256)",
                oldMaxLength: 256,
                oldNullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "controller_id",
                table: "executors",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(256)",
                oldMaxLength: 256,
                oldDefaultValue: "main");
        }
    }
}
