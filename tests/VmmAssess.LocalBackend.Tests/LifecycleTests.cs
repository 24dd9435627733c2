using System.Globalization;
using System.Text.RegularExpressions;

namespace VmmAssess.LocalBackend.Tests;

/// <summary>Starting and stopping: Ctrl+C and SIGTERM stop everything, and even a killed backend leaves no Azurite behind.</summary>
public sealed partial class LifecycleTests
{
    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task A_signal_stops_the_backend_and_azurite_and_leaves_nothing_behind(string signal)
    {
        var backend = await LocalBackendProcess.StartAsync(demo: false);
        try
        {
            var children = await ChildrenAsync(backend.ProcessId);
            Assert.Contains(children, c => c.Command.Contains("azurite", StringComparison.Ordinal));
            Assert.True(File.Exists(Path.Combine(backend.StateDirectory, "backend.json")));

            await backend.SignalAsync(signal);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await backend.Process.WaitForExitAsync(timeout.Token);

            Assert.Equal(0, backend.Process.ExitCode);
            Assert.Contains("VmmAssess local: stopped", backend.Output, StringComparison.Ordinal);
            Assert.All(children, c => Assert.False(IsRunning(c.Pid), $"{c.Pid} ({c.Command}) is still running"));
            Assert.False(File.Exists(Path.Combine(backend.StateDirectory, "backend.json")), "backend.json outlived the backend");
            Assert.True(File.Exists(Path.Combine(backend.StateDirectory, "dev-issuer-key.pem")), "the issuer key is kept for the next start");
        }
        finally
        {
            await backend.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_killed_backend_takes_azurite_with_it()
    {
        var backend = await LocalBackendProcess.StartAsync(demo: false);
        try
        {
            var azurite = Assert.Single(await ChildrenAsync(backend.ProcessId), c => c.Command.Contains("azurite", StringComparison.Ordinal));

            await backend.SignalAsync("KILL");
            await backend.Process.WaitForExitAsync();

            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (IsRunning(azurite.Pid) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }

            Assert.False(IsRunning(azurite.Pid), $"Azurite ({azurite.Pid}) outlived the killed backend");
        }
        finally
        {
            await backend.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_functions_app_registers_no_worker_middleware_the_local_backend_would_not_run()
    {
        // The local backend runs HTTP functions through ProblemDetailsMiddleware.HandleAsync, as Program.cs wires the worker.
        // Another worker middleware in Program.cs would run in Azure but not locally: teach the local backend first.
        var program = await File.ReadAllTextAsync(RepoPaths.File("src", "VmmAssess.Functions", "Program.cs"));
        var middleware = UseMiddleware().Matches(program).Select(m => m.Groups[1].Value).ToArray();

        Assert.Equal(["ProblemDetailsMiddleware"], middleware);
    }

    private static async Task<List<(int Pid, string Command)>> ChildrenAsync(int parent)
    {
        var result = await Run.CommandAsync("pgrep", ["-a", "-P", parent.ToString(CultureInfo.InvariantCulture)]);
        return result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ', 2))
            .Select(p => (int.Parse(p[0], CultureInfo.InvariantCulture), p.Length > 1 ? p[1] : ""))
            .ToList();
    }

    /// <summary>Alive, and not a zombie waiting for a parent that does not reap (an exited process is not running).</summary>
    private static bool IsRunning(int pid)
    {
        var stat = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat";
        try
        {
            var text = File.ReadAllText(stat);
            return text[(text.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"UseMiddleware<(\w+)>")]
    private static partial Regex UseMiddleware();
}
