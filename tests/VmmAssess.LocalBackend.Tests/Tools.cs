using System.Diagnostics;
using System.Text.Json;

namespace VmmAssess.LocalBackend.Tests;

internal sealed record CommandResult(int ExitCode, string Output, string Errors)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Errors}";
}

/// <summary>Runs a command line tool (bash, dotnet pwsh) from the repository root and collects what it printed.</summary>
internal static class Run
{
    public static async Task<CommandResult> CommandAsync(string file, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish: {await output} {await errors}");
        }

        return new CommandResult(process.ExitCode, await output, await errors);
    }

    /// <summary><c>bash scripts/local.sh token ...</c> against <paramref name="backend"/>; the credential it printed.</summary>
    public static async Task<string> TokenAsync(LocalBackendProcess backend, params string[] arguments)
    {
        var result = await CommandAsync("bash", [RepoPaths.File("scripts", "local.sh"), "token", .. arguments], new Dictionary<string, string> { ["VMMASSESS_LOCAL_DIR"] = backend.StateDirectory });
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Output.Trim();
    }
}

internal static class Json
{
    public static async Task<JsonElement> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Every item of the portfolio, page by page.</summary>
    public static async Task<List<JsonElement>> PortfolioAsync(HttpClient client)
    {
        var items = new List<JsonElement>();
        string? continuation = null;
        do
        {
            var page = await GetAsync(client, "/api/readiness?pageSize=200" + (continuation is null ? "" : "&continuationToken=" + Uri.EscapeDataString(continuation)));
            items.AddRange(page.GetProperty("items").EnumerateArray());
            continuation = page.TryGetProperty("continuationToken", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        }
        while (continuation is not null);
        return items;
    }
}
