using System.Xml;

namespace VmmAssess.Infra.Tests;

public class ServiceBusTests
{
    [Fact]
    public void Namespace_is_Standard_and_accepts_only_Entra_ID_by_default()
    {
        var ns = Footprint.Default().ServiceBusNamespace;

        Assert.Equal("Standard", ns.Get("sku.name"));
        Assert.Equal(true, ns.Get("properties.disableLocalAuth"));
        Assert.Equal("1.2", ns.Get("properties.minimumTlsVersion"));
    }

    [Fact]
    public void Snapshots_queue_dead_letters_expired_messages_detects_duplicates_and_bounds_deliveries()
    {
        var queue = Footprint.Default().Queue;

        Assert.EndsWith("/snapshots", (string)queue.Name!, StringComparison.Ordinal);
        Assert.Equal(true, queue.Get("properties.deadLetteringOnMessageExpiration"));
        Assert.Equal(true, queue.Get("properties.requiresDuplicateDetection"));
        Assert.Equal(false, queue.Get("properties.requiresSession"));

        var window = XmlConvert.ToTimeSpan((string)queue.Get("properties.duplicateDetectionHistoryTimeWindow")!);
        Assert.InRange(window, TimeSpan.FromSeconds(20), TimeSpan.FromDays(7));

        var lockDuration = XmlConvert.ToTimeSpan((string)queue.Get("properties.lockDuration")!);
        Assert.InRange(lockDuration, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5));

        Assert.Equal(10L, queue.Get("properties.maxDeliveryCount"));
        Assert.Equal(1024L, queue.Get("properties.maxSizeInMegabytes"));
        Assert.NotNull(queue.Get("properties.defaultMessageTimeToLive"));
    }

    [Theory]
    [InlineData(null, 3600)]
    [InlineData(86400L, 86400)]
    public void The_app_knows_the_queues_duplicate_detection_window_for_dead_letter_replay(long? overrideSeconds, int expectedSeconds)
    {
        var footprint = overrideSeconds is { } seconds ? Footprint.With(("queueDuplicateDetectionWindowSeconds", seconds)) : Footprint.Default();

        var window = XmlConvert.ToTimeSpan((string)footprint.Queue.Get("properties.duplicateDetectionHistoryTimeWindow")!);
        var setting = footprint.AppSettings().Single(s => s.Name == "Assessment__DuplicateDetectionWindowSeconds");

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), window);
        Assert.Equal(expectedSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), setting.Value);
    }

    [Fact]
    public void No_SAS_authorization_rule_exists_by_default()
    {
        var footprint = Footprint.Default();

        Assert.DoesNotContain(footprint.All, r => r.Type.EndsWith("/authorizationRules", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData(true)]
    [InlineData("true")] // as azd passes it from main.parameters.json
    public void Allowing_collector_SAS_creates_one_send_only_rule_on_the_queue(object allow)
    {
        var footprint = Footprint.With(("allowCollectorSasSend", allow));

        Assert.Equal(false, footprint.ServiceBusNamespace.Get("properties.disableLocalAuth"));

        var rules = footprint.All.Where(r => r.Type.EndsWith("/authorizationRules", StringComparison.OrdinalIgnoreCase)).ToList();
        var rule = Assert.Single(rules);
        Assert.Equal("Microsoft.ServiceBus/namespaces/queues/authorizationRules", rule.Type);
        Assert.StartsWith((string)footprint.Queue.Name! + "/", (string)rule.Name!, StringComparison.Ordinal);

        var rights = (IList<object?>)rule.Get("properties.rights")!;
        Assert.Equal(new object?[] { "Send" }, rights.ToArray());
    }

    [Fact]
    public void Premium_is_a_parameter()
    {
        var footprint = Footprint.With(("serviceBusSku", "Premium"), ("serviceBusPremiumMessagingUnits", 2L));

        Assert.Equal("Premium", footprint.ServiceBusNamespace.Get("sku.name"));
        Assert.Equal("Premium", footprint.ServiceBusNamespace.Get("sku.tier"));
        Assert.Equal(2L, footprint.ServiceBusNamespace.Get("sku.capacity"));
        Assert.Equal(true, footprint.ServiceBusNamespace.Get("properties.disableLocalAuth"));
        Assert.Equal(1024L, footprint.Queue.Get("properties.maxMessageSizeInKilobytes"));
    }

    [Theory]
    [InlineData("Standard", null, "262144")]
    [InlineData("Premium", null, "1048576")]
    [InlineData("Premium", 4096L, "4194304")]
    public void Max_message_bytes_setting_follows_the_queue_limit_of_the_tier(string sku, long? premiumKilobytes, string expected)
    {
        var overrides = new List<(string, object?)> { ("serviceBusSku", sku) };
        if (premiumKilobytes is { } kb)
        {
            overrides.Add(("serviceBusPremiumMaxMessageSizeInKilobytes", kb));
        }

        var footprint = Footprint.With([.. overrides]);
        var setting = footprint.AppSettings().Single(s => s.Name == "Assessment__MaxMessageBytes");

        Assert.Equal(expected, setting.Value);
        if (sku == "Premium")
        {
            Assert.Equal(long.Parse(expected, System.Globalization.CultureInfo.InvariantCulture) / 1024, footprint.Queue.Get("properties.maxMessageSizeInKilobytes"));
        }
        else
        {
            Assert.Null(footprint.Queue.Get("properties.maxMessageSizeInKilobytes"));
        }
    }
}
