using System.Text.Json;

namespace VmmAssess.Cli.Tests;

/// <summary>validate: unknown properties are allowed by the contract but warned about, with the name most likely meant.</summary>
public sealed class ValidateCommandTests : IDisposable
{
    private readonly string temp = Directory.CreateTempSubdirectory("vmmassess-validate-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    private string WithTypos()
    {
        var file = Path.Combine(temp, "typo.json");
        File.WriteAllText(file, File.ReadAllText(CliRunner.Sample("northwind-2022-to-2025.json"))
            .Replace("\"hosts\":", "\"hots\":", StringComparison.Ordinal)
            .Replace("\"runningJobs\":", "\"runingJobs\":", StringComparison.Ordinal)
            .Replace("\"libraryServers\": [", "\"libraryServers\": [], \"x-site-notes\": [", StringComparison.Ordinal));
        return file;
    }

    [Fact]
    public void Unknown_properties_are_warnings_with_the_nearest_known_name_and_do_not_fail()
    {
        var run = CliRunner.Run("validate", WithTypos());

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("valid snapshot", run.Stdout);
        Assert.Contains("3 unknown properties were ignored", run.Stdout);
        Assert.Contains("warning: $.hots: is not a property of the snapshot contract and is ignored; did you mean hosts?", run.Stderr);
        Assert.Contains("warning: $.vmm.runingJobs: is not a property of the snapshot contract and is ignored; did you mean runningJobs?", run.Stderr);
        Assert.Contains("warning: $.x-site-notes: is not a property of the snapshot contract and is ignored", run.Stderr);
        Assert.DoesNotContain("x-site-notes: is not a property of the snapshot contract and is ignored; did you mean", run.Stderr);
    }

    [Fact]
    public void Json_format_lists_the_warnings_beside_the_errors()
    {
        var run = CliRunner.Run("validate", WithTypos(), "--format", "json");

        using var json = JsonDocument.Parse(run.Stdout);
        Assert.True(json.RootElement.GetProperty("valid").GetBoolean());
        var warnings = json.RootElement.GetProperty("warnings").EnumerateArray().ToList();
        Assert.Contains(warnings, w => w.GetProperty("path").GetString() == "$.hots" && w.GetProperty("didYouMean").GetString() == "hosts");
    }

    [Fact]
    public void Nested_items_are_checked_against_their_own_properties()
    {
        var file = Path.Combine(temp, "nested.json");
        File.WriteAllText(file, File.ReadAllText(CliRunner.Sample("northwind-2022-to-2025.json"))
            .Replace("\"installationType\":", "\"instalationType\":", StringComparison.Ordinal));

        var run = CliRunner.Run("validate", file);

        Assert.Contains("$.hosts[0].os.instalationType: is not a property of the snapshot contract and is ignored; did you mean installationType?", run.Stderr);
    }

    [Fact]
    public void The_samples_have_no_unknown_property()
    {
        foreach (var sample in Directory.GetFiles(Path.Combine(CliRunner.RepoRoot, "samples", "snapshots"), "*.json"))
        {
            var run = CliRunner.Run("validate", sample);

            Assert.Equal(0, run.ExitCode);
            Assert.DoesNotContain("warning:", run.Stderr);
        }
    }

    [Fact]
    public void Assess_warns_about_the_same_unknown_properties_on_stderr_and_keeps_stdout_json()
    {
        var run = CliRunner.Run("assess", WithTypos(), "--format", "json");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("$.hots: is not a property of the snapshot contract and is ignored; did you mean hosts?", run.Stderr);
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal("northwind", json.RootElement.GetProperty("tenantId").GetString());
    }
}
