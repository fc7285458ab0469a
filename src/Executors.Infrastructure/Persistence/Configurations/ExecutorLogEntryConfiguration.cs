using Executors.Domain.Executors;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Executors.Infrastructure.Persistence.Configurations;

internal sealed class ExecutorLogEntryConfiguration : IEntityTypeConfiguration<ExecutorLogEntry>
{
    public void Configure(EntityTypeBuilder<ExecutorLogEntry> builder)
    {
        builder.ToTable("executor_logs", table =>
            table.HasCheckConstraint("ck_executor_logs_level", "level IN ('DEBUG', 'INFO', 'WARNING', 'ERROR')"));
        builder.HasKey(entry => entry.Id);
        builder.Property(entry => entry.Id).UseIdentityAlwaysColumn();
        builder.Property(entry => entry.ExecutorId).HasMaxLength(ExecutorIds.MaxLength).IsRequired();
        builder.Property(entry => entry.Timestamp).HasColumnType("timestamptz");
        builder.Property(entry => entry.Level).HasConversion(ExecutorConfiguration.WireCodeConverter<ExecutorLogLevel>()).HasMaxLength(16);
        builder.Property(entry => entry.Message).HasMaxLength(Executor.MaxErrorMessageLength).IsRequired();
        builder.Property(entry => entry.ExceptionInfo).HasMaxLength(Executor.MaxExceptionInfoLength);

        // An executor's log goes with it.
        builder.HasOne<Executor>().WithMany().HasForeignKey(entry => entry.ExecutorId)
            .HasPrincipalKey(executor => executor.ExecutorId).OnDelete(DeleteBehavior.Cascade);

        // Newest-first reads, of all levels or of one.
        builder.HasIndex(entry => new { entry.ExecutorId, entry.Timestamp, entry.Id }).HasDatabaseName("ix_executor_logs_order");
        builder.HasIndex(entry => new { entry.ExecutorId, entry.Level, entry.Timestamp, entry.Id }).HasDatabaseName("ix_executor_logs_level_order");
    }
}
