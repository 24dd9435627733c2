using System.Diagnostics;
using System.Text;

namespace VmmAssess.LocalBackend.Tests;

/// <summary>
/// <c>bash scripts/local.sh --no-build --port 0 [--demo]</c> as a person starts it, with a state folder of its own
/// (VMMASSESS_LOCAL_DIR), so tests never touch a developer's artifacts/local or each other's backends.
/// </summary>
public sealed class LocalBackendProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder stdout = new();
    private readonly StringBuilder stderr = new();
    private readonly TaskCompletionSource<string> ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private LocalBackendProcess(Process process, string stateDirectory)
    {
        this.process = process;
        StateDirectory = stateDirectory;
    }

    public string StateDirectory { get; }

    public Uri Url { get; private set; } = null!;

    public string OperatorToken { get; private set; } = "";

    public int ProcessId => process.Id;

    public Process Process => process;

    public string Output
    {
        get
        {
            lock (stdout)
            {
                return stdout.ToString();
            }
        }
    }

    public string Errors
    {
        get
        {
            lock (stderr)
            {
                return stderr.ToString();
            }
        }
    }

    public static async Task<LocalBackendProcess> StartAsync(bool demo, TimeSpan? timeout = null)
    {
        SignalInheritance.LetChildrenReceiveInterrupts();
        var state = Path.Combine(Path.GetTempPath(), "vmmassess-local-" + Guid.NewGuid().ToString("N")[..12]);
        var start = new ProcessStartInfo("bash")
        {
            ArgumentList = { RepoPaths.File("scripts", "local.sh"), "--no-build", "--port", "0" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
            Environment = { ["VMMASSESS_LOCAL_DIR"] = state },
        };
        if (demo)
        {
            start.ArgumentList.Add("--demo");
        }

        var backend = new LocalBackendProcess(Process.Start(start)!, state);
        backend.process.OutputDataReceived += (_, e) => backend.OnOutput(e.Data);
        backend.process.ErrorDataReceived += (_, e) =>
        {
            lock (backend.stderr)
            {
                backend.stderr.AppendLine(e.Data);
            }
        };
        backend.process.BeginOutputReadLine();
        backend.process.BeginErrorReadLine();
        var exited = backend.process.WaitForExitAsync();
        var first = await Task.WhenAny(backend.ready.Task, exited, Task.Delay(timeout ?? TimeSpan.FromMinutes(8)));
        if (first != backend.ready.Task)
        {
            var why = first == exited ? $"exited with {backend.process.ExitCode}" : "did not print its URL in time";
            await backend.DisposeAsync();
            throw new InvalidOperationException($"scripts/local.sh {why}.\nstdout:\n{backend.Output}\nstderr:\n{backend.Errors}");
        }

        return backend;
    }

    private void OnOutput(string? line)
    {
        lock (stdout)
        {
            stdout.AppendLine(line);
        }

        if (line is null)
        {
            return;
        }

        if (line.StartsWith("Operator token: ", StringComparison.Ordinal))
        {
            OperatorToken = line["Operator token: ".Length..];
            ready.TrySetResult(line);
        }
        else if (line.StartsWith("VmmAssess local: http", StringComparison.Ordinal))
        {
            Url = new Uri(line["VmmAssess local: ".Length..]);
        }
    }

    public HttpClient Client(string? bearer = null, bool followRedirects = true)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = followRedirects, UseCookies = false }) { BaseAddress = Url, Timeout = TimeSpan.FromMinutes(2) };
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        }

        return client;
    }

    /// <summary>Sends a signal as `kill -SIGNAL pid` does (scripts/local.sh execs the program, so this is its process).</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        await kill.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            await SignalAsync("TERM");
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        process.Dispose();
        try
        {
            Directory.Delete(StateDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>
/// A process started in the background by a non-interactive shell (<c>dotnet test ... &amp;</c>, some CI runners) ignores
/// SIGINT, and so does every process it starts, since an ignored signal stays ignored across exec. A person's Ctrl+C
/// reaches a foreground program with the default disposition; so that a test's SIGINT does too, the test process turns
/// an inherited "ignore SIGINT" back to the default before starting the backend (it had no handler of its own then).
/// </summary>
internal static class SignalInheritance
{
    private const int SigInt = 2;

    public static void LetChildrenReceiveInterrupts()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var ignored = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        if (ignored is not null && (Convert.ToUInt64(ignored["SigIgn:".Length..].Trim(), 16) & (1UL << (SigInt - 1))) != 0)
        {
            _ = Signal(SigInt, IntPtr.Zero); // SIG_DFL
        }
    }

#pragma warning disable SYSLIB1054 // one call with blittable arguments; LibraryImport would need unsafe code enabled
    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "signal")]
    [System.Runtime.InteropServices.DefaultDllImportSearchPaths(System.Runtime.InteropServices.DllImportSearchPath.SafeDirectories)]
    private static extern IntPtr Signal(int signal, IntPtr handler);
#pragma warning restore SYSLIB1054
}

[CollectionDefinition(Name)]
public sealed class DemoBackendGroup : ICollectionFixture<DemoBackendFixture>
{
    public const string Name = "demo backend";
}

/// <summary>One backend with the demo portfolio for the tests that only read and add to it.</summary>
public sealed class DemoBackendFixture : IAsyncLifetime
{
    public LocalBackendProcess Backend { get; private set; } = null!;

    public async Task InitializeAsync() => Backend = await LocalBackendProcess.StartAsync(demo: true);

    public async Task DisposeAsync() => await Backend.DisposeAsync();
}
