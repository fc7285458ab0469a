using Executors.Infrastructure.Persistence;
using Npgsql;

namespace Executors.Infrastructure.Tests.Persistence;

public sealed class DatabaseConnectionStringTests
{
    [Fact]
    public void WithDefaults_NothingSet_AppliesTheDeliberateTimeoutsAndPoolSize()
    {
        // Act
        var result = new NpgsqlConnectionStringBuilder(DatabaseConnectionString.WithDefaults("Host=db;Database=executors;Username=app"));

        // Assert
        Assert.Equal(2, result.Timeout);
        Assert.Equal(10, result.CommandTimeout);
        Assert.Equal(1000, result.CancellationTimeout);
        Assert.Equal(30, result.TcpKeepAliveTime);
        Assert.Equal(10, result.TcpKeepAliveInterval);
        Assert.Equal(50, result.MaxPoolSize);
        Assert.Equal(32, result.MaxAutoPrepare);
        Assert.True(result.NoResetOnClose);
        Assert.False(result.Enlist);
        Assert.Equal("db", result.Host);
        Assert.Equal("executors", result.Database);
    }

    [Fact]
    public void WithDefaults_OperatorSetValues_TheirValuesWin()
    {
        // Arrange: synonyms and odd casing, as operators write them.
        const string configured = "Host=db;timeout=7;CommandTimeout=30;Maximum Pool Size=12;Cancellation Timeout=-1;Tcp Keepalive=true;Max Auto Prepare=0;No Reset On Close=false;Enlist=true";

        // Act
        var result = new NpgsqlConnectionStringBuilder(DatabaseConnectionString.WithDefaults(configured));

        // Assert
        Assert.Equal(7, result.Timeout);
        Assert.Equal(30, result.CommandTimeout);
        Assert.Equal(12, result.MaxPoolSize);
        Assert.Equal(-1, result.CancellationTimeout);
        Assert.True(result.TcpKeepAlive);
        Assert.Equal(0, result.TcpKeepAliveTime);
        Assert.Equal(0, result.MaxAutoPrepare);
        Assert.False(result.NoResetOnClose);
        Assert.True(result.Enlist);
    }
}
