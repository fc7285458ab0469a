namespace Executors.Infrastructure.Persistence.Replicas;

/// <summary>Whether reads go to standbys: the read pool when <c>ConnectionStrings:ExecutorsRead</c> is set, else none.</summary>
internal sealed class ReplicaReads
{
    public ReplicaReads(ReadContextPool? pool)
    {
        Pool = pool;
    }

    public ReadContextPool? Pool { get; }

    public bool Enabled => Pool is not null;
}
