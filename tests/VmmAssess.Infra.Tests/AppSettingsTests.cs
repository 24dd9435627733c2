using VmmAssess.Functions.Configuration;
using VmmAssess.Testing.Arm;

namespace VmmAssess.Infra.Tests;

/// <summary>The Function App's settings in the template against what the app reads (<see cref="AppSettings.All"/>).</summary>
public class AppSettingsTests
{
    /// <summary>What the app needs in Azure, where every connection is identity-based (user-assigned identity).</summary>
    private static readonly string[] IdentityModeSettings =
    [
        "SnapshotQueueName",
        "ServiceBusConnection__fullyQualifiedNamespace",
        "ServiceBusConnection__credential",
        "ServiceBusConnection__clientId",
        "TableStorage__serviceUri",
        "TableStorage__credential",
        "TableStorage__clientId",
        "Assessment__MaxMessageBytes",
        "Assessment__SnapshotMaxBytes",
        "Assessment__DuplicateDetectionWindowSeconds",
        "SnapshotInboxQueueName",
        "NotificationQueueName",
        "Auth__EntraTenantId",
        "Auth__Audience",
        "AzureWebJobsStorage__blobServiceUri",
        "AzureWebJobsStorage__queueServiceUri",
        "AzureWebJobsStorage__tableServiceUri",
        "AzureWebJobsStorage__credential",
        "AzureWebJobsStorage__clientId",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
    ];

    /// <summary>Connection strings (local development) and settings Flex Consumption rejects or sets itself.</summary>
    private static readonly string[] NeverInAzure =
    [
        "ServiceBusConnection",
        "TableStorage",
        "AzureWebJobsStorage",
        "AzureWebJobsDashboard",
        "APPINSIGHTS_INSTRUMENTATIONKEY",
        "FUNCTIONS_WORKER_RUNTIME",
        "FUNCTIONS_WORKER_RUNTIME_VERSION",
        "FUNCTIONS_EXTENSION_VERSION",
        "WEBSITE_RUN_FROM_PACKAGE",
        "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING",
        "WEBSITE_CONTENTSHARE",
        // The host expands an account name to the public cloud's endpoints only; the template names each service URI.
        "AzureWebJobsStorage__accountName",
    ];

    [Theory]
    [InlineData("Standard", false, false)]
    [InlineData("Premium", false, false)]
    [InlineData("Premium", true, false)]
    [InlineData("Standard", false, true)]
    public void AppSettingsMatchTheFunctionsApp(string serviceBusSku, bool vnetEnabled, bool easyAuthEnabled)
    {
        var names = Footprint.With(("serviceBusSku", serviceBusSku), ("vnetEnabled", vnetEnabled), ("easyAuthEnabled", easyAuthEnabled), ("easyAuthClientId", easyAuthEnabled ? "22222222-2222-2222-2222-222222222222" : ""))
            .AppSettings()
            .Select(s => s.Name)
            .ToList();

        Assert.Equal(names.Distinct(StringComparer.OrdinalIgnoreCase).Count(), names.Count);

        // Every setting the template sets is one the app (or its host) reads: a rename on either side fails here.
        var unknownToTheApp = names.Except(AppSettings.All, StringComparer.Ordinal).ToList();
        Assert.True(unknownToTheApp.Count == 0, $"Set by infra but not in AppSettings.All: {string.Join(", ", unknownToTheApp)}");

        // Every identity-mode setting is in the contract and set by the template.
        var notInContract = IdentityModeSettings.Except(AppSettings.All, StringComparer.Ordinal).ToList();
        Assert.True(notInContract.Count == 0, $"Identity-mode settings missing from AppSettings.All: {string.Join(", ", notInContract)}");
        var missing = IdentityModeSettings.Except(names, StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, $"Identity-mode settings the template does not set: {string.Join(", ", missing)}");

        var forbidden = names.Intersect(NeverInAzure, StringComparer.OrdinalIgnoreCase).ToList();
        Assert.True(forbidden.Count == 0, $"Settings that must not be set in Azure: {string.Join(", ", forbidden)}");
    }

    [Fact]
    public void Every_connection_uses_the_user_assigned_identity_and_points_at_the_deployed_resources()
    {
        var footprint = Footprint.Default();
        var settings = footprint.AppSettings().ToDictionary(s => s.Name, s => s.Value, StringComparer.Ordinal);
        var identityId = Footprint.IdOf(footprint.Identity);
        var clientId = new Unknown($"reference({identityId}).clientId");

        foreach (var prefix in new[] { "AzureWebJobsStorage", "ServiceBusConnection", "TableStorage" })
        {
            Assert.Equal("managedidentity", settings[$"{prefix}__credential"]);
            Assert.Equal(clientId, settings[$"{prefix}__clientId"]);
        }

        Assert.Equal($"Authorization=AAD;ClientId={clientId}", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
        Assert.True(Footprint.IsRuntimeProperty(settings["APPLICATIONINSIGHTS_CONNECTION_STRING"], Footprint.IdOf(footprint.ApplicationInsights), "ConnectionString"));

        // Every storage URI is the account's own endpoint as Azure reports it (right in any cloud).
        var storageId = Footprint.IdOf(footprint.StorageAccount);
        Assert.True(Footprint.IsRuntimeProperty(settings["TableStorage__serviceUri"], storageId, "primaryEndpoints.table"));
        Assert.True(Footprint.IsRuntimeProperty(settings["AzureWebJobsStorage__blobServiceUri"], storageId, "primaryEndpoints.blob"));
        Assert.True(Footprint.IsRuntimeProperty(settings["AzureWebJobsStorage__queueServiceUri"], storageId, "primaryEndpoints.queue"));
        Assert.True(Footprint.IsRuntimeProperty(settings["AzureWebJobsStorage__tableServiceUri"], storageId, "primaryEndpoints.table"));

        var serviceBusHost = ArmDeployment.Display(settings["ServiceBusConnection__fullyQualifiedNamespace"]);
        Assert.Contains($"reference({Footprint.IdOf(footprint.ServiceBusNamespace)}).serviceBusEndpoint", serviceBusHost, StringComparison.Ordinal);

        var queueName = ((string)footprint.Queue.Name!).Split('/')[^1];
        Assert.Equal(queueName, settings["SnapshotQueueName"]);
    }

    [Fact]
    public void Snapshot_size_limit_is_within_what_the_app_accepts()
    {
        var settings = Footprint.Default().AppSettings().ToDictionary(s => s.Name, s => s.Value, StringComparer.Ordinal);

        Assert.Equal(AssessmentOptions.DefaultSnapshotMaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), settings["Assessment__SnapshotMaxBytes"]);
        Assert.Equal(AssessmentOptions.DefaultMaxMessageBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), settings["Assessment__MaxMessageBytes"]);
        Assert.Equal(AssessmentOptions.DefaultDuplicateDetectionWindowSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), settings["Assessment__DuplicateDetectionWindowSeconds"]);
    }
}
