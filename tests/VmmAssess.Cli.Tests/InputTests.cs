using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace VmmAssess.Cli.Tests;

/// <summary>What `assess` reads: several files, wildcard patterns, folders with subfolders and gzip files.</summary>
public sealed class InputTests : IDisposable
{
    private readonly string temp = Directory.CreateTempSubdirectory("vmmassess-in-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    private static List<string?> Tenants(CliRun run)
    {
        using var json = JsonDocument.Parse(run.Stdout);
        return json.RootElement.GetProperty("assessments").EnumerateArray().Select(a => a.GetProperty("tenantId").GetString()).ToList();
    }

    private void Gzip(string sample, string destination)
    {
        using var output = new GZipStream(File.Create(Path.Combine(temp, destination)), CompressionLevel.Fastest);
        output.Write(File.ReadAllBytes(CliRunner.Sample(sample)));
    }

    [Fact]
    public void Several_files_are_one_portfolio_in_the_order_given()
    {
        var run = CliRunner.Run("assess", CliRunner.Sample("northwind-2022-to-2025.json"), CliRunner.Sample("contoso-2012r2-to-2016.json"), "--format", "json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["northwind", "contoso"], Tenants(run));
    }

    [Fact]
    public void A_wildcard_pattern_the_shell_did_not_expand_is_expanded_and_a_file_named_twice_is_assessed_once()
    {
        var pattern = Path.Combine(CliRunner.RepoRoot, "samples", "snapshots", "*-to-20*.json");

        var run = CliRunner.Run("assess", pattern, CliRunner.Sample("contoso-2012r2-to-2016.json"), "--format", "json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["contoso", "fabrikam", "litware", "northwind"], Tenants(run));
    }

    [Fact]
    public void A_pattern_that_matches_nothing_is_a_usage_error()
    {
        var run = CliRunner.Run("assess", Path.Combine(temp, "*.json"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("matches no file", run.Stderr);
    }

    [Fact]
    public void A_folder_includes_gzip_snapshots_and_recursive_includes_subfolders()
    {
        Gzip("contoso-2012r2-to-2016.json", "contoso.json.gz");
        Directory.CreateDirectory(Path.Combine(temp, "site-b"));
        File.Copy(CliRunner.Sample("northwind-2022-to-2025.json"), Path.Combine(temp, "site-b", "northwind.json"));

        var flat = CliRunner.Run("assess", temp, "--format", "json");
        var deep = CliRunner.Run("assess", temp, "--recursive", "--format", "json");

        Assert.Equal(0, flat.ExitCode);
        using (var single = JsonDocument.Parse(flat.Stdout))
        {
            Assert.Equal("contoso", single.RootElement.GetProperty("tenantId").GetString());
        }

        Assert.Equal(0, deep.ExitCode);
        Assert.Equal(["contoso", "northwind"], Tenants(deep));
    }

    [Fact]
    public void An_empty_folder_says_so_and_suggests_recursive()
    {
        Directory.CreateDirectory(Path.Combine(temp, "nested"));

        var run = CliRunner.Run("assess", temp);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("contains no .json or .json.gz snapshot", run.Stderr);
        Assert.Contains("--recursive", run.Stderr);
    }

    [Theory]
    [InlineData("utf-16", "UTF-16 (little-endian)")]
    [InlineData("utf-16BE", "UTF-16 (big-endian)")]
    [InlineData("utf-32", "UTF-32 (little-endian)")]
    public void A_utf16_or_utf32_file_gets_a_hint_to_re_save_it_as_utf8(string encoding, string named)
    {
        var file = Path.Combine(temp, "ps51.json");
        var text = File.ReadAllText(CliRunner.Sample("northwind-2022-to-2025.json"));
        File.WriteAllBytes(file, [.. Encoding.GetEncoding(encoding).GetPreamble(), .. Encoding.GetEncoding(encoding).GetBytes(text)]);

        foreach (var command in new[] { "assess", "validate" })
        {
            var run = CliRunner.Run(command, file);

            Assert.Equal(2, run.ExitCode);
            Assert.Contains($"the file is {named} text; a snapshot is UTF-8 JSON", run.Stderr);
            Assert.Contains("Export-VmmAssessmentSnapshot", run.Stderr);
            Assert.Contains("-Encoding utf8", run.Stderr);
        }
    }

    [Fact]
    public void A_utf16_file_without_a_byte_order_mark_is_recognised_too()
    {
        var file = Path.Combine(temp, "nobom.json");
        File.WriteAllBytes(file, Encoding.Unicode.GetBytes(File.ReadAllText(CliRunner.Sample("northwind-2022-to-2025.json"))));

        var run = CliRunner.Run("validate", file);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("UTF-16 (little-endian)", run.Stderr);
    }
}
