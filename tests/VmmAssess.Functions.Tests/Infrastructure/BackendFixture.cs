using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using VmmAssess.Testing.ServiceBus;

namespace VmmAssess.Functions.Tests.Infrastructure;

/// <summary>
/// Real backing services for the tests: Azurite's table service (started here on a free loopback port with
/// in-memory persistence, or taken from VMMASSESS_TEST_TABLES_CONNECTION) and the in-process Service Bus test host.
/// Each test gets its own table and queue (see <see cref="TestApp"/>), so tests never see each other's data.
/// </summary>
public sealed class BackendFixture : IAsyncLifetime
{
    public const string ConnectionVariable = "VMMASSESS_TEST_TABLES_CONNECTION";

    // Azurite's well-known development account key (public, documented; not a secret).
    private const string DevAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private Process? azurite;
    private readonly System.Text.StringBuilder azuriteOutput = new();

    public string TablesConnectionString { get; private set; } = "";

    public ServiceBusTestHost Bus { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Bus = new ServiceBusTestHost(Array.Empty<ServiceBusTestQueueOptions>());
        var external = Environment.GetEnvironmentVariable(ConnectionVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            TablesConnectionString = external;
            return;
        }

        var script = RepoPaths.File("node_modules", "azurite", "dist", "src", "table", "main.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"Azurite is not installed ({script} is missing): run `npm ci` at the repository root, or set {ConnectionVariable}.");
        }

        var port = FreePort();
        var start = new ProcessStartInfo("node")
        {
            ArgumentList = { script, "--tableHost", "127.0.0.1", "--tablePort", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--disableTelemetry", "--silent" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        azurite = Process.Start(start) ?? throw new InvalidOperationException("node could not be started.");
        azurite.OutputDataReceived += (_, e) => { lock (azuriteOutput) { azuriteOutput.AppendLine(e.Data); } };
        azurite.ErrorDataReceived += (_, e) => { lock (azuriteOutput) { azuriteOutput.AppendLine(e.Data); } };
        azurite.BeginOutputReadLine();
        azurite.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (azurite.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited with {azurite.ExitCode}: {azuriteOutput}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                break;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }

        TablesConnectionString = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevAccountKey};TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";
    }

    public async Task DisposeAsync()
    {
        await Bus.DisposeAsync();
        if (azurite is { HasExited: false })
        {
            azurite.Kill(entireProcessTree: true);
            await azurite.WaitForExitAsync();
        }

        azurite?.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class BackendGroup : ICollectionFixture<BackendFixture>
{
    public const string Name = "backend";
}
