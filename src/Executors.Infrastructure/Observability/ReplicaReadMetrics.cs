using System.Diagnostics.Metrics;

namespace Executors.Infrastructure.Observability;

/// <summary>
/// Where reads went when <c>ConnectionStrings:ExecutorsRead</c> is set: <c>executors.db.reads</c> by <c>target</c>
/// (<c>standby</c> or <c>primary</c> — the primary either because no standby answered or because the standby had not
/// replayed what the caller must see), and <c>executors.db.read_your_writes.fallbacks</c>, the reads that waited for a
/// standby in vain and went to the primary.
/// </summary>
internal sealed class ReplicaReadMetrics
{
    public const string Standby = "standby";
    public const string Primary = "primary";

    private readonly Counter<long>? _reads;
    private readonly Counter<long>? _fallbacks;

    public ReplicaReadMetrics(IMeterFactory? meters = null)
    {
        if (meters is null)
        {
            return;
        }

        var meter = meters.Create(InfrastructureMetrics.MeterName);
        _reads = meter.CreateCounter<long>("executors.db.reads", unit: "{request}",
            description: "Requests whose reads went to a standby or to the primary (with ConnectionStrings:ExecutorsRead set).");
        _fallbacks = meter.CreateCounter<long>("executors.db.read_your_writes.fallbacks", unit: "{request}",
            description: "Reads that waited Database:ReplicaWait for the standby to replay the caller's write in vain and read from the primary.");
    }

    public void Read(string target) => _reads?.Add(1, new KeyValuePair<string, object?>("target", target));

    public void Fallback() => _fallbacks?.Add(1);
}
