using System.Reflection;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using VmmAssess.Functions.Bindings;

namespace VmmAssess.Functions.Tests;

/// <summary>The metadata the Worker SDK generated at build time is what the host indexes: a broken binding fails here.</summary>
public sealed class FunctionMetadataTests
{
    private static JsonElement[] Functions()
    {
        var path = Path.Combine(Path.GetDirectoryName(typeof(SnapshotQueueTriggers).Assembly.Location)!, "functions.metadata");
        if (!File.Exists(path))
        {
            // The test output may not carry it; the app's own output always does.
            var config = typeof(FunctionMetadataTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
            path = Infrastructure.RepoPaths.File("src", "VmmAssess.Functions", "bin", config, "net10.0", "functions.metadata");
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.EnumerateArray().Select(e => e.Clone()).ToArray();
    }

    [Fact]
    public void ProcessSnapshot_has_the_service_bus_trigger_binding()
    {
        var function = Assert.Single(Functions(), f => f.GetProperty("name").GetString() == "ProcessSnapshot");
        var binding = Assert.Single(function.GetProperty("bindings").EnumerateArray());

        Assert.Equal("serviceBusTrigger", binding.GetProperty("type").GetString());
        Assert.Equal("In", binding.GetProperty("direction").GetString());
        Assert.Equal("%SnapshotQueueName%", binding.GetProperty("queueName").GetString());
        Assert.Equal("ServiceBusConnection", binding.GetProperty("connection").GetString());
        Assert.True(binding.GetProperty("autoCompleteMessages").GetBoolean());
        Assert.Equal("One", binding.GetProperty("cardinality").GetString());
        Assert.Equal("Binary", binding.GetProperty("dataType").GetString());
    }

    [Fact]
    public void DeliverNotification_has_the_service_bus_trigger_binding_on_the_notification_queue()
    {
        var function = Assert.Single(Functions(), f => f.GetProperty("name").GetString() == "DeliverNotification");
        var binding = Assert.Single(function.GetProperty("bindings").EnumerateArray());

        Assert.Equal("serviceBusTrigger", binding.GetProperty("type").GetString());
        Assert.Equal("In", binding.GetProperty("direction").GetString());
        Assert.Equal("%NotificationQueueName%", binding.GetProperty("queueName").GetString());
        Assert.Equal("ServiceBusConnection", binding.GetProperty("connection").GetString());
        Assert.True(binding.GetProperty("autoCompleteMessages").GetBoolean());
        Assert.Equal("One", binding.GetProperty("cardinality").GetString());
        Assert.Equal("Binary", binding.GetProperty("dataType").GetString());
    }

    [Theory]
    [InlineData("ApplyRetention", LifecycleTimers.RetentionSchedule)]
    [InlineData("HealingSweep", LifecycleTimers.HealingSchedule)]
    [InlineData("WaiverExpirySweep", WaiverTimers.ExpirySchedule)]
    public void Lifecycle_timers_have_the_timer_trigger_binding_with_their_schedule(string name, string schedule)
    {
        var function = Assert.Single(Functions(), f => f.GetProperty("name").GetString() == name);
        var binding = Assert.Single(function.GetProperty("bindings").EnumerateArray(), b => b.GetProperty("direction").GetString() == "In");

        Assert.Equal("timerTrigger", binding.GetProperty("type").GetString());
        Assert.Equal(schedule, binding.GetProperty("schedule").GetString());
        Assert.True(NCrontabSixFields(schedule), schedule);
    }

    /// <summary>The host reads NCRONTAB with seconds: six fields.</summary>
    private static bool NCrontabSixFields(string schedule) => schedule.Split(' ').Length == 6;

    [Fact]
    public void Every_http_function_in_the_code_is_in_the_metadata_with_its_route_and_auth_level()
    {
        var metadata = Functions().ToDictionary(f => f.GetProperty("name").GetString()!);
        foreach (var (name, trigger) in HttpFunctions())
        {
            var binding = metadata[name].GetProperty("bindings")[0];
            Assert.Equal("httpTrigger", binding.GetProperty("type").GetString());
            Assert.Equal(trigger.Route, binding.GetProperty("route").GetString());
            Assert.Equal(trigger.AuthLevel.ToString(), binding.GetProperty("authLevel").GetString());
            var expected = AuthorizationLevel.Anonymous; // the app authenticates every request itself (docs/security.md); no function or master key
            Assert.True(expected == trigger.AuthLevel, $"{name}: {trigger.AuthLevel}");
        }
    }

    [Fact]
    public void Every_route_is_under_api_and_none_claims_the_hosts_reserved_prefixes()
    {
        // The host refuses to index a function whose route (without the prefix) starts with "admin" or "runtime":
        // its own /admin and /runtime endpoints live there. Our routes carry "api/" themselves, with an empty
        // routePrefix, so that the operator endpoints can be /api/admin/*.
        using var host = JsonDocument.Parse(File.ReadAllText(Infrastructure.RepoPaths.File("host.json")));
        Assert.Equal("", host.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
        foreach (var (name, trigger) in HttpFunctions())
        {
            var route = trigger.Route!.Trim('/');
            // The dashboard's files are pages, not API: the one route outside api/.
            Assert.True(route.StartsWith("api/", StringComparison.Ordinal) || route == Routes.Dashboard, $"{name}: {route} is not under api/");
            Assert.False(route.StartsWith("admin", StringComparison.OrdinalIgnoreCase) || route.StartsWith("runtime", StringComparison.OrdinalIgnoreCase), $"{name}: {route}");
        }

        Assert.Equal(19, HttpFunctions().Count(f => f.Trigger.Route!.StartsWith("api/admin/", StringComparison.Ordinal)));
    }

    [Fact]
    public void Our_trigger_attribute_has_the_name_the_sdk_turns_into_serviceBusTrigger()
    {
        Assert.Equal("ServiceBusTriggerAttribute", typeof(ServiceBusTriggerAttribute).Name);
        Assert.Equal(typeof(Microsoft.Azure.Functions.Worker.Extensions.Abstractions.TriggerBindingAttribute), typeof(ServiceBusTriggerAttribute).BaseType);
        // Without -p:IncludeServiceBusHostExtension=true the host extension is not declared (the build must work here).
        Assert.Empty(typeof(ServiceBusTriggerAttribute).Assembly.GetCustomAttributes<Microsoft.Azure.Functions.Worker.Extensions.Abstractions.ExtensionInformationAttribute>());
    }

    internal static IEnumerable<(string Name, HttpTriggerAttribute Trigger)> HttpFunctions() =>
        typeof(SnapshotQueueTriggers).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(m => (Function: m.GetCustomAttribute<FunctionAttribute>(), Trigger: m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null)))
            .Where(x => x.Function is not null && x.Trigger is not null)
            .Select(x => (x.Function!.Name, x.Trigger!));
}
