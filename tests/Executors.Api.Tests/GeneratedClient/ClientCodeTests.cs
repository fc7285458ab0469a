using Executors.Api.OpenApi;
using Executors.Api.Tests.Infrastructure;
using Executors.ClientGenerator;

namespace Executors.Api.Tests.GeneratedClient;

public sealed class ClientCodeTests
{
    [Fact]
    public async Task GeneratedClient_RegeneratedFromCommittedDocument_EqualsCommittedCode()
    {
        // Arrange
        var document = RepositoryFiles.Read(OpenApiCommand.DocumentPath);

        // Act: the generator's own code path, in memory.
        var code = await ClientCode.GenerateAsync(document);

        // Assert: a stale client (the document changed, or the generator's settings did) fails here.
        GeneratedFiles.AssertUpToDate(ClientCode.OutputPath, code, ClientCode.RegenerateCommand);
    }

    [Fact]
    public void ClientCode_Paths_AgreeWithTheOpenApiCommand()
    {
        // Assert: the generator reads the file the API's command writes.
        Assert.Equal(OpenApiCommand.DocumentPath, ClientCode.DocumentPath);
        Assert.True(File.Exists(RepositoryFiles.PathOf(ClientCode.OutputPath)));
    }
}
