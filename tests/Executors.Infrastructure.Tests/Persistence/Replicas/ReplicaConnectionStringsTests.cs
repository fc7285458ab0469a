using Executors.Infrastructure.Persistence.Replicas;
using Npgsql;

namespace Executors.Infrastructure.Tests.Persistence.Replicas;

public sealed class ReplicaConnectionStringsTests
{
    [Fact]
    public void Primary_SeveralHostsWithoutTarget_TargetsThePrimary()
    {
        // Act
        var result = new NpgsqlConnectionStringBuilder(ReplicaConnectionStrings.Primary("Host=pg1,pg2;Database=executors"));

        // Assert: and the usual defaults, as for one host.
        Assert.Equal("primary", result.TargetSessionAttributes);
        Assert.Equal(2, result.Timeout);
    }

    [Fact]
    public void Primary_OneHost_NoTargetAdded()
    {
        // Act
        var result = new NpgsqlConnectionStringBuilder(ReplicaConnectionStrings.Primary("Host=db;Database=executors"));

        // Assert
        Assert.Null(result.TargetSessionAttributes);
        Assert.Equal(50, result.MaxPoolSize);
    }

    [Fact]
    public void Primary_OperatorSetTarget_TheirsWins()
    {
        // Act
        var result = new NpgsqlConnectionStringBuilder(ReplicaConnectionStrings.Primary("Host=pg1,pg2;Target Session Attributes=read-write"));

        // Assert
        Assert.Equal("read-write", result.TargetSessionAttributes);
    }

    [Fact]
    public void Read_NothingSet_PrefersAStandbyAndSpreadsConnections_WithTheUsualDefaults()
    {
        // Act
        var result = new NpgsqlConnectionStringBuilder(ReplicaConnectionStrings.Read("Host=standby1,primary;Database=executors"));

        // Assert
        Assert.Equal("prefer-standby", result.TargetSessionAttributes);
        Assert.True(result.LoadBalanceHosts);
        Assert.Equal(2, result.Timeout);
        Assert.Equal(10, result.CommandTimeout);
        Assert.Equal(32, result.MaxAutoPrepare);
    }

    [Fact]
    public void Read_OperatorSetValues_TheirsWin()
    {
        // Act
        var result = new NpgsqlConnectionStringBuilder(ReplicaConnectionStrings.Read("Host=s1,s2;Target Session Attributes=standby;Load Balance Hosts=false;Timeout=5"));

        // Assert
        Assert.Equal("standby", result.TargetSessionAttributes);
        Assert.False(result.LoadBalanceHosts);
        Assert.Equal(5, result.Timeout);
    }
}
