using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Executors.Api.Tests.Infrastructure;

/// <summary>A self-signed server certificate made for one test (ECDSA P-256, SAN localhost and 127.0.0.1), as PEM files.</summary>
internal sealed class TestCertificate : IDisposable
{
    private readonly string _directory;

    public TestCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));

        _directory = Directory.CreateTempSubdirectory("executors-cert-").FullName;
        CertificatePath = Path.Combine(_directory, "cert.pem");
        KeyPath = Path.Combine(_directory, "key.pem");
        File.WriteAllText(CertificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(KeyPath, key.ExportPkcs8PrivateKeyPem());
        Thumbprint = certificate.GetCertHashString(HashAlgorithmName.SHA256);
    }

    public string CertificatePath { get; }

    public string KeyPath { get; }

    /// <summary>SHA-256 of the certificate: what a client pins.</summary>
    public string Thumbprint { get; }

    /// <summary>A handler that trusts exactly this certificate (pinned), not every certificate.</summary>
    public SocketsHttpHandler PinnedHandler() => new()
    {
        AllowAutoRedirect = false,
        SslOptions =
        {
            RemoteCertificateValidationCallback = (_, presented, _, _) =>
                presented is not null && string.Equals(presented.GetCertHashString(HashAlgorithmName.SHA256), Thumbprint, StringComparison.OrdinalIgnoreCase),
        },
    };

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
