using System.Xml.Linq;
using VmmAssess.Functions.Tests.Infrastructure;

namespace VmmAssess.Functions.Tests;

/// <summary>The Service Bus test host (and AMQPNetLite under it) is test support: nothing shipped may carry it.</summary>
public sealed class TestHostStaysOutOfTheAppTests
{
    private static readonly string[] TestOnly = ["VmmAssess.Testing.ServiceBus", "AMQPNetLite", "Amqp.Net"];

    [Fact]
    public void No_project_under_src_references_the_test_host_or_amqpnetlite()
    {
        var projects = Directory.GetFiles(RepoPaths.File("src"), "*.csproj", SearchOption.AllDirectories);
        Assert.NotEmpty(projects);
        foreach (var project in projects)
        {
            var references = XDocument.Load(project).Descendants()
                .Where(e => e.Name.LocalName is "ProjectReference" or "PackageReference")
                .Select(e => (string?)e.Attribute("Include") ?? "");
            foreach (var reference in references)
            {
                Assert.False(TestOnly.Any(t => reference.Contains(t, StringComparison.OrdinalIgnoreCase)), $"{Path.GetFileName(project)} references {reference}");
            }
        }
    }

    [Fact]
    public void The_functions_assembly_does_not_load_the_test_host()
    {
        var referenced = typeof(SnapshotQueueClient).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? "");

        Assert.DoesNotContain(referenced, name => TestOnly.Any(t => name.StartsWith(t, StringComparison.OrdinalIgnoreCase)));
    }
}
