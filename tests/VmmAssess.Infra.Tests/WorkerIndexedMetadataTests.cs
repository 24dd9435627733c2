using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Azure.Functions.Worker.Core.FunctionMetadata;
using VmmAssess.Functions.Configuration;

namespace VmmAssess.Infra.Tests;

/// <summary>
/// With worker indexing (worker.config.json "workerIndexing": "true") the Functions host does not read the
/// build-time functions.metadata: at start it asks the worker, which answers from the source-generated
/// GeneratedFunctionMetadataProvider. These tests ask that provider what the host is told, so a trigger that
/// only looks right in the build-time file is caught.
/// </summary>
public class WorkerIndexedMetadataTests
{
    // What the host binds a function with: a difference in any of these changes what runs in Azure.
    private static readonly string[] BindingKeys =
        ["name", "type", "direction", "queueName", "connection", "cardinality", "autoCompleteMessages", "isSessionsEnabled", "authLevel", "methods", "route"];

    private static string OutputDirectory => Path.GetDirectoryName(typeof(AppSettings).Assembly.Location)!;

    [Fact]
    public void The_worker_indexes_its_functions_itself()
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(OutputDirectory, "worker.config.json")));

        Assert.Equal("true", config.RootElement.GetProperty("description").GetProperty("workerIndexing").GetString());
        Assert.NotNull(typeof(AppSettings).Assembly.GetType("VmmAssess.Functions.GeneratedFunctionMetadataProvider"));
    }

    [Fact]
    public async Task The_host_is_told_of_a_Service_Bus_trigger_on_the_configured_queue_and_connection()
    {
        var reported = await ReportedToTheHost();

        var processSnapshot = Assert.Single(reported, f => f.Name == "ProcessSnapshot");
        var trigger = Assert.Single(Bindings(processSnapshot), b => ((string?)b["type"])?.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase) == true);

        Assert.Equal("serviceBusTrigger", (string?)trigger["type"], ignoreCase: true);
        Assert.Equal("In", (string?)trigger["direction"], ignoreCase: true);
        Assert.Equal($"%{AppSettings.SnapshotQueueName}%", (string?)trigger["queueName"]);
        Assert.Equal(AppSettings.ServiceBusConnection, (string?)trigger["connection"]);
        Assert.Equal("One", (string?)trigger["cardinality"], ignoreCase: true);
    }

    [Fact]
    public async Task The_host_is_told_the_same_functions_and_bindings_as_the_build_time_file()
    {
        var reported = (await ReportedToTheHost()).ToDictionary(f => f.Name!, StringComparer.Ordinal);
        var buildTime = JsonNode.Parse(File.ReadAllText(Path.Combine(OutputDirectory, "functions.metadata")))!.AsArray()
            .Select(n => n!.AsObject())
            .ToDictionary(f => (string)f["name"]!, StringComparer.Ordinal);

        Assert.Equal(buildTime.Keys.Order(StringComparer.Ordinal), reported.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, file) in buildTime)
        {
            var function = reported[name];
            Assert.Equal((string)file["entryPoint"]!, function.EntryPoint);

            var fileBindings = file["bindings"]!.AsArray().Select(b => Essentials(b!.AsObject())).ToList();
            var reportedBindings = Bindings(function).Select(Essentials).ToList();
            Assert.Equal(fileBindings, reportedBindings);
        }
    }

    private static async Task<IReadOnlyList<IFunctionMetadata>> ReportedToTheHost()
    {
        var providerType = typeof(AppSettings).Assembly.GetType("VmmAssess.Functions.GeneratedFunctionMetadataProvider", throwOnError: true)!;
        var provider = (IFunctionMetadataProvider)Activator.CreateInstance(providerType)!;
        var metadata = await provider.GetFunctionMetadataAsync(OutputDirectory);
        Assert.NotEmpty(metadata);
        return metadata;
    }

    private static List<JsonObject> Bindings(IFunctionMetadata function) =>
        function.RawBindings!.Select(b => JsonNode.Parse(b)!.AsObject()).ToList();

    /// <summary>The binding's host-relevant keys, names and string values compared without regard to case.</summary>
    private static string Essentials(JsonObject binding)
    {
        var pairs = binding
            .Where(p => BindingKeys.Contains(p.Key, StringComparer.OrdinalIgnoreCase))
            .Select(p => $"{p.Key.ToLowerInvariant()}={(p.Value is JsonValue v && v.TryGetValue<string>(out var s) ? s.ToLowerInvariant() : p.Value?.ToJsonString())}")
            .Order(StringComparer.Ordinal);
        return string.Join("; ", pairs);
    }
}
