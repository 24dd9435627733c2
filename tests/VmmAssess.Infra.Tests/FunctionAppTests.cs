using System.Text.Json;
using VmmAssess.Testing.Arm;

namespace VmmAssess.Infra.Tests;

public class FunctionAppTests
{
    [Fact]
    public void Plan_is_Flex_Consumption()
    {
        var footprint = Footprint.Default();
        var plan = footprint.Plan;

        Assert.Equal("FC1", plan.Get("sku.name"));
        Assert.Equal("FlexConsumption", plan.Get("sku.tier"));
        Assert.Equal(true, plan.Get("properties.reserved"));
        Assert.Equal(Footprint.IdOf(plan), footprint.FunctionApp.Get("properties.serverFarmId"));
    }

    [Fact]
    public void Function_app_runs_dotnet_isolated_10_on_Linux()
    {
        var app = Footprint.Default().FunctionApp;

        Assert.Equal("functionapp,linux", app.Get("kind"));
        Assert.Equal("dotnet-isolated", app.Get("properties.functionAppConfig.runtime.name"));
        Assert.Equal("10.0", app.Get("properties.functionAppConfig.runtime.version"));
    }

    [Fact]
    public void Function_app_is_HTTPS_only_with_TLS_1_2_and_no_FTP()
    {
        var app = Footprint.Default().FunctionApp;

        Assert.Equal(true, app.Get("properties.httpsOnly"));
        Assert.Equal("1.2", app.Get("properties.siteConfig.minTlsVersion"));
        Assert.Equal("1.2", app.Get("properties.siteConfig.scmMinTlsVersion"));
        Assert.Equal("Disabled", app.Get("properties.siteConfig.ftpsState"));
    }

    [Fact]
    public void Basic_publishing_credentials_are_disabled_for_ftp_and_scm()
    {
        var footprint = Footprint.Default();
        var appName = (string)footprint.FunctionApp.Name!;

        var policies = footprint.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies")
            .ToDictionary(p => (string)p.Name!, p => p.Get("properties.allow"));

        Assert.Equal(
            new Dictionary<string, object?> { [$"{appName}/ftp"] = false, [$"{appName}/scm"] = false },
            policies);

        // The Web resource provider has been reported to reject these PUTs without a location.
        Assert.All(footprint.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies"),
            p => Assert.Equal(footprint.FunctionApp.Get("location"), p.Get("location")));
    }

    [Fact]
    public void Function_app_runs_as_the_user_assigned_identity_only()
    {
        var footprint = Footprint.Default();
        var identity = (IDictionary<string, object?>)footprint.FunctionApp.Get("identity")!;

        Assert.Equal("UserAssigned", identity["type"]);
        var assigned = (IDictionary<string, object?>)identity["userAssignedIdentities"]!;
        Assert.Equal(new[] { Footprint.IdOf(footprint.Identity) }, assigned.Keys.ToArray());
    }

    [Fact]
    public void Flex_scale_settings_come_from_parameters()
    {
        var app = Footprint.With(("maximumInstanceCount", 40L), ("instanceMemoryMB", 4096L)).FunctionApp;

        Assert.Equal(40L, app.Get("properties.functionAppConfig.scaleAndConcurrency.maximumInstanceCount"));
        Assert.Equal(4096L, app.Get("properties.functionAppConfig.scaleAndConcurrency.instanceMemoryMB"));
    }

    [Theory]
    [InlineData(39L)]
    [InlineData(1L)]
    [InlineData(1001L)]
    public void Maximum_instance_count_outside_what_Flex_accepts_is_refused_up_front(long count)
    {
        var refused = Assert.Throws<ArgumentException>(() => Footprint.With(("maximumInstanceCount", count)));
        Assert.Contains("maximumInstanceCount", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(40L)]
    [InlineData(1000L)]
    public void Maximum_instance_count_at_Flex_bounds_is_accepted(long count)
    {
        var app = Footprint.With(("maximumInstanceCount", count)).FunctionApp;

        Assert.Equal(count, app.Get("properties.functionAppConfig.scaleAndConcurrency.maximumInstanceCount"));
    }

    [Theory]
    // (memory - 384 MiB host/worker - 8 trigger calls x peak) / peak, peak = 2.5 x snapshotMaxBytes in MiB
    [InlineData(2048L, 33554432L, 12L)]
    [InlineData(4096L, 33554432L, 38L)]
    [InlineData(512L, 33554432L, 1L)]
    [InlineData(2048L, 8388608L, 75L)]
    public void Http_concurrency_per_instance_is_sized_to_snapshot_memory(long instanceMemoryMB, long snapshotMaxBytes, long expected)
    {
        var footprint = Footprint.With(("instanceMemoryMB", instanceMemoryMB), ("snapshotMaxBytes", snapshotMaxBytes));

        var concurrency = footprint.FunctionApp.Get("properties.functionAppConfig.scaleAndConcurrency.triggers.http.perInstanceConcurrency");
        Assert.Equal(expected, concurrency);
        Assert.Equal(expected, footprint.Deployment.Output("httpPerInstanceConcurrency"));

        // At most what the memory model says fits: never more snapshots in flight than the instance holds.
        var peakMiB = (snapshotMaxBytes * 5 / 2 + 1048575) / 1048576;
        Assert.True(expected == 1 || 384 + (8 + expected) * peakMiB <= instanceMemoryMB);
    }

    [Fact]
    public void Http_concurrency_assumes_the_Service_Bus_concurrency_host_json_configures()
    {
        using var hostJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(CompiledInfra.RepositoryRoot, "host.json")));
        var maxConcurrentCalls = hostJson.RootElement.GetProperty("extensions").GetProperty("serviceBus").GetProperty("maxConcurrentCalls").GetInt64();

        Assert.Equal(maxConcurrentCalls, CompiledInfra.Deploy().Variable("serviceBusMaxConcurrentCalls"));
    }

    [Fact]
    public void Every_resource_that_has_diagnostic_settings_sends_them_to_the_workspace()
    {
        // The component is workspace-based (its telemetry is already in the workspace): no setting, by design.
        string[] withDiagnostics =
        [
            "Microsoft.Web/sites",
            "Microsoft.Web/serverfarms",
            "Microsoft.Storage/storageAccounts",
            "Microsoft.Storage/storageAccounts/blobServices",
            "Microsoft.Storage/storageAccounts/queueServices",
            "Microsoft.Storage/storageAccounts/tableServices",
            "Microsoft.ServiceBus/namespaces",
            "Microsoft.OperationalInsights/workspaces",
            "Microsoft.Network/virtualNetworks",
        ];

        foreach (var footprint in new[] { Footprint.FromParametersFile("public"), Footprint.FromParametersFile("private") })
        {
            var workspaceId = Footprint.IdOf(footprint.LogAnalytics);
            var settings = footprint.OfType("Microsoft.Insights/diagnosticSettings")
                .ToLookup(d => ArmDeployment.Display(d.Scope), StringComparer.OrdinalIgnoreCase);

            var resources = footprint.All.Where(r => withDiagnostics.Contains(r.Type, StringComparer.OrdinalIgnoreCase)).ToList();
            Assert.Contains(resources, r => r.Type == "Microsoft.Web/sites");
            Assert.All(resources, r =>
            {
                var setting = Assert.Single(settings[Footprint.IdOf(r)]);
                Assert.Equal(workspaceId, setting.Get("properties.workspaceId"));
                var logs = setting.Properties.TryGetValue("logs", out var l) ? (IList<object?>)l! : [];
                var metrics = setting.Properties.TryGetValue("metrics", out var m) ? (IList<object?>)m! : [];
                Assert.True(logs.Count + metrics.Count > 0, $"{r} has an empty diagnostic setting.");
            });
            Assert.Equal(resources.Count, settings.Count);
        }
    }
}
