using Executors.Domain.Executors;
using Executors.Domain.Positions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Executors.Infrastructure.Persistence.Configurations;

internal sealed class PositionHoldConfiguration : IEntityTypeConfiguration<PositionHold>
{
    /// <summary>The unique index on the four-part key, which <c>INSERT … ON CONFLICT</c> names.</summary>
    public const string KeyIndex = "ux_position_holds_key";

    public void Configure(EntityTypeBuilder<PositionHold> builder)
    {
        builder.ToTable("position_holds", table =>
        {
            // The aggregate keeps the open sides non-negative and every amount below its bound; the constraints keep any
            // other writer honest.
            table.HasCheckConstraint(
                "ck_position_holds_amounts",
                "buy_amount_base >= 0 AND buy_amount_quote >= 0 AND sell_amount_base >= 0 AND sell_amount_quote >= 0 AND cum_fees_quote >= 0 " +
                $"AND greatest(buy_amount_base, buy_amount_quote, sell_amount_base, sell_amount_quote, cum_fees_quote, abs(realized_pnl_quote)) < {PositionHold.MaxAmount:0}");
        });
        builder.HasKey(position => position.Id);
        builder.Property(position => position.Id).UseIdentityAlwaysColumn();

        builder.Property(position => position.AccountName).HasMaxLength(Executor.MaxAccountNameLength).IsRequired();
        builder.Property(position => position.ConnectorName).HasMaxLength(Executor.MaxConnectorNameLength).IsRequired();
        builder.Property(position => position.TradingPair).HasMaxLength(Executor.MaxTradingPairLength).IsRequired();
        builder.Property(position => position.ControllerId).HasMaxLength(Executor.MaxControllerIdLength).IsRequired();
        builder.HasIndex(position => new { position.AccountName, position.ConnectorName, position.TradingPair, position.ControllerId })
            .IsUnique()
            .HasDatabaseName(KeyIndex);

        // Unconstrained numeric, as the executor's amounts: every digit the aggregate computed (at most PositionHold.Scale
        // places, below PositionHold.MaxAmount: it reads back into a decimal) and no trailing zeros it did not, so that
        // 1.5 is answered as 1.5, not 1.500000000000.
        foreach (var amount in new[] { "BuyAmountBase", "BuyAmountQuote", "SellAmountBase", "SellAmountQuote", "RealizedPnlQuote", "CumFeesQuote" })
        {
            builder.Property<decimal>(amount).HasColumnType("numeric");
        }

        builder.Property(position => position.ExecutorIds)
            .HasField("_executorIds")
            .UsePropertyAccessMode(PropertyAccessMode.Field)
            .HasColumnType("text[]")
            .IsRequired();
        builder.Property(position => position.LastUpdated).HasColumnType("timestamptz");

        builder.Ignore(position => position.Key);
    }
}
