using System.Text;
using Azure;
using VmmAssess.Functions.Tests.Infrastructure;

namespace VmmAssess.Functions.Tests;

[Collection(BackendGroup.Name)]
public sealed class ProcessSnapshotTests(BackendFixture backend)
{
    private static readonly DateTimeOffset Enqueued = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Plain_json_message_is_assessed_and_stored_in_four_round_trips()
    {
        await using var app = await TestApp.StartAsync(backend);
        var snapshot = Snapshots.Create("contoso", "hq");

        var outcome = await app.ProcessAsync(Snapshots.Bytes(snapshot), TriggerData.For("m1", "application/json", enqueuedTime: Enqueued));

        Assert.Equal(ProcessingStatus.Completed, outcome.Status);
        // 1 query (header + latest), 1 tenant transaction, 1 portfolio query, 1 portfolio transaction.
        Assert.Equal(4, outcome.StorageRoundTrips);
        var view = await app.Reads.GetAssessmentAsync(T("contoso"), Snapshots.Id(snapshot), default);
        Assert.NotNull(view);
        Assert.Equal(AssessmentStatus.Completed, view.Record.Status);
        Assert.NotNull(view.Result);
        Assert.NotEmpty(view.Result.Findings);
        Assert.Equal(Enqueued, view.Result.AssessedAt);
        var latest = await app.Reads.GetLatestAsync(T("contoso"), E("hq"), default);
        Assert.Equal(Snapshots.Id(snapshot), latest?.SnapshotId);
        Assert.NotNull(await app.Reads.GetRawSnapshotAsync(T("contoso"), Snapshots.Id(snapshot), default));
    }

    [Theory]
    [InlineData("application/gzip", null)]
    [InlineData("application/json", "gzip")]
    public async Task Gzip_message_is_recognised_by_content_type_or_property(string contentType, string? encoding)
    {
        await using var app = await TestApp.StartAsync(backend);
        var snapshot = Snapshots.Create("contoso", "gz");
        var props = encoding is null ? null : new Dictionary<string, object> { [SnapshotEnvelope.ContentEncodingProperty] = encoding };

        var outcome = await app.ProcessAsync(Snapshots.Gzip(Snapshots.Bytes(snapshot)), TriggerData.For("m1", contentType, props));

        Assert.Equal(ProcessingStatus.Completed, outcome.Status);
        Assert.Equal(AssessmentStatus.Completed, (await app.Reads.GetAssessmentAsync(T("contoso"), Snapshots.Id(snapshot), default))?.Record.Status);
    }

    [Fact]
    public async Task Duplicate_delivery_leaves_exactly_the_same_state()
    {
        await using var app = await TestApp.StartAsync(backend);
        var body = Snapshots.Bytes(Snapshots.Create("contoso", "dup"));
        var trigger = TriggerData.For("m1", "application/json", enqueuedTime: Enqueued);

        await app.ProcessAsync(body, trigger);
        var first = await app.DumpTableAsync();
        var second = await app.ProcessAsync(body, TriggerData.For("m1", "application/json", enqueuedTime: Enqueued, deliveryCount: 2));
        var third = await app.ProcessAsync(body, TriggerData.For("m1", "application/json", enqueuedTime: Enqueued, deliveryCount: 3));

        Assert.Equal(ProcessingStatus.Duplicate, second.Status);
        Assert.Equal(ProcessingStatus.Duplicate, third.Status);
        // A redelivery reads the header and the portfolio row and writes nothing.
        Assert.Equal(2, second.StorageRoundTrips);
        Assert.Equal(first, await app.DumpTableAsync());
        var totals = await app.Portfolio.GetTotalsAsync(default);
        Assert.Equal(1, totals.Environments);
    }

    [Fact]
    public async Task Reprocessing_after_a_partial_failure_converges_to_the_same_state()
    {
        await using var app = await TestApp.StartAsync(backend);
        var body = Snapshots.Bytes(Snapshots.Create("contoso", "retry"));
        await app.ProcessAsync(body, TriggerData.For("m1", "application/json", enqueuedTime: Enqueued));
        var complete = await app.DumpTableAsync();

        // Simulate a crash between the tenant transaction and the portfolio step: drop the portfolio rows.
        await foreach (var row in app.Table.QueryAsync<Azure.Data.Tables.TableEntity>("PartitionKey eq '~portfolio'"))
        {
            await app.Table.DeleteEntityAsync(row.PartitionKey, row.RowKey);
        }

        var redelivered = await app.ProcessAsync(body, TriggerData.For("m1", "application/json", enqueuedTime: Enqueued, deliveryCount: 2));

        Assert.Equal(ProcessingStatus.Duplicate, redelivered.Status);
        Assert.Equal(complete, await app.DumpTableAsync());
    }

    [Fact]
    public async Task Older_snapshot_never_replaces_a_newer_latest()
    {
        await using var app = await TestApp.StartAsync(backend);
        var newer = Snapshots.Create("contoso", "ooo", collectedAt: new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero), sample: Snapshots.Fabrikam);
        var older = Snapshots.Create("contoso", "ooo", collectedAt: new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), sample: Snapshots.Contoso);

        await app.ProcessAsync(Snapshots.Bytes(newer), TriggerData.For("n", "application/json", enqueuedTime: Enqueued));
        var outcome = await app.ProcessAsync(Snapshots.Bytes(older), TriggerData.For("o", "application/json", enqueuedTime: Enqueued.AddMinutes(1)));

        Assert.Equal(ProcessingStatus.Completed, outcome.Status);
        Assert.False(outcome.LatestUpdated);
        // Read, the history query for its predecessor (there is none: nothing to load), tenant transaction; the portfolio is not touched.
        Assert.Equal(3, outcome.StorageRoundTrips);
        Assert.Equal(Snapshots.Id(newer), (await app.Reads.GetLatestAsync(T("contoso"), E("ooo"), default))?.SnapshotId);
        var portfolio = await app.Portfolio.GetPageAsync(new PortfolioFilter(null, null, null), 10, null, default);
        Assert.Equal(Snapshots.Id(newer), Assert.Single(portfolio.Items).SnapshotId);
        var history = await app.Reads.GetHistoryPageAsync(T("contoso"), E("ooo"), 10, null, default);
        Assert.Equal([Snapshots.Id(newer), Snapshots.Id(older)], history.Items.Select(i => i.SnapshotId));
    }

    [Fact]
    public async Task Racing_updates_of_one_environment_keep_the_newest()
    {
        await using var app = await TestApp.StartAsync(backend);
        var snapshots = Enumerable.Range(0, 6)
            .Select(i => Snapshots.Create("contoso", "race", collectedAt: new DateTimeOffset(2026, 11, 1 + i, 0, 0, 0, TimeSpan.Zero), sample: i % 2 == 0 ? Snapshots.Contoso : Snapshots.Fabrikam))
            .ToArray();

        var outcomes = await Task.WhenAll(snapshots.Select((s, i) => Task.Run(() =>
            app.ProcessAsync(Snapshots.Bytes(s), TriggerData.For($"m{i}", "application/json", enqueuedTime: Enqueued)))));

        Assert.All(outcomes, o => Assert.Equal(ProcessingStatus.Completed, o.Status));
        var newest = snapshots[^1];
        var latest = await app.Reads.GetLatestAsync(T("contoso"), E("race"), default);
        Assert.Equal(Snapshots.Id(newest), latest?.SnapshotId);
        var all = await app.Portfolio.GetPageAsync(new PortfolioFilter(null, null, null), 10, null, default);
        Assert.Equal(Snapshots.Id(newest), Assert.Single(all.Items).SnapshotId);
        var byReadiness = await app.Portfolio.GetPageAsync(new PortfolioFilter(latest!.Readiness, null, null), 10, null, default);
        Assert.Single(byReadiness.Items);
        var totals = await app.Portfolio.GetTotalsAsync(default);
        Assert.Equal(1, totals.Environments);
        Assert.Equal(6, (await app.Reads.GetHistoryPageAsync(T("contoso"), E("race"), 10, null, default)).Items.Count);
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("{\"schemaVersion\":\"1.0\",\"snapshotId\":\"5b0f3a52-27c1-4a4f-9d59-1f0bbf0c3b10\",\"tenantId\":\"contoso\",\"environmentId\":\"hq\"}")]
    public async Task Poison_message_is_stored_as_rejected_and_completes(string body)
    {
        await using var app = await TestApp.StartAsync(backend);

        var outcome = await app.ProcessAsync(Encoding.UTF8.GetBytes(body), TriggerData.For("poison", "application/json",
            new Dictionary<string, object> { [SnapshotEnvelope.TenantIdProperty] = "contoso" }));

        Assert.Equal(ProcessingStatus.Rejected, outcome.Status);
        Assert.Equal("contoso", outcome.TenantId);
        var view = await app.Reads.GetAssessmentAsync(T("contoso"), outcome.SnapshotId, default);
        Assert.Equal(AssessmentStatus.Rejected, view?.Record.Status);
        Assert.NotEmpty(view!.Errors!);
        Assert.All(view.Errors!, e => Assert.StartsWith("$", e.Path, StringComparison.Ordinal));
        var raw = await app.Reads.GetRawSnapshotAsync(T("contoso"), outcome.SnapshotId, default);
        Assert.Equal(body, Encoding.UTF8.GetString(Payload.Gunzip(raw!, 1 << 20)));

        // Redelivery of the same poison message finds the same row.
        var again = await app.ProcessAsync(Encoding.UTF8.GetBytes(body), TriggerData.For("poison", "application/json",
            new Dictionary<string, object> { [SnapshotEnvelope.TenantIdProperty] = "contoso" }, deliveryCount: 2));
        Assert.Equal(outcome.SnapshotId, again.SnapshotId);
    }

    [Fact]
    public async Task Corrupt_gzip_without_identity_is_rejected_in_the_unattributed_partition()
    {
        await using var app = await TestApp.StartAsync(backend);

        var outcome = await app.ProcessAsync([0x1F, 0x8B, 1, 2, 3], TriggerData.For("bad", "application/gzip"));

        Assert.Equal(ProcessingStatus.Rejected, outcome.Status);
        Assert.Equal(TableKeys.UnattributedPartition, outcome.TenantId);
    }

    [Fact]
    public async Task Storage_failure_throws_so_service_bus_redelivers()
    {
        await using var app = await TestApp.StartAsync(backend, createTable: false);
        var body = Snapshots.Bytes(Snapshots.Create("contoso", "down"));

        await Assert.ThrowsAnyAsync<RequestFailedException>(() => app.ProcessAsync(body, TriggerData.For("m1", "application/json")));
    }

    [Fact]
    public async Task Claim_check_for_a_missing_snapshot_is_rejected()
    {
        await using var app = await TestApp.StartAsync(backend);
        var claim = Encoding.UTF8.GetBytes($"{{\"tenantId\":\"contoso\",\"snapshotId\":\"{Guid.NewGuid():D}\",\"environmentId\":\"hq\"}}");

        var outcome = await app.ProcessAsync(claim, TriggerData.For("c", SnapshotEnvelope.ClaimCheckContentType));

        Assert.Equal(ProcessingStatus.Rejected, outcome.Status);
    }

    [Fact]
    public async Task A_different_document_reusing_a_snapshot_id_does_not_overwrite_the_first()
    {
        await using var app = await TestApp.StartAsync(backend);
        var id = Guid.NewGuid();
        var first = Snapshots.Create("contoso", "reuse", snapshotId: id, sample: Snapshots.Fabrikam);
        var second = Snapshots.Create("contoso", "reuse", snapshotId: id, sample: Snapshots.Contoso);

        await app.ProcessAsync(Snapshots.Bytes(first), TriggerData.For("a", "application/json"));
        var outcome = await app.ProcessAsync(Snapshots.Bytes(second), TriggerData.For("b", "application/json"));

        Assert.Equal(ProcessingStatus.Rejected, outcome.Status);
        Assert.NotEqual(id, outcome.SnapshotId);
        Assert.Equal(AssessmentStatus.Completed, (await app.Reads.GetAssessmentAsync(T("contoso"), id, default))?.Record.Status);
    }
}
