using System.Collections.Concurrent;
using NpgsqlTypes;

namespace Executors.Infrastructure.Persistence.Replicas;

/// <summary>
/// How far each standby (by host and port) is known to have replayed, as last seen by any request of this process. A
/// standby's replay position only moves forward, so a read that must see a position the standby is already known to
/// have passed asks it nothing: only reads behind the newest write a standby was seen at pay a round trip.
/// </summary>
internal sealed class StandbyProgress
{
    private readonly ConcurrentDictionary<string, NpgsqlLogSequenceNumber> _replayed = new(StringComparer.Ordinal);

    public bool Reached(string standby, NpgsqlLogSequenceNumber position) =>
        _replayed.TryGetValue(standby, out var replayed) && replayed >= position;

    public void Record(string standby, NpgsqlLogSequenceNumber replayed) =>
        _replayed.AddOrUpdate(standby, replayed, (_, known) => replayed > known ? replayed : known);
}
