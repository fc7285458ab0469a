using System.Text.Json;
using Executors.Domain.Common;
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

    /// <summary>Only objects are ever written (the type guarantees it), so what is read back is not parsed again.</summary>
    private static readonly ValueConverter<JsonObjectValue?, string> JsonObjectConverter =
        new(value => value!.Json, json => JsonObjectValue.FromStore(json));

    public void Configure(EntityTypeBuilder<Executor> builder)
    {
        // The aggregate guards these rules; the constraints keep any other writer (a script, a future service) honest.
        builder.ToTable("executors", table =>
        {
            table.HasCheckConstraint("ck_executors_status", $"status IN ({SqlList(WireCodes.AllCodes<ExecutorStatus>())})");
            table.HasCheckConstraint("ck_executors_side", $"side IS NULL OR side IN ({SqlList(WireCodes.AllCodes<TradeSide>())})");
            table.HasCheckConstraint("ck_executors_close_type", $"close_type IS NULL OR close_type IN ({SqlList(WireCodes.AllCodes<CloseType>())})");
            table.HasCheckConstraint("ck_executors_closed_only_when_terminated", "status = 'TERMINATED' OR (close_type IS NULL AND close_timestamp IS NULL)");
            table.HasCheckConstraint("ck_executors_trading_only_when_active", "NOT is_trading OR status <> 'TERMINATED'");
            // A stop request is both its time and its keep_position, or neither (migration ExecutorStopRequest).
            table.HasCheckConstraint("ck_executors_stop_request_whole", "(stop_requested_at IS NULL) = (stop_keep_position IS NULL)");
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

        // The reported state is a value of the aggregate, stored in the executor's own row: one column per field.
        builder.ComplexProperty(executor => executor.State, state =>
        {
            state.IsRequired();
            state.Property(s => s.ExecutorType).HasMaxLength(Executor.MaxExecutorTypeLength);
            state.Property(s => s.AccountName).HasMaxLength(Executor.MaxAccountNameLength);
            state.Property(s => s.ConnectorName).HasMaxLength(Executor.MaxConnectorNameLength);
            state.Property(s => s.TradingPair).HasMaxLength(Executor.MaxTradingPairLength);
            // Every executor has a controller ("main" unless named); the default serves rows written around the API.
            state.Property(s => s.ControllerId).HasMaxLength(Executor.MaxControllerIdLength).HasDefaultValue(ExecutorState.DefaultControllerId);

            // Enums are stored as Hummingbot spells them, so the table reads like the API.
            state.Property(s => s.Status).HasConversion(WireCodeConverter<ExecutorStatus>()).HasMaxLength(32);
            state.Property(s => s.Side).HasConversion(WireCodeConverter<TradeSide>()).HasMaxLength(16);
            state.Property(s => s.CloseType).HasConversion(WireCodeConverter<CloseType>()).HasMaxLength(32);

            // Unconstrained numeric keeps every digit the engine reported, and no trailing zeros it did not.
            state.Property(s => s.NetPnlQuote).HasColumnType("numeric");
            state.Property(s => s.NetPnlPct).HasColumnType("numeric");
            state.Property(s => s.CumFeesQuote).HasColumnType("numeric");
            state.Property(s => s.FilledAmountQuote).HasColumnType("numeric");

            state.Property(s => s.Timestamp).HasColumnType("timestamptz");
            state.Property(s => s.CreatedAt).HasColumnType("timestamptz");
            state.Property(s => s.CloseTimestamp).HasColumnType("timestamptz");

            state.Property(s => s.Config).HasColumnType("jsonb").HasConversion(JsonObjectConverter);
            state.Property(s => s.CustomInfo).HasColumnType("jsonb").HasConversion(JsonObjectConverter);
        });

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
        // database itself; executors without a creation time come last.
        builder.Property<DateTimeOffset>(SortAt)
            .HasColumnType("timestamptz")
            .HasComputedColumnSql("COALESCE(created_at, '-infinity'::timestamptz)", stored: true);
        builder.HasIndex(SortAt, nameof(Executor.ExecutorId)).IsDescending(true, true).HasDatabaseName("ix_executors_list_order");

        // Each filterable column also has an index ending in the list order — (status, sort_at DESC, executor_id DESC)
        // and alike for account_name, connector_name, trading_pair, executor_type, controller_id — so that PostgreSQL
        // walks straight to any page of a filtered list (keyset pagination). Those columns belong to the state, and
        // EF Core 10 cannot declare an index over a complex type's columns (dotnet/efcore#31246), so the migrations
        // alone hold them (ExecutorListOrder created them; ExecutorStateValue keeps them). A test checks they exist.

        // The stop requested through the API: the aggregate's own command state, in columns of its own beside the
        // reported state's, so that no engine report (which replaces the state) touches it.
        builder.Property(executor => executor.StopRequestedAt).HasColumnType("timestamptz");
        builder.Property(executor => executor.StopKeepPosition);
        builder.Ignore(executor => executor.StopRequest);

        builder.Ignore(executor => executor.IsActive);
        builder.Property(executor => executor.ErrorCount).HasDefaultValue(0);
        builder.Ignore(executor => executor.LastError);
    }

    private static string SqlList(IEnumerable<string> codes) => string.Join(", ", codes.Select(code => $"'{code}'"));

    internal static ValueConverter<TEnum, string> WireCodeConverter<TEnum>()
        where TEnum : struct, Enum =>
        new(value => WireCodes.ToCode(value), code => WireCodes.Parse<TEnum>(code));
}
