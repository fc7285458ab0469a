using System.Diagnostics.CodeAnalysis;

namespace Executors.Domain.Positions;

/// <summary>Which way a position hold leans: more bought than sold (LONG), more sold (SHORT), or neither (FLAT).</summary>
[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "LONG and SHORT are the trading terms the contract spells.")]
public enum PositionSide
{
    Long = 1,
    Short = 2,
    Flat = 3,
}
