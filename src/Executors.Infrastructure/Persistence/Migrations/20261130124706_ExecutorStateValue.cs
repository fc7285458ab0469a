using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Executors.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// The executor's reported fields became a complex property of the aggregate (its <c>State</c>), stored in the same
    /// columns, so the schema does not change. EF Core 10 cannot declare indexes over a complex type's columns
    /// (dotnet/efcore#31246), so the model no longer lists the six per-column list-order indexes that
    /// <c>ExecutorListOrder</c> created, and EF generated their drops here. They stay: the search needs them
    /// (ADR 11), so this migration deliberately does nothing, and a test checks that they exist.
    /// </summary>
    public partial class ExecutorStateValue : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
