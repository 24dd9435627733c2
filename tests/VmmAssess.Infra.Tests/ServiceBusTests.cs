using System.Xml;
using VmmAssess.Testing.Arm;

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

    [Fact]
    public void Notification_queue_detects_duplicates_keeps_messages_beyond_the_retry_schedule_and_dead_letters_after_five_deliveries()
    {
        var footprint = Footprint.Default();
        var queue = footprint.NotificationQueue;

        Assert.EndsWith("/notifications", (string)queue.Name!, StringComparison.Ordinal);
        Assert.Equal(true, queue.Get("properties.requiresDuplicateDetection"));
        Assert.Equal(true, queue.Get("properties.deadLetteringOnMessageExpiration"));
        Assert.Equal(false, queue.Get("properties.requiresSession"));
        Assert.Equal(5L, queue.Get("properties.maxDeliveryCount"));
        // The retries span about 24.5 hours (docs/notifications.md); a message must outlive them.
        Assert.True(XmlConvert.ToTimeSpan((string)queue.Get("properties.defaultMessageTimeToLive")!) >= TimeSpan.FromDays(2));
        Assert.Equal("notifications", footprint.AppSettings().Single(s => s.Name == "NotificationQueueName").Value);
        Assert.DoesNotContain(footprint.AppSettings(), s => s.Name.StartsWith("Notifications__AllowPrivateEndpoints", StringComparison.Ordinal));
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

    [Theory]
    [InlineData("Standard", false)]
    [InlineData("Premium", false)]
    [InlineData("Premium", true)]
    public void No_key_works_on_the_namespace_in_any_mode_unless_the_collector_inbox_is_enabled(string sku, bool vnetEnabled)
    {
        // Local auth off disables every SAS key, RootManageSharedAccessKey included; no rule of any kind exists.
        var footprint = Footprint.With(("serviceBusSku", sku), ("vnetEnabled", vnetEnabled));

        Assert.Equal(true, footprint.ServiceBusNamespace.Get("properties.disableLocalAuth"));
        Assert.DoesNotContain(footprint.All, r => r.Type.EndsWith("/authorizationRules", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Only_collectorInboxEnabled_turns_local_auth_on()
    {
        var names = CompiledInfra.MainTemplate.GetProperty("parameters").EnumerateObject().Select(p => p.Name).ToList();

        Assert.DoesNotContain(names, n => n.Contains("sas", StringComparison.OrdinalIgnoreCase) || n.Contains("localauth", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(false, Footprint.Default().Deployment.Parameter("collectorInboxEnabled"));
        Assert.Equal(false, Footprint.With(("collectorInboxEnabled", true)).ServiceBusNamespace.Get("properties.disableLocalAuth"));

        // Every other boolean parameter, flipped on its own, leaves local auth off.
        var otherSwitches = CompiledInfra.MainTemplate.GetProperty("parameters").EnumerateObject()
            .Where(p => p.Value.GetProperty("type").GetString() == "bool" && p.Name != "collectorInboxEnabled")
            .Select(p => p.Name)
            .ToList();
        Assert.NotEmpty(otherSwitches);
        foreach (var name in otherSwitches)
        {
            var overrides = new List<(string, object?)> { (name, true) };
            if (name == "vnetEnabled")
            {
                overrides.Add(("serviceBusSku", "Premium"));
            }

            if (name == "easyAuthEnabled")
            {
                overrides.Add(("easyAuthClientId", "22222222-2222-2222-2222-222222222222"));
            }

            Assert.Equal(true, Footprint.With([.. overrides]).ServiceBusNamespace.Get("properties.disableLocalAuth"));
        }
    }

    [Theory]
    [InlineData("Standard", false)]
    [InlineData("Premium", true)]
    public void Collector_inbox_gives_collectors_a_send_only_key_for_the_inbox_queue_and_nothing_else(string sku, bool vnetEnabled)
    {
        var footprint = Footprint.With(("collectorInboxEnabled", true), ("serviceBusSku", sku), ("vnetEnabled", vnetEnabled));
        var inboxId = Footprint.IdOf(footprint.InboxQueue);

        // One rule, entity-level on the inbox queue, Send only: no Listen (cannot read others' snapshots), no
        // Manage, nothing on the internal queue or the namespace.
        var rule = Assert.Single(footprint.All, r => r.Type.EndsWith("/authorizationRules", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("Microsoft.ServiceBus/namespaces/queues/authorizationRules", rule.Type);
        Assert.Equal($"{inboxId}/authorizationRules/collector-send", Footprint.IdOf(rule));
        Assert.Equal(["Send"], ((IList<object?>)rule.Get("properties.rights")!).Cast<string>());

        // The rule's key is never read or handed out by the template (an operator lists it with az).
        Assert.DoesNotContain("listKeys", CompiledInfra.MainTemplateText, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Inbox_queue_always_exists_so_the_apps_inbox_trigger_has_its_queue_and_the_app_knows_its_name()
    {
        foreach (var footprint in new[] { Footprint.Default(), Footprint.With(("collectorInboxEnabled", true)), Footprint.With(("snapshotInboxQueueName", "inbox-2")) })
        {
            var inbox = footprint.InboxQueue;
            var name = ArmDeployment.Display(inbox.Name).Split('/')[^1];
            Assert.Equal(footprint.Deployment.Parameter("snapshotInboxQueueName"), name);
            Assert.NotEqual(footprint.Queue.Name, inbox.Name);
            Assert.Equal(true, inbox.Get("properties.requiresDuplicateDetection"));
            Assert.Equal(true, inbox.Get("properties.deadLetteringOnMessageExpiration"));
            Assert.Equal(name, footprint.AppSettings().Single(s => s.Name == "SnapshotInboxQueueName").Value);
        }

        Assert.Equal("snapshots-inbox", Footprint.Default().Deployment.Parameter("snapshotInboxQueueName"));
    }

    [Theory]
    [InlineData(1024L)]
    [InlineData(3072L)]
    [InlineData(5120L)]
    public void Queue_size_is_a_whole_number_of_GB_up_to_5(long megabytes)
    {
        var queue = Footprint.With(("queueMaxSizeInMegabytes", megabytes)).Queue;

        Assert.Equal(megabytes, queue.Get("properties.maxSizeInMegabytes"));
        Assert.Equal(false, queue.Get("properties.enablePartitioning"));
    }

    [Theory]
    [InlineData(1500L)]   // not whole GB
    [InlineData(10240L)]  // over 5 GB: only partitioned queues go beyond
    [InlineData(81920L)]
    [InlineData(512L)]
    public void Queue_sizes_Service_Bus_rejects_for_a_non_partitioned_queue_are_refused_up_front(long megabytes)
    {
        var refused = Assert.Throws<ArgumentException>(() => Footprint.With(("queueMaxSizeInMegabytes", megabytes)));
        Assert.Contains("queueMaxSizeInMegabytes", refused.Message, StringComparison.Ordinal);
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
