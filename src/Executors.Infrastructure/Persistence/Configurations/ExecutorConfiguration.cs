using System.Text.Json;
using Executors.Domain.Executors;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Executors.Infrastructure.Persistence.Configurations;

internal sealed class ExecutorConfiguration : IEntityTypeConfiguration<Executor>
{
    /// <summary>The shadow property (and column <c>sort_at</c>) that orders executor lists.</summary>
    public const string SortAt = "SortAt";

    private static readonly JsonSerializerOptions ErrorLogJson = new(JsonSerializerDefaults.General)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public void Configure(EntityTypeBuilder<Executor> builder)
    {
        // The aggregate guards these rules; the constraints keep any other writer (a script, a future service) honest.
        builder.ToTable("executors", table =>
        {
            table.HasCheckConstraint("ck_executors_status", $"status IN ({SqlList(Vocabulary.AllCodes<ExecutorStatus>())})");
            table.HasCheckConstraint("ck_executors_side", $"side IS NULL OR side IN ({SqlList(Vocabulary.AllCodes<TradeSide>())})");
            table.HasCheckConstraint("ck_executors_close_type", $"close_type IS NULL OR close_type IN ({SqlList(Vocabulary.AllCodes<CloseType>())})");
            table.HasCheckConstraint("ck_executors_closed_only_when_terminated", "status = 'TERMINATED' OR (close_type IS NULL AND close_timestamp IS NULL)");
            table.HasCheckConstraint("ck_executors_trading_only_when_active", "NOT is_trading OR status <> 'TERMINATED'");
            // Added NOT VALID (migration ExecutorMoneyBounds): enforced on every write, not checked on rows stored before.
            table.HasCheckConstraint(
                "ck_executors_money_bounds",
                $"abs(net_pnl_quote) < {Executor.MaxMoneyMagnitude:0} AND abs(cum_fees_quote) < {Executor.MaxMoneyMagnitude:0} " +
                $"AND abs(filled_amount_quote) < {Executor.MaxMoneyMagnitude:0} AND abs(net_pnl_pct) <= {Executor.MaxPercentMagnitude:0}");
        });
        builder.HasKey(executor => executor.Id);
        builder.Property(executor => executor.Id).UseIdentityAlwaysColumn();

        // The record's own change count (ExecutorsDbContext raises it on every save that changes the row): the ETag, and
        // the concurrency token behind the row lock that writers take (ExecutorRepository.FindForUpdateAsync).
        builder.Property(executor => executor.Version).IsConcurrencyToken();

        builder.Property(executor => executor.ExecutorId).HasMaxLength(ExecutorIds.MaxLength).IsRequired();
        // Unique: the alternate key that executor_logs refers to (its constraint is the unique index on executor_id).
        builder.HasAlternateKey(executor => executor.ExecutorId);

        builder.Property(executor => executor.ExecutorType).HasMaxLength(Executor.MaxExecutorTypeLength);
        builder.Property(executor => executor.AccountName).HasMaxLength(Executor.MaxAccountNameLength);
        builder.Property(executor => executor.ConnectorName).HasMaxLength(Executor.MaxConnectorNameLength);
        builder.Property(executor => executor.TradingPair).HasMaxLength(Executor.MaxTradingPairLength);
        builder.Property(executor => executor.ControllerId).HasMaxLength(Executor.MaxControllerIdLength);

        // Enums are stored as Hummingbot spells them, so the table reads like the API.
        builder.Property(executor => executor.Status).HasConversion(WireCodeConverter<ExecutorStatus>()).HasMaxLength(32);
        builder.Property(executor => executor.Side).HasConversion(WireCodeConverter<TradeSide>()).HasMaxLength(16);
        builder.Property(executor => executor.CloseType).HasConversion(WireCodeConverter<CloseType>()).HasMaxLength(32);

        foreach (var money in new[] { nameof(Executor.NetPnlQuote), nameof(Executor.NetPnlPct), nameof(Executor.CumFeesQuote), nameof(Executor.FilledAmountQuote) })
        {
            // Unconstrained numeric keeps every digit the engine reported, and no trailing zeros it did not.
            builder.Property(money).HasColumnType("numeric");
        }

        builder.Property(executor => executor.Timestamp).HasColumnType("timestamptz");
        builder.Property(executor => executor.CreatedAt).HasColumnType("timestamptz");
        builder.Property(executor => executor.CloseTimestamp).HasColumnType("timestamptz");

        builder.Property(executor => executor.Config).HasColumnType("jsonb");
        builder.Property(executor => executor.CustomInfo).HasColumnType("jsonb");

        builder.Property(executor => executor.ErrorLog)
            .HasField("_errorLog")
            .UsePropertyAccessMode(PropertyAccessMode.Field)
            .HasColumnType("jsonb")
            .IsRequired()
            .HasConversion(
                new ValueConverter<IReadOnlyList<ExecutorErrorEntry>, string>(
                    entries => JsonSerializer.Serialize(entries, ErrorLogJson),
                    json => JsonSerializer.Deserialize<List<ExecutorErrorEntry>>(json, ErrorLogJson) ?? new List<ExecutorErrorEntry>()),
                new ValueComparer<IReadOnlyList<ExecutorErrorEntry>>(
                    (left, right) => left!.SequenceEqual(right!),
                    entries => entries.Aggregate(0, (hash, entry) => HashCode.Combine(hash, entry)),
                    entries => entries.ToList()));

        // Lists are newest first. created_at may be unknown, so the order uses a never-null copy of it, kept by the
        // database itself; executors without a creation time come last. One index per filterable column, each
        // ending in the list order, lets PostgreSQL walk straight to any page (keyset pagination).
        builder.Property<DateTimeOffset>(SortAt)
            .HasColumnType("timestamptz")
            .HasComputedColumnSql("COALESCE(created_at, '-infinity'::timestamptz)", stored: true);
        builder.HasIndex(SortAt, nameof(Executor.ExecutorId)).IsDescending(true, true).HasDatabaseName("ix_executors_list_order");
        foreach (var column in new[] { nameof(Executor.Status), nameof(Executor.AccountName), nameof(Executor.ConnectorName), nameof(Executor.TradingPair), nameof(Executor.ExecutorType), nameof(Executor.ControllerId) })
        {
            builder.HasIndex(column, SortAt, nameof(Executor.ExecutorId))
                .IsDescending(false, true, true)
                .HasDatabaseName($"ix_executors_{ExecutorsDbContext.ToSnakeCase(column)}_list_order");
        }

        builder.Ignore(executor => executor.IsActive);
        builder.Property(executor => executor.ErrorCount).HasDefaultValue(0);
        builder.Ignore(executor => executor.LastError);
    }

    private static string SqlList(IEnumerable<string> codes) => string.Join(", ", codes.Select(code => $"'{code}'"));

    internal static ValueConverter<TEnum, string> WireCodeConverter<TEnum>()
        where TEnum : struct, Enum =>
        new(value => Vocabulary.ToCode(value), code => Vocabulary.Parse<TEnum>(code));
}
