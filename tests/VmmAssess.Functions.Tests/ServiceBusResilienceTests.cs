using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Time.Testing;
using VmmAssess.Functions.Tests.Infrastructure;
using VmmAssess.Testing.ServiceBus;

namespace VmmAssess.Functions.Tests;

/// <summary>What the app does when Service Bus fails or forgets: retries, nothing lost, replay that keeps ids.</summary>
[Collection(BackendGroup.Name)]
public sealed class ServiceBusResilienceTests(BackendFixture backend)
{
    [Fact]
    public async Task Webhook_send_survives_transient_failures_under_the_default_retry_policy()
    {
        await using var app = await TestApp.StartAsync(backend);
        app.Queue.FailNextSends(2);
        var snapshot = Snapshots.Create("contoso", "hq");

        var response = await app.SubmitAsync("contoso", Snapshots.Bytes(snapshot));

        Assert.Equal(202, response.Status);
        Assert.Equal(2, app.Queue.FailedSendCount);
        Assert.Equal(Snapshots.Id(snapshot).ToString("D"), Assert.Single(app.Queue.Snapshot()).MessageId);
    }

    [Fact]
    public async Task When_every_retry_fails_the_webhook_answers_503_and_a_repeat_post_queues_the_stored_snapshot()
    {
        await using var app = await TestApp.StartAsync(backend, settings =>
        {
            settings["ServiceBusConnection:RetryOptions:MaxRetries"] = "1";
            settings["ServiceBusConnection:RetryOptions:Delay"] = "00:00:00.010";
        });
        app.Queue.FailNextSends(2);
        var snapshot = Snapshots.Create("contoso", "hq");
        var id = Snapshots.Id(snapshot);

        var failed = await app.SubmitAsync("contoso", Snapshots.Bytes(snapshot));

        Assert.Equal(503, failed.Status);
        Assert.Equal("application/problem+json", failed.ContentType);
        Assert.Equal(2, app.Queue.FailedSendCount);
        Assert.Equal(0, app.Queue.MessageCount);

        // Nothing is lost: the snapshot was stored before the send, and its status says it waits.
        var status = await app.CallAsync(TestApp.Request("GET", $"/api/tenants/contoso/assessments/{id:D}"), r => app.AssessmentApi.GetAssessmentAsync(r, "contoso", id.ToString("D")));
        Assert.Equal("Queued", status.Json.GetProperty("status").GetString());

        var retried = await app.SubmitAsync("contoso", Snapshots.Bytes(snapshot));

        Assert.Equal(202, retried.Status);
        Assert.True(retried.Json.GetProperty("replayed").GetBoolean());
        Assert.Equal(id.ToString("D"), Assert.Single(app.Queue.Snapshot()).MessageId);
        Assert.Equal(ProcessingStatus.Completed, Assert.Single(await app.DrainQueueAsync(1)).Status);
    }

    [Theory]
    [InlineData(601, true)]  // the queue has forgotten the id: the copy keeps it
    [InlineData(599, false)] // a same-id copy would be dropped: it goes with a replay id
    public async Task Replay_keeps_the_message_id_once_the_duplicate_detection_window_has_passed_and_the_copy_is_never_dropped(int secondsLater, bool kept)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var bus = new ServiceBusTestHost([], clock);
        await using var app = await TestApp.StartAsync(backend, settings => settings[AppSettings.ConfigurationKey(AppSettings.DuplicateDetectionWindowSeconds)] = "600", bus: bus, time: clock);
        var snapshot = Snapshots.Create("contoso", "hq");
        var id = Snapshots.Id(snapshot).ToString("D");
        Assert.Equal(202, (await app.SubmitAsync("contoso", Snapshots.Bytes(snapshot))).Status);
        var sequenceNumber = await DeadLetterAsync(app, "ProcessingFailed", "storage was unavailable on every delivery");

        clock.Advance(TimeSpan.FromSeconds(secondsLater));
        var replay = await app.CallAsync(TestApp.Request("POST", "/api/admin/deadletter/replay"), r => app.AdminApi.ReplayDeadLettersAsync(r));

        var expectedId = kept ? id : $"{id}:replay:{sequenceNumber}";
        Assert.Equal(1, replay.Json.GetProperty("replayed").GetInt32());
        var moved = Assert.Single(replay.Json.GetProperty("messages").EnumerateArray());
        Assert.Equal(expectedId, moved.GetProperty("messageId").GetString());
        Assert.Equal(id, moved.GetProperty("originalMessageId").GetString());
        Assert.Equal(kept, moved.GetProperty("messageIdKept").GetBoolean());
        Assert.Equal(id, moved.GetProperty("snapshotId").GetString());
        Assert.Equal(0, app.Queue.DroppedDuplicateCount);
        var copy = Assert.Single(app.Queue.Snapshot());
        Assert.Equal(expectedId, copy.MessageId);
        Assert.Equal(id, copy.ApplicationProperties[SnapshotEnvelope.SnapshotIdProperty]);
        Assert.False(copy.ApplicationProperties.ContainsKey("DeadLetterReason"));
        Assert.Equal(ProcessingStatus.Completed, Assert.Single(await app.DrainQueueAsync(1)).Status);
        var status = await app.CallAsync(TestApp.Request("GET", $"/api/tenants/contoso/assessments/{id}"), r => app.AssessmentApi.GetAssessmentAsync(r, "contoso", id));
        Assert.Equal("Completed", status.Json.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("0f8c2b9e-6a41-4d3e-9b7a-2c5d8e1f4a60", 17, "0f8c2b9e-6a41-4d3e-9b7a-2c5d8e1f4a60:replay:17")]
    [InlineData("0f8c2b9e-6a41-4d3e-9b7a-2c5d8e1f4a60:replay:17", 42, "0f8c2b9e-6a41-4d3e-9b7a-2c5d8e1f4a60:replay:42")]
    public void A_replayed_replay_gets_one_suffix_not_two(string messageId, long sequenceNumber, string expected) =>
        Assert.Equal(expected, SnapshotEnvelope.ReplayMessageId(messageId, sequenceNumber));

    [Fact]
    public void A_replay_id_never_exceeds_the_128_characters_service_bus_allows()
    {
        var replayId = SnapshotEnvelope.ReplayMessageId(new string('x', 128), long.MaxValue);

        Assert.Equal(128, replayId.Length);
        Assert.EndsWith($":replay:{long.MaxValue}", replayId, StringComparison.Ordinal);
    }

    /// <summary>Receives the one queued message and dead-letters it, as the host does after the last failed delivery.</summary>
    private static async Task<long> DeadLetterAsync(TestApp app, string reason, string description)
    {
        await using var client = app.CreateBusClient();
        await using var receiver = client.CreateReceiver(app.QueueName);
        var message = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5)) ?? throw new TimeoutException("No message to dead-letter.");
        await receiver.DeadLetterMessageAsync(message, reason, description);
        Assert.Equal(1, app.Queue.DeadLetterQueue.MessageCount);
        return message.SequenceNumber;
    }
}
