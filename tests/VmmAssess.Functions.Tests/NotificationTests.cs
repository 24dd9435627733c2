using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using VmmAssess.Functions.Tests.Infrastructure;
using VmmAssess.Testing.ServiceBus;

namespace VmmAssess.Functions.Tests;

/// <summary>
/// Webhook notifications end to end: a real loopback receiver (Kestrel) that verifies the Standard Webhooks signature
/// with its own code, the notification queue on the Service Bus test host (scheduled retries on a fake clock), and the
/// subscriptions API. The app allows private endpoints here (the receiver is on 127.0.0.1) except where SSRF is tested.
/// </summary>
[Collection(BackendGroup.Name)]
public sealed class NotificationTests(BackendFixture backend)
{
    private const string A = "contoso";
    private const string B = "fabrikam";

    private static void AllowPrivate(Dictionary<string, string?> settings) => settings["Notifications:AllowPrivateEndpoints"] = "true";

    private static async Task<(TestApp App, ServiceBusTestHost Bus, FakeTimeProvider Clock)> StartAsync(BackendFixture backend, Action<Dictionary<string, string?>>? configure = null)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var bus = new ServiceBusTestHost([], clock);
        var app = await TestApp.StartAsync(backend, configure ?? AllowPrivate, bus: bus, time: clock);
        return (app, bus, clock);
    }

    private static async Task<(string Id, string Secret)> SubscribeAsync(TestApp app, Uri endpoint, string[] eventTypes, string? tenant = A)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new { endpoint = endpoint.AbsoluteUri, eventTypes, tenantId = tenant, description = "ticketing" });
        var created = await app.CallAsync(TestApp.Request("POST", "/api/admin/subscriptions", body: body), r => app.NotificationApi.CreateSubscriptionAsync(r));
        Assert.True(created.Status == 201, created.ToString());
        return (created.Json.GetProperty("subscriptionId").GetString()!, created.Json.GetProperty("secret").GetString()!);
    }

    /// <summary>Runs the notification trigger over every message available now, settling as the host does with
    /// autoComplete: complete on return, abandon on a throw.</summary>
    private static async Task<List<NotificationOutcome>> DrainAsync(TestApp app, int maxMessages = 100)
    {
        await using var client = app.CreateBusClient();
        await using var receiver = client.CreateReceiver(app.NotificationQueueName);
        var outcomes = new List<NotificationOutcome>();
        for (var i = 0; i < maxMessages; i++)
        {
            var message = await receiver.ReceiveMessageAsync(TimeSpan.FromMilliseconds(300));
            if (message is null)
            {
                break;
            }

            try
            {
                outcomes.Add(await app.Notifier.DeliverNotificationAsync(message.Body.ToArray(), new TestFunctionContext(TriggerData.From(message), app.Services)));
                await receiver.CompleteMessageAsync(message);
            }
            catch (DeliveryExhaustedException)
            {
                await receiver.AbandonMessageAsync(message);
            }
        }

        return outcomes;
    }

    private static Task<ProcessingOutcome> ProcessAsync(TestApp app, System.Text.Json.Nodes.JsonObject snapshot, FakeTimeProvider clock) =>
        app.ProcessAsync(Snapshots.Bytes(snapshot), TriggerData.For(Guid.NewGuid().ToString(), "application/json", enqueuedTime: clock.GetUtcNow()));

    internal static List<JsonElement> QueuedEvents(TestApp app) =>
        app.Notifications.Snapshot().Select(m => JsonDocument.Parse(m.GetBodyAsString()).RootElement.Clone()).ToList();

    [Fact]
    public async Task A_delivery_that_gets_500s_is_retried_on_schedule_with_the_same_webhook_id_and_a_valid_signature_until_it_succeeds()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (app, bus, clock) = await StartAsync(backend);
        await using var _ = bus;
        await using var __ = app;
        receiver.Now = clock.GetUtcNow;
        receiver.Respond = n => n <= 2 ? 500 : 204;
        var (id, secret) = await SubscribeAsync(app, receiver.Endpoint, ["assessment.completed"]);
        receiver.Secret = secret;

        Assert.Equal(ProcessingStatus.Completed, (await ProcessAsync(app, Snapshots.Create(A, "hq"), clock)).Status);
        Assert.Empty(receiver.Calls); // the assessment only enqueued

        var first = await DrainAsync(app);
        Assert.Equal([NotificationStatus.FannedOut, NotificationStatus.RetryScheduled], first.Select(o => o.Status));
        Assert.Equal(1, app.Notifications.ScheduledCount);
        Assert.Empty(await DrainAsync(app)); // nothing before the backoff has passed

        clock.Advance(DeliverNotifications.RetryDelay(1));
        Assert.Equal(NotificationStatus.RetryScheduled, Assert.Single(await DrainAsync(app)).Status);
        clock.Advance(DeliverNotifications.RetryDelay(2) - TimeSpan.FromSeconds(1));
        Assert.Empty(await DrainAsync(app)); // exponential: the second wait is longer than the first
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(NotificationStatus.Delivered, Assert.Single(await DrainAsync(app)).Status);

        var calls = receiver.Calls;
        Assert.Equal(3, calls.Count);
        Assert.All(calls, c => Assert.True(c.SignatureValid, $"call {c.Number}: signature {c.Signature} does not verify"));
        Assert.Single(calls.Select(c => c.WebhookId).Distinct());
        Assert.Equal(calls[0].WebhookId, calls[0].Event.GetProperty("id").GetString());
        Assert.Equal([false, true, true], calls.Select(c => c.Duplicate));
        Assert.Equal(1, receiver.ProcessedCount); // the receiver acted once on three deliveries of one event
        Assert.StartsWith("application/cloudevents+json", calls[0].ContentType, StringComparison.Ordinal);

        var details = await app.CallAsync(TestApp.Request("GET", $"/api/admin/subscriptions/{id}"), r => app.NotificationApi.GetSubscriptionAsync(r, id));
        var deliveries = details.Json.GetProperty("lastDeliveries").EnumerateArray().ToArray();
        Assert.Equal([3, 2, 1], deliveries.Select(d => d.GetProperty("attempt").GetInt32()));
        Assert.Equal([204, 500, 500], deliveries.Select(d => d.GetProperty("statusCode").GetInt32()));
        Assert.Equal(["Delivered", "RetryScheduled", "RetryScheduled"], deliveries.Select(d => d.GetProperty("outcome").GetString()));
        Assert.Equal(clock.GetUtcNow() - DeliverNotifications.RetryDelay(2) + DeliverNotifications.RetryDelay(2), deliveries[1].GetProperty("nextAttemptAt").GetDateTimeOffset());
        Assert.DoesNotContain("whsec_", details.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_a_subscription_drops_its_pending_retries_without_a_call()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (app, bus, clock) = await StartAsync(backend);
        await using var _ = bus;
        await using var __ = app;
        receiver.Now = clock.GetUtcNow;
        receiver.Respond = _ => 500;
        var (id, secret) = await SubscribeAsync(app, receiver.Endpoint, ["assessment.completed"]);
        receiver.Secret = secret;
        await ProcessAsync(app, Snapshots.Create(A, "hq"), clock);
        await DrainAsync(app);
        Assert.Equal(1, app.Notifications.ScheduledCount);

        Assert.Equal(204, (await app.CallAsync(TestApp.Request("DELETE", $"/api/admin/subscriptions/{id}"), r => app.NotificationApi.DeleteSubscriptionAsync(r, id))).Status);
        clock.Advance(DeliverNotifications.RetryDelay(1));

        Assert.Equal(NotificationStatus.SubscriptionGone, Assert.Single(await DrainAsync(app)).Status);
        Assert.Single(receiver.Calls);
        Assert.Equal(0, app.Notifications.MessageCount);
        Assert.Empty(await app.Get<SubscriptionRows>().LastAttemptsAsync(id, 10, default)); // the log went with it
    }

    [Fact]
    public void The_retries_span_at_least_24_hours_with_exponential_backoff()
    {
        var delays = Enumerable.Range(1, DeliverNotifications.MaxAttempts - 1).Select(DeliverNotifications.RetryDelay).ToArray();

        Assert.True(delays.Aggregate(TimeSpan.Zero, (a, b) => a + b) >= TimeSpan.FromHours(24));
        Assert.Equal(TimeSpan.FromMinutes(1), delays[0]);
        Assert.Equal(TimeSpan.FromMinutes(2), delays[1]);
        Assert.Equal(TimeSpan.FromMinutes(4), delays[2]);
        Assert.All(delays.Zip(delays.Skip(1)), pair => Assert.True(pair.Second >= pair.First));
        Assert.Equal(TimeSpan.FromHours(8), delays[^1]);
    }

    [Fact]
    public async Task The_last_failed_attempt_is_recorded_and_dead_lettered_without_calling_the_endpoint_again()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (app, bus, clock) = await StartAsync(backend);
        await using var _ = bus;
        await using var __ = app;
        receiver.Now = clock.GetUtcNow;
        receiver.Respond = _ => 503;
        var (id, secret) = await SubscribeAsync(app, receiver.Endpoint, ["assessment.completed"]);
        receiver.Secret = secret;
        var body = Encoding.UTF8.GetBytes("{\"specversion\":\"1.0\",\"id\":\"evt_last\",\"type\":\"assessment.completed\",\"source\":\"/api/tenants/contoso\"}");
        await app.Get<NotificationQueueClient>().ScheduleDeliveryAsync("evt_last", "assessment.completed", body, id, DeliverNotifications.MaxAttempts, clock.GetUtcNow(), default);

        await DrainAsync(app);

        var dead = Assert.Single(app.Bus[app.NotificationQueueName + "/$DeadLetterQueue"].Snapshot());
        Assert.Equal("MaxDeliveryCountExceeded", dead.DeadLetterReason);
        Assert.Single(receiver.Calls); // redeliveries of the exhausted attempt do not call again
        var details = await app.CallAsync(TestApp.Request("GET", $"/api/admin/subscriptions/{id}"), r => app.NotificationApi.GetSubscriptionAsync(r, id));
        var last = Assert.Single(details.Json.GetProperty("lastDeliveries").EnumerateArray());
        Assert.Equal("DeadLettered", last.GetProperty("outcome").GetString());
        Assert.Equal(503, last.GetProperty("statusCode").GetInt32());
        Assert.Equal(DeliverNotifications.MaxAttempts, last.GetProperty("attempt").GetInt32());
    }

    [Fact]
    public async Task An_endpoint_that_hangs_or_fails_neither_slows_nor_fails_an_assessment()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (app, bus, clock) = await StartAsync(backend, s =>
        {
            AllowPrivate(s);
            s["Notifications:DeliveryTimeoutSeconds"] = "2";
        });
        await using var _ = bus;
        await using var __ = app;
        receiver.Now = clock.GetUtcNow;
        receiver.Respond = n => n == 1 ? null : 500; // the first call hangs, the next ones fail
        var (_, secret) = await SubscribeAsync(app, receiver.Endpoint, ["assessment.completed", "readiness.changed"]);
        receiver.Secret = secret;
        Assert.Equal(ProcessingStatus.Completed, (await ProcessAsync(app, Snapshots.Create(A, "hq"), clock)).Status);
        await DrainAsync(app, maxMessages: 1); // fan-out only

        // A delivery is hanging on the endpoint while further snapshots are assessed.
        var hanging = DrainAsync(app, maxMessages: 1);
        await WaitUntilAsync(() => receiver.Calls.Count == 1);
        var watch = Stopwatch.StartNew();
        var outcomes = new List<ProcessingOutcome>();
        for (var i = 0; i < 3; i++)
        {
            outcomes.Add(await ProcessAsync(app, Snapshots.Create(A, "hq", collectedAt: new DateTimeOffset(2026, 11, 21 + i, 10, 0, 0, TimeSpan.Zero)), clock));
        }

        var assessing = watch.Elapsed;
        Assert.False(hanging.IsCompleted, "the hanging call should still be open while the assessments ran");
        Assert.All(outcomes, o => Assert.Equal(ProcessingStatus.Completed, o.Status));
        Assert.Single(receiver.Calls); // no assessment called the endpoint

        var hung = Assert.Single(await hanging);
        Assert.Equal(NotificationStatus.RetryScheduled, hung.Status);
        Assert.True(assessing < TimeSpan.FromSeconds(2), $"three assessments took {assessing} while the endpoint hung");
        var log = await app.Get<SubscriptionRows>().LastAttemptsAsync(hung.SubscriptionId!, 10, default);
        Assert.Contains(log, a => a.Error is { } e && e.StartsWith("timed out", StringComparison.Ordinal) && a.StatusCode is null);

        // The failing endpoint: the queued events are retried, the assessments are stored all the same.
        await DrainAsync(app);
        Assert.All(receiver.Calls.Skip(1), c => Assert.True(c.SignatureValid));
        Assert.Equal(4, (await app.Reads.GetHistoryPageAsync(T(A), E("hq"), 10, null, default)).Items.Count);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Events_are_cloudevents_with_tenant_environment_snapshot_readiness_before_and_after_and_links()
    {
        var (app, bus, clock) = await StartAsync(backend, s =>
        {
            AllowPrivate(s);
            s["Notifications:ApiBaseUrl"] = "https://vmmassess.contoso.com/";
        });
        await using var _ = bus;
        await using var __ = app;
        var first = Snapshots.Create(A, "hq", sample: Snapshots.Contoso);
        var second = Snapshots.Create(A, "hq", collectedAt: new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero), sample: Snapshots.Northwind);
        second["tenantId"] = A;
        second["environmentId"] = "hq";

        await ProcessAsync(app, first, clock);
        var before = (await app.Reads.GetLatestAsync(T(A), E("hq"), default))!.Readiness;
        await ProcessAsync(app, second, clock);
        var after = (await app.Reads.GetLatestAsync(T(A), E("hq"), default))!.Readiness;
        Assert.NotEqual(before, after); // the samples differ in readiness, so the second raises readiness.changed

        var events = QueuedEvents(app);
        Assert.Equal(["assessment.completed", "assessment.completed", "readiness.changed"], events.Select(e => e.GetProperty("type").GetString()));
        var changed = events[2];
        Assert.Equal("1.0", changed.GetProperty("specversion").GetString());
        Assert.StartsWith("evt_", changed.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("https://vmmassess.contoso.com/api/tenants/contoso", changed.GetProperty("source").GetString());
        Assert.Equal("hq", changed.GetProperty("subject").GetString());
        Assert.Equal("application/json", changed.GetProperty("datacontenttype").GetString());
        Assert.True(changed.TryGetProperty("time", out var time) && time.GetDateTimeOffset() == clock.GetUtcNow());
        var data = changed.GetProperty("data");
        Assert.Equal(A, data.GetProperty("tenantId").GetString());
        Assert.Equal("hq", data.GetProperty("environmentId").GetString());
        Assert.Equal(Snapshots.Id(second), data.GetProperty("snapshotId").GetGuid());
        Assert.Equal(before.ToString(), data.GetProperty("readinessBefore").GetString());
        Assert.Equal(after.ToString(), data.GetProperty("readinessAfter").GetString());
        // The change counts are the stored comparison's (the second collection against the first).
        var comparison = (await app.Reads.GetAssessmentAsync(T(A), Snapshots.Id(second), default))!.Changes!;
        var counts = data.GetProperty("changes");
        Assert.Equal(comparison.Summary.New, counts.GetProperty("new").GetInt32());
        Assert.Equal(comparison.Summary.Resolved, counts.GetProperty("resolved").GetInt32());
        Assert.Equal(comparison.Summary.Changed, counts.GetProperty("changed").GetInt32());
        Assert.Equal(comparison.Summary.Unchanged, counts.GetProperty("unchanged").GetInt32());
        Assert.True(comparison.Summary.New + comparison.Summary.Resolved + comparison.Summary.Changed > 0);
        Assert.Equal($"https://vmmassess.contoso.com/api/tenants/contoso/assessments/{Snapshots.Id(second)}", data.GetProperty("links").GetProperty("assessment").GetString());
        Assert.Equal("https://vmmassess.contoso.com/api/tenants/contoso/environments/hq/readiness", data.GetProperty("links").GetProperty("readiness").GetString());
        Assert.Equal(JsonValueKind.Null, events[0].GetProperty("data").GetProperty("readinessBefore").ValueKind); // the environment's first assessment
        Assert.Equal(events.Count, events.Select(e => e.GetProperty("id").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task An_invalid_snapshot_of_a_tenant_raises_snapshot_rejected_with_its_errors()
    {
        var (app, bus, clock) = await StartAsync(backend);
        await using var _ = bus;
        await using var __ = app;
        var snapshot = Snapshots.Create(A, "hq");
        snapshot.Remove("hosts");
        snapshot["collectedAt"] = "yesterday";

        Assert.Equal(ProcessingStatus.Rejected, (await ProcessAsync(app, snapshot, clock)).Status);
        await app.ProcessAsync(Encoding.UTF8.GetBytes("not json"), TriggerData.For("x", "application/json", enqueuedTime: clock.GetUtcNow()));

        var rejected = Assert.Single(QueuedEvents(app)); // the unattributed body names no tenant to tell
        Assert.Equal("snapshot.rejected", rejected.GetProperty("type").GetString());
        var data = rejected.GetProperty("data");
        Assert.Equal(A, data.GetProperty("tenantId").GetString());
        Assert.Equal(Snapshots.Id(snapshot), data.GetProperty("snapshotId").GetGuid());
        Assert.True(data.GetProperty("errorCount").GetInt32() >= 1);
        Assert.Contains(data.GetProperty("errors").EnumerateArray(), e => e.GetProperty("path").GetString()!.StartsWith("$.", StringComparison.Ordinal));
        Assert.Equal($"/api/tenants/{A}/assessments/{Snapshots.Id(snapshot)}", data.GetProperty("links").GetProperty("assessment").GetString());
    }

    [Fact]
    public async Task Fan_out_sends_each_event_to_the_subscriptions_of_its_tenant_and_type_and_to_portfolio_wide_ones()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (app, bus, clock) = await StartAsync(backend);
        await using var _ = bus;
        await using var __ = app;
        var ofA = await SubscribeAsync(app, receiver.Endpoint, ["assessment.completed"], A);
        var ofB = await SubscribeAsync(app, receiver.Endpoint, ["assessment.completed"], B);
        var rejectedOnly = await SubscribeAsync(app, receiver.Endpoint, ["snapshot.rejected"], A);
        var portfolio = await SubscribeAsync(app, receiver.Endpoint, ["assessment.completed", "snapshot.rejected"], tenant: null);
        var secrets = new[] { ofA, ofB, rejectedOnly, portfolio }.ToDictionary(s => s.Id, s => s.Secret);
        receiver.Now = clock.GetUtcNow;
        receiver.Respond = _ => 200;

        await ProcessAsync(app, Snapshots.Create(A, "hq"), clock);
        var fanOut = Assert.Single(await DrainAsync(app, maxMessages: 1));
        Assert.Equal(2, fanOut.Deliveries);
        var deliveries = await DrainAsync(app);

        Assert.Equal(new[] { ofA.Id, portfolio.Id }.Order(StringComparer.Ordinal), deliveries.Select(d => d.SubscriptionId!).Order(StringComparer.Ordinal));
        // Each call verifies with the secret of the subscription it was made for, and no other.
        Assert.Equal(2, receiver.Calls.Count);
        Assert.All(receiver.Calls, c => Assert.Single(secrets.Values, s => WebhookReceiver.Verify(s, c.WebhookId, c.Timestamp, c.Signature, c.Body, clock.GetUtcNow())));
    }

    [Fact]
    public async Task Ping_posts_a_signed_test_event_now_and_the_subscription_shows_it()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (app, bus, clock) = await StartAsync(backend);
        await using var _ = bus;
        await using var __ = app;
        receiver.Now = clock.GetUtcNow;
        var (id, secret) = await SubscribeAsync(app, receiver.Endpoint, ["readiness.changed"]);
        receiver.Secret = secret;

        var ping = await app.CallAsync(TestApp.Request("POST", $"/api/admin/subscriptions/{id}/ping"), r => app.NotificationApi.PingSubscriptionAsync(r, id));

        Assert.Equal(200, ping.Status);
        Assert.True(ping.Json.GetProperty("delivered").GetBoolean());
        Assert.Equal(200, ping.Json.GetProperty("statusCode").GetInt32());
        var call = Assert.Single(receiver.Calls);
        Assert.True(call.SignatureValid);
        Assert.Equal("ping", call.Event.GetProperty("type").GetString());
        Assert.Equal(id, call.Event.GetProperty("data").GetProperty("subscriptionId").GetString());
        Assert.Equal(ping.Json.GetProperty("eventId").GetString(), call.WebhookId);

        receiver.Respond = _ => 410;
        clock.Advance(TimeSpan.FromSeconds(1));
        var failed = await app.CallAsync(TestApp.Request("POST", $"/api/admin/subscriptions/{id}/ping"), r => app.NotificationApi.PingSubscriptionAsync(r, id));
        Assert.False(failed.Json.GetProperty("delivered").GetBoolean());
        Assert.Equal(410, failed.Json.GetProperty("statusCode").GetInt32());

        var details = await app.CallAsync(TestApp.Request("GET", $"/api/admin/subscriptions/{id}"), r => app.NotificationApi.GetSubscriptionAsync(r, id));
        Assert.Equal(["Failed", "Delivered"], details.Json.GetProperty("lastDeliveries").EnumerateArray().Select(d => d.GetProperty("outcome").GetString()));
        Assert.Equal(0, app.Notifications.MessageCount); // a ping is not queued
    }

    [Fact]
    public async Task The_secret_is_shown_once_on_create_and_never_again_nor_audited_and_delete_removes_the_subscription()
    {
        var (app, bus, _) = await StartAsync(backend);
        await using var __ = bus;
        await using var ___ = app;
        var (id, secret) = await SubscribeAsync(app, new Uri("https://8.8.8.8/hooks"), ["assessment.completed", "waiver.expiring"], tenant: null);

        Assert.Matches("^whsec_[A-Za-z0-9+/]{43}=$", secret);
        Assert.Equal(32, Convert.FromBase64String(secret[6..]).Length);
        var list = await app.CallAsync(TestApp.Request("GET", "/api/admin/subscriptions"), r => app.NotificationApi.ListSubscriptionsAsync(r));
        var listed = Assert.Single(list.Json.GetProperty("subscriptions").EnumerateArray());
        Assert.Equal("portfolio", listed.GetProperty("scope").GetString());
        Assert.Equal(["assessment.completed", "waiver.expiring"], listed.GetProperty("eventTypes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(TestTokens.OperatorId, listed.GetProperty("createdBy").GetString());
        Assert.DoesNotContain("whsec_", list.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(secret[6..], list.Text, StringComparison.Ordinal);

        var deleted = await app.CallAsync(TestApp.Request("DELETE", $"/api/admin/subscriptions/{id}"), r => app.NotificationApi.DeleteSubscriptionAsync(r, id));
        Assert.Equal(204, deleted.Status);
        var again = await app.CallAsync(TestApp.Request("GET", $"/api/admin/subscriptions/{id}"), r => app.NotificationApi.GetSubscriptionAsync(r, id));
        Assert.Equal(404, again.Status);

        var audit = await app.CallAsync(TestApp.Request("GET", "/api/admin/audit"), r => app.AccessApi.GetAuditLogAsync(r));
        var actions = audit.Json.GetProperty("items").EnumerateArray().Select(e => (e.GetProperty("action").GetString(), e.GetProperty("status").GetInt32(), e.TryGetProperty("target", out var t) ? t.GetString() : null)).ToArray();
        Assert.Contains(("POST /api/admin/subscriptions", 201, (string?)id), actions); // the new subscription, as its delete names it
        Assert.Contains(($"DELETE /api/admin/subscriptions/{id}", 204, id), actions);
        Assert.DoesNotContain(secret[6..], audit.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://8.8.8.8/hooks", "must use HTTPS")]
    [InlineData("ftp://8.8.8.8/hooks", "must use HTTPS")]
    [InlineData("https://127.0.0.1/hooks", "loopback")]
    [InlineData("https://localhost/hooks", "loopback")]
    [InlineData("https://10.0.0.5/hooks", "private")]
    [InlineData("https://172.20.1.1/hooks", "private")]
    [InlineData("https://192.168.1.10/hooks", "private")]
    [InlineData("https://100.64.0.1/hooks", "carrier-grade NAT")]
    [InlineData("https://169.254.169.254/metadata/instance", "link-local")]
    [InlineData("https://168.63.129.16/", "Azure platform")]
    [InlineData("https://[::1]/hooks", "loopback")]
    [InlineData("https://[fd00:ec2::254]/hooks", "unique-local")]
    [InlineData("https://[fe80::1]/hooks", "link-local")]
    [InlineData("https://[::ffff:10.0.0.1]/hooks", "private")]
    [InlineData("https://[64:ff9b::a9fe:a9fe]/hooks", "link-local")]
    [InlineData("https://0.0.0.0/hooks", "this network")]
    [InlineData("https://user:pw@8.8.8.8/hooks", "user information")]
    [InlineData("hooks.example.com/path", "absolute HTTPS URL")]
    public async Task Registration_refuses_a_non_https_or_non_public_endpoint_with_problem_details(string endpoint, string why)
    {
        await using var app = await TestApp.StartAsync(backend);
        var body = JsonSerializer.SerializeToUtf8Bytes(new { endpoint, eventTypes = new[] { "assessment.completed" } });

        var response = await app.CallAsync(TestApp.Request("POST", "/api/admin/subscriptions", body: body), r => app.NotificationApi.CreateSubscriptionAsync(r));

        Assert.Equal(400, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
        var error = Assert.Single(response.Json.GetProperty("errors").EnumerateArray());
        Assert.Equal("$.endpoint", error.GetProperty("path").GetString());
        Assert.Contains(why, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(await app.Get<SubscriptionRows>().ListAsync(default));
    }

    [Fact]
    public async Task Registration_lists_every_bad_field_at_once()
    {
        await using var app = await TestApp.StartAsync(backend);
        var body = Encoding.UTF8.GetBytes("{\"endpoint\":\"https://8.8.8.8/h\",\"eventTypes\":[\"assessment.completed\",\"everything\"],\"tenantId\":\"Not A Tenant\",\"description\":\"" + new string('x', 300) + "\"}");

        var response = await app.CallAsync(TestApp.Request("POST", "/api/admin/subscriptions", body: body), r => app.NotificationApi.CreateSubscriptionAsync(r));

        Assert.Equal(400, response.Status);
        var paths = response.Json.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString()!).ToArray();
        Assert.Equal(["$.tenantId"], paths); // the binder's 400 comes before the use case runs
        var noTypes = await app.CallAsync(TestApp.Request("POST", "/api/admin/subscriptions", body: Encoding.UTF8.GetBytes("{\"endpoint\":\"https://8.8.8.8/h\",\"eventTypes\":[\"everything\"],\"description\":\"" + new string('x', 300) + "\"}")), r => app.NotificationApi.CreateSubscriptionAsync(r));
        Assert.Equal(["$.eventTypes[0]", "$.description"], noTypes.Json.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString()!));
        var malformed = await app.CallAsync(TestApp.Request("POST", "/api/admin/subscriptions", body: Encoding.UTF8.GetBytes("{\"endpoint\": 5")), r => app.NotificationApi.CreateSubscriptionAsync(r));
        Assert.Equal(400, malformed.Status);
    }

    [Fact]
    public async Task At_connect_time_a_host_that_now_resolves_to_a_private_address_is_refused_before_any_byte_is_sent()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = await TestApp.StartAsync(backend); // private endpoints not allowed
        // As if DNS changed after registration (rebinding): stored directly, the way a checked public name would be.
        var rows = app.Get<SubscriptionRows>();
        var byName = new Subscription("sub_00000000000000aa", new Uri($"https://localhost:{receiver.Endpoint.Port}/hook"), ["assessment.completed"], null, null, DateTimeOffset.UtcNow, "test");
        var byAddress = new Subscription("sub_00000000000000bb", receiver.Endpoint, ["assessment.completed"], null, null, DateTimeOffset.UtcNow, "test");
        await rows.AddAsync(byName, new byte[32], default);
        await rows.AddAsync(byAddress, new byte[32], default);

        foreach (var id in new[] { byName.Id, byAddress.Id })
        {
            var ping = await app.CallAsync(TestApp.Request("POST", $"/api/admin/subscriptions/{id}/ping"), r => app.NotificationApi.PingSubscriptionAsync(r, id));
            Assert.Equal(200, ping.Status);
            Assert.False(ping.Json.GetProperty("delivered").GetBoolean());
            Assert.False(ping.Json.TryGetProperty("statusCode", out _));
            Assert.Contains("loopback", ping.Json.GetProperty("error").GetString(), StringComparison.Ordinal);
        }

        Assert.Empty(receiver.Calls);
    }

    [Theory]
    [InlineData("8.8.8.8", null)]
    [InlineData("20.50.2.1", null)]
    [InlineData("2606:4700:4700::1111", null)]
    [InlineData("2002:0808:0808::1", null)]
    [InlineData("127.0.0.53", "loopback")]
    [InlineData("10.255.255.255", "private")]
    [InlineData("172.15.255.255", null)]
    [InlineData("172.16.0.0", "private")]
    [InlineData("172.31.255.255", "private")]
    [InlineData("172.32.0.0", null)]
    [InlineData("100.63.255.255", null)]
    [InlineData("100.127.255.255", "carrier-grade NAT")]
    [InlineData("169.254.169.254", "link-local / cloud metadata")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("255.255.255.255", "reserved")]
    [InlineData("::", "unspecified")]
    [InlineData("fc00::1", "unique-local")]
    [InlineData("fdff:ffff::1", "unique-local")]
    [InlineData("::ffff:169.254.169.254", "link-local / cloud metadata")]
    [InlineData("::127.0.0.1", "loopback")]
    [InlineData("2002:c0a8:0101::1", "private")]
    [InlineData("ff02::1", "multicast")]
    public void Only_public_unicast_addresses_may_be_called(string address, string? refusal)
    {
        Assert.Equal(refusal, EndpointAddresses.RefusalReason(IPAddress.Parse(address)));
    }

    [Fact]
    public void Signing_follows_the_standard_webhooks_test_vector()
    {
        // The specification's reference libraries' vector (standard-webhooks, "verify" tests).
        const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        const string Id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
        const string Timestamp = "1614265330";
        var body = Encoding.UTF8.GetBytes("{\"test\": 2432232314}");

        var signature = WebhookSignature.Sign(Convert.FromBase64String(Secret[6..]), Id, Timestamp, body);

        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
        Assert.True(WebhookReceiver.Verify(Secret, Id, Timestamp, signature, body, DateTimeOffset.FromUnixTimeSeconds(1614265330)));
        Assert.False(WebhookReceiver.Verify(Secret, Id, Timestamp, signature, [.. body, (byte)' '], DateTimeOffset.FromUnixTimeSeconds(1614265330)));
    }

    [Fact]
    public void The_documented_test_vector_is_what_the_app_signs_and_the_receiver_verifies()
    {
        using var vector = JsonDocument.Parse(File.ReadAllText(RepoPaths.File("docs", "webhook-signature-test-vector.json")));
        var v = vector.RootElement;
        var secret = v.GetProperty("secret").GetString()!;
        var body = Encoding.UTF8.GetBytes(v.GetProperty("body").GetString()!);
        var id = v.GetProperty("webhookId").GetString()!;
        var timestamp = v.GetProperty("webhookTimestamp").GetString()!;

        Assert.Equal(v.GetProperty("webhookSignature").GetString(), WebhookSignature.Sign(Convert.FromBase64String(secret[6..]), id, timestamp, body));
        Assert.True(WebhookReceiver.Verify(secret, id, timestamp, v.GetProperty("webhookSignature").GetString()!, body, DateTimeOffset.FromUnixTimeSeconds(long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Equal("readiness.changed", JsonDocument.Parse(body).RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Waiver_expiring_is_published_with_the_waiver_and_its_link()
    {
        var (app, bus, clock) = await StartAsync(backend);
        await using var _ = bus;
        await using var __ = app;
        var expires = clock.GetUtcNow() + NotificationPublisher.WaiverExpiringWindow;

        Assert.True(await app.Get<NotificationPublisher>().WaiverExpiringAsync(T(A), E("hq"), "wvr_01", "VMM-SQL-001", "SQL upgrade booked for Q1", expires, default));

        var e = Assert.Single(QueuedEvents(app));
        Assert.Equal("waiver.expiring", e.GetProperty("type").GetString());
        Assert.Equal("wvr_01", e.GetProperty("subject").GetString());
        var data = e.GetProperty("data");
        Assert.Equal(A, data.GetProperty("tenantId").GetString());
        Assert.Equal("hq", data.GetProperty("environmentId").GetString());
        Assert.Equal("VMM-SQL-001", data.GetProperty("ruleId").GetString());
        Assert.Equal(expires, data.GetProperty("expiresAt").GetDateTimeOffset());
        Assert.Equal($"/api/tenants/{A}/waivers/wvr_01", data.GetProperty("links").GetProperty("waiver").GetString());
    }

    [Fact]
    public async Task Publishing_never_fails_the_caller_when_the_notification_queue_is_unavailable()
    {
        var (app, bus, clock) = await StartAsync(backend);
        await using var _ = bus;
        await using var __ = app;
        app.Notifications.FailNextSends(10, ServiceBusTestErrors.QuotaExceeded);

        var outcome = await ProcessAsync(app, Snapshots.Create(A, "hq"), clock);

        Assert.Equal(ProcessingStatus.Completed, outcome.Status);
        Assert.NotNull(await app.Reads.GetLatestAsync(T(A), E("hq"), default));
        Assert.Equal(1, app.Notifications.FailedSendCount);
        Assert.Equal(0, app.Notifications.MessageCount);
    }
}
