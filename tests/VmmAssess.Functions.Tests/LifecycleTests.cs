using Azure.Data.Tables;
using VmmAssess.Functions.Tests.Infrastructure;

namespace VmmAssess.Functions.Tests;

/// <summary>Deleting a snapshot, an environment or a tenant leaves nothing of it in any partition; retention and the
/// healing sweeper keep what they promise.</summary>
[Collection(BackendGroup.Name)]
public sealed class LifecycleTests(BackendFixture backend)
{
    private static readonly DateTimeOffset Day = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    private static async Task<Guid> AssessAsync(TestApp app, string tenant, string environment, DateTimeOffset collectedAt, string sample = Snapshots.Fabrikam)
    {
        var snapshot = Snapshots.Create(tenant, environment, collectedAt: collectedAt, sample: sample);
        var outcome = await app.ProcessAsync(Snapshots.Bytes(snapshot), TriggerData.For(Guid.NewGuid().ToString(), "application/json", enqueuedTime: collectedAt.AddMinutes(5)));
        Assert.Equal(ProcessingStatus.Completed, outcome.Status);
        return Snapshots.Id(snapshot);
    }

    /// <summary>Every row of the table (all partitions) that names <paramref name="needle"/> in a key or a text/guid column.</summary>
    private static async Task<List<string>> RowsNamingAsync(TestApp app, Func<TableEntity, bool> names)
    {
        var found = new List<string>();
        await foreach (var e in app.Table.QueryAsync<TableEntity>())
        {
            if (names(e))
            {
                found.Add($"{e.PartitionKey} / {e.RowKey}");
            }
        }

        return found;
    }

    private static bool Mentions(TableEntity e, string text) =>
        e.PartitionKey == text || e.RowKey.Split('|').Contains(text) || e.Any(p => p.Value is string s && s == text);

    [Fact]
    public async Task Deleting_the_latest_snapshot_leaves_none_of_its_rows_and_the_previous_one_becomes_latest()
    {
        await using var app = await TestApp.StartAsync(backend);
        var older = await AssessAsync(app, "contoso", "hq", Day.AddDays(-1), Snapshots.Contoso);
        var newer = await AssessAsync(app, "contoso", "hq", Day);
        Assert.Equal(newer, (await app.Reads.GetLatestAsync(T("contoso"), E("hq"), default))!.SnapshotId);

        var response = await app.CallAsync(TestApp.Request("DELETE", "/api/x"), r => app.LifecycleApi.DeleteSnapshotAsync(r, "contoso", newer.ToString("D")));
        var again = await app.CallAsync(TestApp.Request("DELETE", "/api/x"), r => app.LifecycleApi.DeleteSnapshotAsync(r, "contoso", newer.ToString("D")));

        Assert.Equal(204, response.Status);
        Assert.Equal(204, again.Status);
        Assert.Empty(await RowsNamingAsync(app, e => e.RowKey.Contains(newer.ToString("D"), StringComparison.Ordinal) || e.Any(p => p.Value is Guid g && g == newer)));
        Assert.Equal(older, (await app.Reads.GetLatestAsync(T("contoso"), E("hq"), default))!.SnapshotId);
        var portfolio = Assert.Single((await app.Portfolio.GetPageAsync(new PortfolioFilter(null, null, null), 10, null, default)).Items);
        Assert.Equal(older, portfolio.SnapshotId);
        Assert.Equal(1, (await app.Portfolio.GetTotalsAsync(default)).Environments);
    }

    [Fact]
    public async Task Deleting_an_environment_removes_it_from_every_partition_and_from_the_totals()
    {
        await using var app = await TestApp.StartAsync(backend);
        await AssessAsync(app, "contoso", "hq", Day.AddDays(-1));
        await AssessAsync(app, "contoso", "hq", Day, Snapshots.Contoso);
        var kept = await AssessAsync(app, "contoso", "branch", Day);

        var response = await app.CallAsync(TestApp.Request("DELETE", "/api/x"), r => app.LifecycleApi.DeleteEnvironmentAsync(r, "contoso", "hq"));

        Assert.Equal(204, response.Status);
        Assert.Empty(await RowsNamingAsync(app, e => Mentions(e, "hq")));
        Assert.Null(await app.Reads.GetLatestAsync(T("contoso"), E("hq"), default));
        Assert.Equal(kept, (await app.Reads.GetLatestAsync(T("contoso"), E("branch"), default))!.SnapshotId);
        var totals = await app.Portfolio.GetTotalsAsync(default);
        Assert.Equal(1, totals.Environments);
        Assert.Equal(204, (await app.CallAsync(TestApp.Request("DELETE", "/api/x"), r => app.LifecycleApi.DeleteEnvironmentAsync(r, "contoso", "hq"))).Status);
    }

    [Fact]
    public async Task Deleting_a_tenant_answers_202_with_a_status_url_and_finishes_in_bounded_background_batches()
    {
        await using var app = await TestApp.StartAsync(backend);
        for (var i = 0; i < 3; i++)
        {
            await AssessAsync(app, "leaving", "env" + i, Day.AddHours(-i));
        }

        await app.SubmitAsync("leaving", Snapshots.Bytes(Snapshots.Create("leaving", "env9")), new Dictionary<string, string> { ["Idempotency-Key"] = "k-1" });
        var stays = await AssessAsync(app, "staying", "hq", Day);
        var lifecycle = app.Get<LifecycleRows>();
        await lifecycle.StartTenantDeletionAsync(T("leaving"), Day, default);

        // One bounded step: the portfolio is clean at once, the partition shrinks by at most the step.
        var before = await app.Table.QueryAsync<TableEntity>("PartitionKey eq 'leaving'").CountAsync();
        var step = await lifecycle.ContinueTenantDeletionAsync(T("leaving"), 5, Day, default);
        Assert.False(step.Completed);
        Assert.Equal(before - 5, await app.Table.QueryAsync<TableEntity>("PartitionKey eq 'leaving'").CountAsync());
        Assert.Empty(await RowsNamingAsync(app, e => e.PartitionKey == "~portfolio" && Mentions(e, "leaving")));

        var response = await app.CallAsync(TestApp.Request("DELETE", "/api/admin/tenants/leaving"), r => app.LifecycleApi.DeleteTenantAsync(r, "leaving"));
        Assert.Equal(202, response.Status);
        Assert.Equal("/api/admin/tenants/leaving/deletion", response.Headers.Location.ToString());
        await app.Get<ContinueTenantDeletions>().ExecuteAsync(TimeSpan.FromSeconds(30), default);
        var status = await app.CallAsync(TestApp.Request("GET", "/api/admin/tenants/leaving/deletion"), r => app.LifecycleApi.GetTenantDeletionAsync(r, "leaving"));

        Assert.Equal(200, status.Status);
        Assert.Equal("Completed", status.Json.GetProperty("status").GetString());
        Assert.Equal(before, status.Json.GetProperty("rowsDeleted").GetInt64());
        // Only the deletion job's own record names the tenant.
        // What stays: the deletion job's record and the audit log of who asked for it (ids and actions, no inventory).
        Assert.Equal(["~jobs / tenant|leaving"], await RowsNamingAsync(app, e => e.PartitionKey != "~audit" && Mentions(e, "leaving")));
        Assert.Equal(404, (await app.CallAsync(TestApp.Request("GET", "/api/x"), r => app.ReadinessApi.GetTenantReadinessAsync(r, "leaving"))).Status);
        Assert.Equal(stays, (await app.Reads.GetLatestAsync(T("staying"), E("hq"), default))!.SnapshotId);
        Assert.Equal(1, (await app.Portfolio.GetTotalsAsync(default)).Environments);
    }

    [Fact]
    public async Task Retention_removes_old_raw_copies_and_rejected_payloads_and_keeps_summaries_and_findings()
    {
        var now = DateTimeOffset.UtcNow;
        await using var app = await TestApp.StartAsync(backend);
        var old = await AssessAsync(app, "contoso", "hq", now.AddDays(-500));
        var recent = await AssessAsync(app, "contoso", "branch", now.AddDays(-10));
        var rejected = Snapshots.Create("contoso", "hq");
        rejected["hosts"]!.AsArray()[0]!["name"] = 42;
        await app.ProcessAsync(Snapshots.Bytes(rejected), TriggerData.For("r1", "application/json", enqueuedTime: now.AddDays(-450)));

        var deleted = await app.Get<ApplyRetention>().ExecuteAsync(default);

        Assert.True(deleted >= 2, $"{deleted} rows deleted");
        Assert.Null(await app.Reads.GetRawSnapshotAsync(T("contoso"), old, default));
        var kept = await app.Reads.GetAssessmentAsync(T("contoso"), old, default);
        Assert.Equal(AssessmentStatus.Completed, kept!.Record.Status);
        Assert.NotEmpty(kept.Result!.Findings);
        Assert.NotNull(await app.Reads.GetRawSnapshotAsync(T("contoso"), recent, default));
        Assert.Null(await app.Reads.GetAssessmentAsync(T("contoso"), Snapshots.Id(rejected), default));
        Assert.Equal(old, (await app.Reads.GetLatestAsync(T("contoso"), E("hq"), default))!.SnapshotId);
    }

    [Fact]
    public async Task Retention_removes_webhook_delivery_attempts_older_than_the_delivery_log_period()
    {
        var now = DateTimeOffset.UtcNow;
        await using var app = await TestApp.StartAsync(backend, settings => settings["Notifications:DeliveryLogDays"] = "30");
        var log = app.Get<SubscriptionRows>();
        DeliveryAttempt Attempt(string eventId, int daysAgo) => new(eventId, "assessment.completed", 1, now.AddDays(-daysAgo), 200, DeliveryOutcome.Delivered, null, 12, null);
        await log.RecordAttemptAsync("sub-a", Attempt("old-a", 45), default);
        await log.RecordAttemptAsync("sub-a", Attempt("new-a", 2), default);
        await log.RecordAttemptAsync("sub-b", Attempt("old-b", 31), default);
        await log.RecordAttemptAsync("sub-b", Attempt("edge-b", 29), default);

        var deleted = await app.Get<ApplyRetention>().ExecuteAsync(default);

        Assert.Equal(2, deleted);
        Assert.Equal(["new-a"], (await log.LastAttemptsAsync("sub-a", 10, default)).Select(a => a.EventId));
        Assert.Equal(["edge-b"], (await log.LastAttemptsAsync("sub-b", 10, default)).Select(a => a.EventId));
        Assert.Equal(0, await app.Get<ApplyRetention>().ExecuteAsync(default));
    }

    [Fact]
    public async Task The_sweeper_resends_a_snapshot_left_Queued_and_it_is_assessed()
    {
        await using var app = await TestApp.StartAsync(backend);
        var snapshot = Snapshots.Create("contoso", "hq");
        var json = Snapshots.Bytes(snapshot);
        // Stored Queued an hour ago, but the send failed (the webhook answered 503).
        await app.Intake.SaveQueuedAsync(new QueuedSnapshot(T("contoso"), Snapshots.Id(snapshot), E("hq"), Day, DateTimeOffset.UtcNow.AddHours(-1), Payload.ContentHash(json), Payload.Gzip(json), null), default);
        await app.Intake.SaveQueuedAsync(new QueuedSnapshot(T("contoso"), Guid.NewGuid(), E("hq"), Day, DateTimeOffset.UtcNow, Payload.ContentHash(json), Payload.Gzip(json), null), default);

        var resent = await app.Get<ResendStaleQueued>().ExecuteAsync(default);
        var again = await app.Get<ResendStaleQueued>().ExecuteAsync(default);

        Assert.Equal(1, resent);
        Assert.Equal(1, again);
        // Message id = snapshot id: the second send is dropped by duplicate detection.
        var message = Assert.Single(app.Queue.Snapshot());
        Assert.Equal(Snapshots.Id(snapshot).ToString("D"), message.MessageId);
        Assert.Equal(ProcessingStatus.Completed, Assert.Single(await app.DrainQueueAsync(1)).Status);
        Assert.Equal(0, await app.Get<ResendStaleQueued>().ExecuteAsync(default));
    }
}
