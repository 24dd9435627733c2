namespace VmmAssess.Infra.Tests;

public class AzureYamlTests
{
    [Fact]
    public void Azd_deploys_the_functions_project_to_the_app_the_template_tags()
    {
        var lines = File.ReadAllLines(Path.Combine(CompiledInfra.RepositoryRoot, "azure.yaml"))
            .Where(l => !l.TrimStart().StartsWith('#') && l.Trim().Length > 0)
            .ToList();

        // infra: provider bicep, path infra, module main
        Assert.Contains("  provider: bicep", lines);
        Assert.Contains("  path: infra", lines);
        Assert.Contains("  module: main", lines);

        // services: exactly one, the Functions project, as a Function App.
        var servicesAt = lines.IndexOf("services:");
        Assert.True(servicesAt >= 0, "azure.yaml has no services section.");
        var serviceNames = lines.Skip(servicesAt + 1)
            .TakeWhile(l => l.StartsWith(' '))
            .Where(l => l.Length > 2 && l[2] != ' ' && l.TrimEnd().EndsWith(':'))
            .Select(l => l.Trim().TrimEnd(':'))
            .ToList();
        var service = Assert.Single(serviceNames);

        Assert.Contains("    project: ./src/VmmAssess.Functions", lines);
        Assert.Contains("    language: dotnet", lines);
        Assert.Contains("    host: function", lines);
        Assert.True(File.Exists(Path.Combine(CompiledInfra.RepositoryRoot, "src", "VmmAssess.Functions", "VmmAssess.Functions.csproj")));

        Assert.Equal(service, Footprint.Default().FunctionApp.Get("tags.azd-service-name"));
    }

    [Fact]
    public void Publish_flag_is_asked_for_per_azd_environment_not_per_shell()
    {
        // `export` would switch the host extension on for every later local build in that shell.
        var text = File.ReadAllText(Path.Combine(CompiledInfra.RepositoryRoot, "azure.yaml"));
        var hookMessages = text.Split('\n').Where(l => l.Contains("echo ", StringComparison.Ordinal) || l.Contains("Write-Error", StringComparison.Ordinal)).ToList();

        Assert.Equal(2, hookMessages.Count);
        Assert.All(hookMessages, m =>
        {
            Assert.Contains("azd env set IncludeServiceBusHostExtension true", m, StringComparison.Ordinal);
            Assert.DoesNotContain("export ", m, StringComparison.Ordinal);
        });
    }
}
