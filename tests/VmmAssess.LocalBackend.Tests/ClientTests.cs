using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace VmmAssess.LocalBackend.Tests;

/// <summary>Real clients over a real socket: the README's shell examples as written, curl, and the collector module.</summary>
[Collection(DemoBackendGroup.Name)]
public sealed partial class ClientTests(DemoBackendFixture fixture)
{
    private const string ExamplesMarker = "<!-- local-backend-examples:";
    private const string DocumentedUrl = "http://127.0.0.1:7071";

    private LocalBackendProcess Backend => fixture.Backend;

    private string Url => Backend.Url.ToString().TrimEnd('/');

    [Fact]
    public async Task Readme_local_examples_run_as_written()
    {
        var commands = Commands(BlockAfter(ExamplesMarker));
        Assert.Contains(commands, c => c.StartsWith("BASE=" + DocumentedUrl, StringComparison.Ordinal));

        // One shell, as a person pastes the block; a marker after each command splits what each one printed.
        var script = new StringBuilder("set -euo pipefail\n");
        for (var i = 0; i < commands.Count; i++)
        {
            script.Append(commands[i].Replace(DocumentedUrl, Url, StringComparison.Ordinal)).Append('\n');
            script.Append("echo; echo '@@@ ").Append(i).Append("'\n");
        }

        var result = await Run.CommandAsync("bash", ["-c", script.ToString()], new Dictionary<string, string> { ["VMMASSESS_LOCAL_DIR"] = Backend.StateDirectory });
        Assert.True(result.ExitCode == 0, result.ToString());
        var outputs = Regex.Split(result.Output, @"^@@@ \d+\n", RegexOptions.Multiline);
        Assert.Equal(commands.Count + 1, outputs.Length);

        string OutputOf(string fragment) => outputs[commands.FindIndex(c => c.Contains(fragment, StringComparison.Ordinal))].Trim();
        var portfolio = JsonDocument.Parse(OutputOf("/api/readiness?pageSize=5")).RootElement;
        Assert.True(portfolio.GetProperty("totals").GetProperty("environments").GetInt32() >= 300);
        Assert.Equal(5, portfolio.GetProperty("items").GetArrayLength());
        Assert.StartsWith("HTTP/1.1 202 Accepted", OutputOf("/api/tenants/contoso/snapshots"), StringComparison.Ordinal);
        var readerView = JsonDocument.Parse(OutputOf("Bearer $READER")).RootElement;
        Assert.All(readerView.GetProperty("items").EnumerateArray(), i => Assert.Equal("contoso", i.GetProperty("tenantId").GetString()));
        Assert.Equal(readerView.GetProperty("items").GetArrayLength(), readerView.GetProperty("totals").GetProperty("environments").GetInt32());
    }

    [Fact]
    public async Task Readme_api_curl_examples_answer_as_documented_against_the_local_backend()
    {
        // Every curl command of the README outside the local section (the HTTP API, the webhook, the smoke test), with
        // $BASE/$URL the local backend, $TOKEN an operator and $COLLECTOR_KEY a key of the tenant the command names.
        var readme = await File.ReadAllTextAsync(RepoPaths.File("README.md"));
        var curls = FencedBlocks(readme)
            .Where(b => !b.Contains("scripts/local.sh", StringComparison.Ordinal))
            .SelectMany(Commands)
            .Where(c => c.StartsWith("curl ", StringComparison.Ordinal))
            .OrderBy(c => c.Contains("-X POST", StringComparison.Ordinal) ? 0 : 1) // the reads find what the writes sent
            .ToList();
        Assert.True(curls.Count >= 4, "README curl examples: " + string.Join('\n', curls));

        foreach (var curl in curls)
        {
            var tenant = TenantInPath().Match(curl).Groups[1].Value;
            var environment = new Dictionary<string, string>
            {
                ["BASE"] = Url,
                ["URL"] = Url,
                ["TOKEN"] = Backend.OperatorToken,
            };
            if (tenant.Length > 0)
            {
                environment["COLLECTOR_KEY"] = await Run.TokenAsync(Backend, "--role", "Collector", "--tenant", tenant);
            }


            // The read after a submission waits for processing, as the README's reader would.
            var status = 0;
            for (var attempt = 0; attempt < 60; attempt++)
            {
                var result = await Run.CommandAsync("bash", ["-c", "set -euo pipefail\n" + curl + " -o /dev/null -w '\\n%{http_code}'"], environment);
                Assert.True(result.ExitCode == 0, curl + "\n" + result);
                status = int.Parse(result.Output.Trim().Split('\n')[^1], System.Globalization.CultureInfo.InvariantCulture);
                if (status != 404)
                {
                    break;
                }

                await Task.Delay(500);
            }

            Assert.True(status is >= 200 and < 300, $"{curl}\nanswered {status}");
        }
    }

    [Fact]
    public async Task Collector_module_sends_a_snapshot_with_a_collector_key_and_it_is_assessed()
    {
        var key = await Run.TokenAsync(Backend, "--role", "Collector", "--tenant", "fabrikam");
        const string script = """
            $ErrorActionPreference = 'Stop'
            Import-Module ./collector/VmmAssess.Collector/VmmAssess.Collector.psd1
            $snapshot = Get-Content -Raw ./samples/snapshots/fabrikam-2019-ha-to-2022.json
            Send-VmmAssessmentSnapshot -Snapshot $snapshot -Uri $env:VMMASSESS_URL -TenantId fabrikam -CollectorKey $env:VMMASSESS_COLLECTOR_KEY -MaxRetries 2
            """;
        var result = await Run.CommandAsync("dotnet", ["pwsh", "-NoProfile", "-NonInteractive", "-Command", script], new Dictionary<string, string>
        {
            ["VMMASSESS_URL"] = Url,
            ["VMMASSESS_COLLECTOR_KEY"] = key,
        }, TimeSpan.FromMinutes(5));

        Assert.True(result.ExitCode == 0, result.ToString());
        var location = result.Output.Trim().Split('\n')[^1].Trim();
        Assert.Matches("^/api/tenants/fabrikam/assessments/[0-9a-f-]{36}$", location);
        Assert.DoesNotContain(key, result.Output + result.Errors, StringComparison.Ordinal);

        using var client = Backend.Client(Backend.OperatorToken);
        var status = "";
        for (var attempt = 0; attempt < 120 && status != "Completed"; attempt++)
        {
            using var response = await client.GetAsync(new Uri(location, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            status = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString()!;
            if (status != "Completed")
            {
                await Task.Delay(500);
            }
        }

        Assert.Equal("Completed", status);
        var readiness = await Json.GetAsync(client, "/api/tenants/fabrikam/environments/fab-dc1-vmm/readiness");
        Assert.Equal("fab-dc1-vmm", readiness.GetProperty("environmentId").GetString());
    }

    [Fact]
    public async Task Every_http_function_of_functions_metadata_is_served()
    {
        var metadata = RepoPaths.File("testing", "VmmAssess.LocalBackend", "bin", "Debug", "net10.0", "functions.metadata");
        using var document = JsonDocument.Parse(await File.ReadAllBytesAsync(metadata));
        var routes = document.RootElement.EnumerateArray()
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray())
            .Where(b => b.GetProperty("type").GetString() == "httpTrigger")
            .SelectMany(b => b.GetProperty("methods").EnumerateArray().Select(m => (Method: m.GetString()!.ToUpperInvariant(), Route: b.GetProperty("route").GetString()!)))
            .ToList();
        Assert.True(routes.Count >= 23, $"{routes.Count} HTTP routes in {metadata}");

        using var client = Backend.Client();
        foreach (var (method, route) in routes)
        {
            var path = "/" + RouteParameter().Replace(route, m => m.Value.StartsWith("{*", StringComparison.Ordinal) || m.Value.EndsWith("?}", StringComparison.Ordinal) ? "" : "x1");
            using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
            Assert.True(response.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed), $"{method} {path} ({route}) answered {(int)response.StatusCode}");
        }

        using var unknown = await client.GetAsync(new Uri("/api/not-a-function", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        // Every queue trigger listens, on the queue its app setting names.
        var functionsLine = Backend.Output.Split('\n').Single(l => l.StartsWith("Functions: ", StringComparison.Ordinal));
        Assert.StartsWith($"Functions: {routes.Count} HTTP; ", functionsLine, StringComparison.Ordinal);
        var queueTriggers = document.RootElement.EnumerateArray()
            .Where(f => f.GetProperty("bindings").EnumerateArray().Any(b => b.GetProperty("type").GetString() == "serviceBusTrigger"))
            .Select(f => f.GetProperty("name").GetString()!)
            .ToList();
        Assert.Contains("ProcessSnapshot", queueTriggers);
        Assert.All(queueTriggers, name => Assert.Contains(name + " (", functionsLine, StringComparison.Ordinal));
        Assert.Contains("ProcessInboxSnapshot (snapshots-inbox)", functionsLine, StringComparison.Ordinal);
    }

    /// <summary>The commands of a shell block: continuation lines joined, comments and blank lines dropped.</summary>
    private static List<string> Commands(string block)
    {
        var commands = new List<string>();
        var current = new StringBuilder();
        foreach (var raw in block.Split('\n'))
        {
            var line = raw.Trim();
            if (current.Length == 0 && (line.Length == 0 || line.StartsWith('#')))
            {
                continue;
            }

            var comment = line.IndexOf("  #", StringComparison.Ordinal);
            if (comment < 0)
            {
                comment = line.IndexOf(" # ", StringComparison.Ordinal);
            }

            if (comment >= 0)
            {
                line = line[..comment].TrimEnd();
            }

            if (line.EndsWith('\\'))
            {
                current.Append(line[..^1]).Append(' ');
                continue;
            }

            commands.Add(current.Append(line).ToString().Trim());
            current.Clear();
        }

        return commands;
    }

    private static string BlockAfter(string marker)
    {
        var readme = File.ReadAllText(RepoPaths.File("README.md"));
        var at = readme.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(at >= 0, $"README.md has no '{marker}' block.");
        return FencedBlocks(readme[at..]).First();
    }

    private static IEnumerable<string> FencedBlocks(string markdown) =>
        FencedBlock().Matches(markdown).Select(m => m.Groups[1].Value);

    [GeneratedRegex(@"^[ \t]*```bash\n(.*?)^[ \t]*```", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex FencedBlock();

    [GeneratedRegex(@"/api/(?:admin/)?tenants/([A-Za-z0-9._-]+)/")]
    private static partial Regex TenantInPath();

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}
