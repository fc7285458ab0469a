using Executors.Domain.Executors;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Executors.Infrastructure.Persistence.Engines;

internal sealed class ExecutorLeaseConfiguration : IEntityTypeConfiguration<ExecutorLeaseRecord>
{
    public void Configure(EntityTypeBuilder<ExecutorLeaseRecord> builder)
    {
        builder.ToTable("executor_leases");
        builder.HasKey(lease => lease.ExecutorId);
        builder.Property(lease => lease.ExecutorId).HasMaxLength(ExecutorIds.MaxLength);
        builder.Property(lease => lease.EngineId).HasMaxLength(ExecutorIds.MaxLength).IsRequired();
        builder.HasIndex(lease => lease.EngineId).HasDatabaseName("ix_executor_leases_engine_id");

        // A lease belongs to an existing executor and goes with it.
        builder.HasOne<Executor>().WithMany().HasForeignKey(lease => lease.ExecutorId).HasPrincipalKey(executor => executor.ExecutorId).OnDelete(DeleteBehavior.Cascade);
    }
}
