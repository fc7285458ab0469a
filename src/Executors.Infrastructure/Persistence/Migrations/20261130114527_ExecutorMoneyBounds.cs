using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Executors.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ExecutorMoneyBounds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The API refuses amounts beyond these bounds (400) so that sums always fit; this is the last defence against
            // any other writer. NOT VALID: enforced from now on without failing on rows an earlier version accepted.
            migrationBuilder.Sql(
                "ALTER TABLE executors ADD CONSTRAINT ck_executors_money_bounds CHECK (abs(net_pnl_quote) < 1000000000000 " +
                "AND abs(cum_fees_quote) < 1000000000000 AND abs(filled_amount_quote) < 1000000000000 " +
                "AND abs(net_pnl_pct) <= 1000000) NOT VALID;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_executors_money_bounds",
                table: "executors");
        }
    }
}
