namespace Executors.Domain.Positions;

/// <summary>
/// What one executor closed with POSITION_HOLD leaves behind: its fills, for the position of <paramref name="Key"/>.
/// Folded into that position once, in the same unit of work as the executor's terminal report.
/// </summary>
public sealed record HeldPosition(PositionKey Key, string ExecutorId, IReadOnlyList<PositionFill> Fills);
