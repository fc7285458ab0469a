using System.Reflection;

namespace Executors.Api.Tests.Architecture;

/// <summary>Dependencies point inward: Api → Application → Domain; Infrastructure → Application → Domain.</summary>
public sealed class LayeringTests
{
    private static readonly Assembly Domain = typeof(Executors.Domain.Executors.Executor).Assembly;
    private static readonly Assembly Application = typeof(Executors.Application.DependencyInjection).Assembly;
    private static readonly Assembly Infrastructure = typeof(Executors.Infrastructure.DependencyInjection).Assembly;
    private static readonly Assembly Api = typeof(Program).Assembly;

    [Fact]
    public void Domain_References_OnlyTheFramework()
    {
        // Act
        var references = References(Domain);

        // Assert: no package, no other layer.
        Assert.All(references, name => Assert.True(IsFramework(name), $"Domain references {name}"));
    }

    [Fact]
    public void Application_References_DomainAndItsPackagesOnly()
    {
        // Arrange
        string[] allowed =
        [
            "AutoMapper", "Executors.Domain", "FluentValidation", "FluentValidation.DependencyInjectionExtensions", "MediatR",
            "Microsoft.Extensions.DependencyInjection.Abstractions", "Microsoft.Extensions.Logging.Abstractions",
        ];

        // Act
        var references = References(Application).Where(name => !IsFramework(name)).ToList();

        // Assert: no Infrastructure, no Api, no EF Core or Npgsql.
        Assert.Contains("Executors.Domain", references);
        Assert.All(references, name => Assert.Contains(name, allowed));
    }

    [Fact]
    public void Infrastructure_DoesNotReference_Api()
    {
        // Act
        var references = References(Infrastructure);

        // Assert
        Assert.Contains("Executors.Application", references);
        Assert.DoesNotContain("Executors.Api", references);
    }

    [Fact]
    public void Api_UsesNoInfrastructureTypes_ExceptToComposeIt()
    {
        // Arrange: the only Infrastructure types Program.cs may name are its composition entry points (the migrate
        // command's is the migrator).
        string[] allowed = ["Executors.Infrastructure.DependencyInjection", "Executors.Infrastructure.Persistence.DatabaseInitializer", "Executors.Infrastructure.Persistence.DatabaseMigrator"];

        // Act
        var used = Api.GetTypes()
            .SelectMany(TypesUsedBy)
            .Where(type => type.Assembly == Infrastructure)
            .Select(type => type.FullName!)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

        // Assert
        Assert.All(used, name => Assert.Contains(name, allowed));
        Assert.DoesNotContain("Microsoft.EntityFrameworkCore", References(Api));
        Assert.DoesNotContain("Npgsql", References(Api));
    }

    [Fact]
    public void Controllers_DependOn_MediatorAndTheRequestAllowanceOnly()
    {
        // Act
        var controllers = Api.GetTypes().Where(type => type.Name.EndsWith("Controller", StringComparison.Ordinal));

        // Assert: thin controllers, one dispatch each; the only other thing they do is charge a large request its cost.
        Assert.All(controllers, controller =>
            Assert.All(controller.GetConstructors().SelectMany(ctor => ctor.GetParameters()), parameter =>
                Assert.Contains(parameter.ParameterType, (Type[])[typeof(MediatR.IMediator), typeof(Executors.Api.Security.UserRateLimiter)])));
    }

    [Fact]
    public void Client_References_NoProjectOfTheSolutionAndNoNewtonsoft()
    {
        // Arrange: the generated client is a package for other services; it must stand alone.
        var client = typeof(Executors.Client.IExecutorsApiClient).Assembly;

        // Act
        var references = References(client).Where(name => !IsFramework(name)).ToList();

        // Assert: System.Text.Json (framework) and Microsoft.Extensions only.
        Assert.All(references, name => Assert.StartsWith("Microsoft.Extensions.", name, StringComparison.Ordinal));
        Assert.Contains("Microsoft.Extensions.Http", references);
    }

    [Fact]
    public void SampleEngine_References_TheGeneratedClientAndNoProjectBehindTheApi()
    {
        // Arrange: the reference engine is an outside service; it talks to the API through the generated client only.
        var engine = typeof(Executors.SampleEngine.EngineLoop).Assembly;

        // Act
        var references = References(engine).Where(name => !IsFramework(name)).ToList();

        // Assert
        Assert.Contains("Executors.Client", references);
        Assert.All(references, name => Assert.True(
            name == "Executors.Client" || name.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal), $"the sample engine references {name}"));
    }

    private static string[] References(Assembly assembly) =>
        [.. assembly.GetReferencedAssemblies().Select(name => name.Name!)];

    private static bool IsFramework(string name) =>
        name is "System" or "netstandard" or "mscorlib" || name.StartsWith("System.", StringComparison.Ordinal) || name.StartsWith("Microsoft.Win32", StringComparison.Ordinal);

    private static IEnumerable<Type> TypesUsedBy(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var field in type.GetFields(all))
        {
            yield return field.FieldType;
        }

        foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            foreach (var parameter in method.GetParameters())
            {
                yield return parameter.ParameterType;
            }

            var body = method.GetMethodBody();
            if (body is null)
            {
                continue;
            }

            foreach (var local in body.LocalVariables)
            {
                yield return local.LocalType;
            }

            foreach (var token in MemberTokens(body.GetILAsByteArray() ?? []))
            {
                Type? resolved = null;
                try
                {
                    resolved = type.Module.ResolveMember(token) switch
                    {
                        Type t => t,
                        MemberInfo member => member.DeclaringType,
                        _ => null,
                    };
                }
                catch (ArgumentException)
                {
                }

                if (resolved is not null)
                {
                    yield return resolved;
                }
            }
        }
    }

    // Tokens of call/newobj/ldtoken/ldfld-style operands: table 0x01 (TypeRef), 0x02 (TypeDef), 0x0A (MemberRef), 0x06 (MethodDef).
    private static IEnumerable<int> MemberTokens(byte[] il)
    {
        for (var i = 0; i + 4 < il.Length; i++)
        {
            var token = BitConverter.ToInt32(il, i + 1);
            var table = token >>> 24;
            if (il[i] is 0x28 or 0x73 or 0x6F or 0xD0 && table is 0x01 or 0x02 or 0x0A or 0x06 && (token & 0xFFFFFF) != 0)
            {
                yield return token;
            }
        }
    }
}
