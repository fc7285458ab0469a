using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Executors.Infrastructure.Persistence.LiveUpdates;

internal sealed class StreamTicketConfiguration : IEntityTypeConfiguration<StreamTicketRecord>
{
    public void Configure(EntityTypeBuilder<StreamTicketRecord> builder)
    {
        builder.ToTable("stream_tickets", table => table.HasCheckConstraint("ck_stream_tickets_hash_length", "octet_length(ticket_hash) = 32"));
        builder.HasKey(ticket => ticket.TicketHash);
        builder.Property(ticket => ticket.TicketHash).HasColumnType("bytea");
        builder.Property(ticket => ticket.UserName).HasMaxLength(256).IsRequired();
        builder.Property(ticket => ticket.ExpiresAt).HasColumnType("timestamptz");

        // The purge's range scan: the oldest run-out tickets first.
        builder.HasIndex(ticket => ticket.ExpiresAt).HasDatabaseName("ix_stream_tickets_expires_at");
    }
}
