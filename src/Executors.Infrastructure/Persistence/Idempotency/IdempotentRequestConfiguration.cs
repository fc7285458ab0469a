using Executors.Application.Executors.Commands.CreateExecutor;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Executors.Infrastructure.Persistence.Idempotency;

internal sealed class IdempotentRequestConfiguration : IEntityTypeConfiguration<IdempotentRequestRecord>
{
    public void Configure(EntityTypeBuilder<IdempotentRequestRecord> builder)
    {
        builder.ToTable("idempotent_requests");
        builder.HasKey(request => request.Id);
        builder.Property(request => request.Id).UseIdentityAlwaysColumn();
        builder.Property(request => request.UserName).HasMaxLength(256).IsRequired();
        builder.Property(request => request.Key).HasMaxLength(CreateExecutorCommand.MaxIdempotencyKeyLength).IsRequired();
        builder.Property(request => request.RequestHash).HasMaxLength(64).IsRequired();
        builder.Property(request => request.Answer).HasColumnType("jsonb");
        builder.Property(request => request.CreatedAt).IsRequired();
        builder.HasIndex(request => new { request.UserName, request.Key }).IsUnique().HasDatabaseName("ux_idempotent_requests_key");

        // The purge takes the oldest rows past their lifetime in batches: by index, not by scanning a day of keys each time.
        builder.HasIndex(request => request.CreatedAt).HasDatabaseName("ix_idempotent_requests_created_at");
    }
}
