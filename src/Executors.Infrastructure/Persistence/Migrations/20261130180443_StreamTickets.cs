using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Executors.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// Stream tickets (docs/streams.md): one row per ticket not yet redeemed, keyed by the SHA-256 of the ticket (never
    /// the ticket itself), so that any API process of this database redeems a ticket another issued, once.
    /// </summary>
    public partial class StreamTickets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "stream_tickets",
                columns: table => new
                {
                    ticket_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    user_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamptz", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_stream_tickets", x => x.ticket_hash);
                    table.CheckConstraint("ck_stream_tickets_hash_length", "octet_length(ticket_hash) = 32");
                });

            migrationBuilder.CreateIndex(
                name: "ix_stream_tickets_expires_at",
                table: "stream_tickets",
                column: "expires_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "stream_tickets");
        }
    }
}
