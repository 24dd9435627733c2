using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using VmmAssess.Functions.Tests.Infrastructure;

namespace VmmAssess.Functions.Tests;

[Collection(BackendGroup.Name)]
public sealed class AppSettingsTests(BackendFixture backend)
{
    [Fact]
    public void Every_setting_is_listed_in_environment_variable_form()
    {
        string[] expected =
        [
            "SnapshotQueueName",
            "ServiceBusConnection", "ServiceBusConnection__fullyQualifiedNamespace", "ServiceBusConnection__credential", "ServiceBusConnection__clientId",
            "TableStorage", "TableStorage__serviceUri", "TableStorage__credential", "TableStorage__clientId",
            "Assessment__MaxMessageBytes", "Assessment__SnapshotMaxBytes", "Assessment__TableName", "Assessment__DuplicateDetectionWindowSeconds",
            "Auth__EntraTenantId", "Auth__Audience", "Auth__Authority", "Auth__EasyAuthEnabled", "SnapshotInboxQueueName",
            "Assessment__CollectedAtMaxSkewMinutes", "Assessment__RetentionDays", "Assessment__QueuedResendAfterMinutes", "Assessment__MaxCompressionRatio",
            "Assessment__SubmissionsPerMinute", "Assessment__RerunsPerMinute",
            "NotificationQueueName", "Notifications__AllowPrivateEndpoints", "Notifications__ApiBaseUrl", "Notifications__DeliveryTimeoutSeconds", "Notifications__DeliveryLogDays",
            "AzureWebJobsStorage__blobServiceUri", "AzureWebJobsStorage__queueServiceUri", "AzureWebJobsStorage__tableServiceUri", "AzureWebJobsStorage__credential", "AzureWebJobsStorage__clientId",
            "APPLICATIONINSIGHTS_CONNECTION_STRING", "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), AppSettings.All.Order(StringComparer.Ordinal));
        Assert.All(AppSettings.All, s => Assert.DoesNotContain(":", s, StringComparison.Ordinal));
    }

    [Fact]
    public void Defaults_match_the_documented_values()
    {
        var options = new AssessmentOptions();
        Assert.Equal(262144, options.MaxMessageBytes);
        Assert.Equal(8 * 1024 * 1024, options.SnapshotMaxBytes);
        Assert.Equal("VmmAssess", options.TableName);
        Assert.Equal(TimeSpan.FromHours(1), options.DuplicateDetectionWindow);
        Assert.Equal(TimeSpan.FromHours(1), options.CollectedAtMaxSkew);
        Assert.Equal(400, options.RetentionDays);
        Assert.Equal(TimeSpan.FromMinutes(30), options.QueuedResendAfter);
        Assert.Equal(64, options.MaxCompressionRatio);
        Assert.Equal(60, options.SubmissionsPerMinute);
        Assert.Equal(10, options.RerunsPerMinute);
        var notifications = new NotificationOptions();
        Assert.False(notifications.AllowPrivateEndpoints);
        Assert.Equal(TimeSpan.FromSeconds(10), notifications.DeliveryTimeout);
        Assert.Equal(30, notifications.DeliveryLogDays);
        Assert.Equal("notifications", new QueueOptions().NotificationQueueName);
    }

    [Theory]
    [InlineData("SnapshotQueueName", null, "SnapshotQueueName")]
    [InlineData("TableStorage", null, "TableStorage__serviceUri")]
    [InlineData("ServiceBusConnection", null, "ServiceBusConnection__fullyQualifiedNamespace")]
    [InlineData("Assessment:MaxMessageBytes", "12", "Assessment__MaxMessageBytes")]
    [InlineData("Assessment:SnapshotMaxBytes", "-1", "Assessment__SnapshotMaxBytes")]
    [InlineData("Assessment:TableName", "no-dashes", "Assessment__TableName")]
    [InlineData("Assessment:DuplicateDetectionWindowSeconds", "5", "Assessment__DuplicateDetectionWindowSeconds")]
    [InlineData("ServiceBusConnection:RetryOptions:MaxRetries", "-1", "ServiceBusConnection__RetryOptions__")]
    [InlineData("ServiceBusConnection:RetryOptions:Delay", "soon", "ServiceBusConnection__RetryOptions__")]
    [InlineData("ServiceBusConnection:RetryOptions:Mode", "Random", "ServiceBusConnection__RetryOptions__")]
    [InlineData("TableStorage:serviceUri", "not a uri", "TableStorage__serviceUri")]
    [InlineData("TableStorage:credential", "password", "TableStorage__credential")]
    [InlineData("NotificationQueueName", "-bad", "NotificationQueueName")]
    [InlineData("Notifications:ApiBaseUrl", "not a url", "Notifications__ApiBaseUrl")]
    [InlineData("Notifications:DeliveryTimeoutSeconds", "600", "Notifications__DeliveryTimeoutSeconds")]
    [InlineData("Notifications:DeliveryLogDays", "0", "Notifications__DeliveryLogDays")]
    public void A_misconfigured_app_fails_at_start_naming_the_setting(string key, string? value, string named)
    {
        var settings = TestApp.BaseSettings(backend, "q", "tbl");
        settings[key] = value;
        if (key.StartsWith("TableStorage:", StringComparison.Ordinal))
        {
            settings["TableStorage"] = null;
            settings.TryAdd("TableStorage:serviceUri", "https://account.table.core.windows.net");
        }

        using var provider = TestApp.BuildServices(settings);

        var error = Assert.ThrowsAny<Exception>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Identity_based_connections_validate_without_connection_strings()
    {
        var settings = TestApp.BaseSettings(backend, "q", "tbl");
        settings["TableStorage"] = null;
        settings["ServiceBusConnection"] = null;
        settings["TableStorage:serviceUri"] = "https://account.table.core.windows.net";
        settings["TableStorage:credential"] = "managedidentity";
        settings["TableStorage:clientId"] = "00000000-0000-0000-0000-000000000001";
        settings["ServiceBusConnection:fullyQualifiedNamespace"] = "ns.servicebus.windows.net";
        settings["ServiceBusConnection:credential"] = "managedidentity";

        await using var provider = TestApp.BuildServices(settings);

        provider.GetRequiredService<IStartupValidator>().Validate();
        Assert.Equal(new Uri("https://account.table.core.windows.net"), provider.GetRequiredService<Azure.Data.Tables.TableServiceClient>().Uri);
        Assert.Equal("ns.servicebus.windows.net", provider.GetRequiredService<Azure.Messaging.ServiceBus.ServiceBusClient>().FullyQualifiedNamespace);
    }
}
