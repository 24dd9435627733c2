using System.Text.Json;
using Azure.Data.Tables;
using VmmAssess.Core.Assessment;
using VmmAssess.Core.Rules;
using VmmAssess.Core.Snapshots;
using VmmAssess.Functions.Tests.Infrastructure;

namespace VmmAssess.Functions.Tests;

[Collection(BackendGroup.Name)]
public sealed class AssessmentStoreTests(BackendFixture backend)
{
    [Fact]
    public async Task Raw_snapshot_larger_than_an_entity_is_chunked_across_rows_and_read_back()
    {
        await using var app = await TestApp.StartAsync(backend);
        var raw = new byte[(int)(BinaryColumns.MaxBytesPerEntity * 4.5)];
        new Random(42).NextBytes(raw);
        var id = Guid.NewGuid();

        var stored = await app.Intake.SaveQueuedAsync(new QueuedSnapshot(T("contoso"), id, E("hq"), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, "hash", raw, Key("key-1")), default);
        var again = await app.Intake.SaveQueuedAsync(new QueuedSnapshot(T("contoso"), id, E("hq"), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, "hash", raw, null), default);

        Assert.True(stored);
        Assert.False(again);
        var state = await app.Rows.LoadProcessingStateAsync(T("contoso"), id, null, includeRaw: true, default);
        Assert.Equal((int)Math.Ceiling(raw.Length / (double)BinaryColumns.MaxBytesPerEntity), state.Header!.RawRows);
        Assert.Equal(raw, state.RawGzip);
        var intake = await app.Intake.GetIntakeStateAsync(T("contoso"), id, Key("key-1"), default);
        Assert.Equal(id, intake.IdempotencyKeySnapshotId);
        Assert.Equal(AssessmentStatus.Queued, intake.Existing?.Status);
    }

    [Fact]
    public async Task A_result_too_large_for_one_entity_keeps_a_row_per_finding_and_a_smaller_one_replaces_them()
    {
        await using var app = await TestApp.StartAsync(backend);
        var id = Guid.NewGuid();
        var snapshot = SnapshotParser.Parse(Snapshots.Bytes(Snapshots.Create("contoso", "hq", snapshotId: id))).Snapshot!;
        var small = AssessmentEvaluator.Default.Evaluate(snapshot, new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero));
        // Evidence that does not compress (random text), over several findings: each fits an entity, all together do not.
        var random = new Random(7);
        string Noise() => IncompressibleText(random);
        var large = small with
        {
            Findings = small.Findings.Select((f, i) => i < 8 ? f with { Evidence = Enumerable.Range(0, 150).Select(_ => new Evidence(Noise(), "p", null, null)).ToArray() } : f).ToArray(),
        };

        async Task<(StoredAssessment Read, int FindingRows, int Header)> SaveAsync(AssessmentResult result)
        {
            var state = await app.Rows.LoadProcessingStateAsync(T("contoso"), id, E("hq"), includeRaw: false, default);
            await app.Rows.SaveCompletedAsync(result, ReadinessSummary.From(result, T("contoso"), E("hq")), state, "hash", null, DateTimeOffset.UnixEpoch, null, default);
            var rows = 0;
            await foreach (var _ in app.Table.QueryAsync<TableEntity>($"PartitionKey eq 'contoso' and RowKey ge 'a|{id:D}|f|' and RowKey lt 'a|{id:D}|f|~'", select: ["RowKey"]))
            {
                rows++;
            }

            var header = (await app.Table.GetEntityAsync<TableEntity>("contoso", $"a|{id:D}")).Value;
            return ((await app.Reads.GetAssessmentAsync(T("contoso"), id, default))!, rows, header.GetInt32("FindingRows") ?? -1);
        }

        string Json(AssessmentResult? result) => JsonSerializer.Serialize(result!, CoreJsonContext.Default.AssessmentResult);

        var stored = await SaveAsync(large);
        Assert.Equal(large.Findings.Count, stored.FindingRows);
        Assert.Equal(large.Findings.Count, stored.Header);
        Assert.Equal(Json(large), Json(stored.Read.Result));

        var replaced = await SaveAsync(small);
        Assert.Equal(0, replaced.FindingRows);
        Assert.Equal(0, replaced.Header);
        Assert.Equal(Json(small), Json(replaced.Read.Result));
    }

    [Fact]
    public async Task A_result_and_a_comparison_that_fit_one_entity_only_apart_are_both_stored_and_read_back()
    {
        await using var app = await TestApp.StartAsync(backend);
        var id = Guid.NewGuid();
        var snapshot = SnapshotParser.Parse(Snapshots.Bytes(Snapshots.Create("contoso", "hq", snapshotId: id))).Snapshot!;
        var small = AssessmentEvaluator.Default.Evaluate(snapshot, new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero));
        var random = new Random(11);
        string Noise() => IncompressibleText(random);

        // About 400 KB of incompressible evidence on failing findings: the result alone fits an entity, and so does the
        // comparison (which lists those objects as added), but not both.
        var failing = small.Findings.Select((f, i) => (f, i)).Where(x => x.f.Status == FindingStatus.Fail).Take(4).Select(x => x.i).ToHashSet();
        var medium = small with
        {
            Findings = small.Findings.Select((f, i) => failing.Contains(i) ? f with { Evidence = Enumerable.Range(0, 100).Select(_ => new Evidence(Noise(), "p", null, null)).ToArray() } : f).ToArray(),
        };
        var changes = AssessmentComparison.Compare(small with { SnapshotId = Guid.NewGuid(), CollectedAt = small.CollectedAt.AddDays(-1) }, medium);
        Assert.True(changes.Changes.Sum(c => c.ObjectsAdded.Count) >= 400);

        var state = await app.Rows.LoadProcessingStateAsync(T("contoso"), id, E("hq"), includeRaw: false, default);
        await app.Rows.SaveCompletedAsync(medium, ReadinessSummary.From(medium, T("contoso"), E("hq")), state, "hash", null, DateTimeOffset.UnixEpoch, changes, default);

        var stored = (await app.Reads.GetAssessmentAsync(T("contoso"), id, default))!;
        Assert.Equal(JsonSerializer.Serialize(medium, CoreJsonContext.Default.AssessmentResult), JsonSerializer.Serialize(stored.Result!, CoreJsonContext.Default.AssessmentResult));
        Assert.Equal(JsonSerializer.Serialize(changes, WorkflowJsonContext.Default.AssessmentDelta), JsonSerializer.Serialize(stored.Changes!, WorkflowJsonContext.Default.AssessmentDelta));
        var header = (await app.Table.GetEntityAsync<TableEntity>("contoso", $"a|{id:D}")).Value;
        Assert.Equal(medium.Findings.Count, header.GetInt32("FindingRows")); // the result went to finding rows (layout v1)
    }

    /// <summary>1,000 random printable characters: text gzip cannot shrink, to fill entities.</summary>
    private static string IncompressibleText(Random random) => string.Create(1000, random, (chars, r) =>
    {
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)r.Next(0x21, 0x7F);
        }
    });

    [Fact]
    public async Task Portfolio_index_rows_follow_the_latest_readiness_and_totals_stay_exact()
    {
        await using var app = await TestApp.StartAsync(backend);
        var first = Summary(Readiness.NotReady, TargetVersion.Vmm2022, ["VMM-SQL-001", "VMM-SRV-001"], day: 1);
        var second = Summary(Readiness.Ready, TargetVersion.Vmm2025, [], day: 2);

        await app.Portfolio.SyncAsync(first, default);
        await app.Portfolio.SyncAsync(second, default);
        await app.Portfolio.SyncAsync(first, default); // older: ignored
        await app.Portfolio.SyncAsync(second, default); // same: no-op

        var rows = new List<string>();
        await foreach (var e in app.Table.QueryAsync<Azure.Data.Tables.TableEntity>("PartitionKey eq '~portfolio'"))
        {
            rows.Add(e.RowKey);
        }

        Assert.Equal(new[] { "all|t1|e1", "r|Ready|t1|e1", "rv|Ready|2025|t1|e1", "v|2025|t1|e1", TableKeys.PortfolioTotalsShard(T("t1"), E("e1")) }.Order(StringComparer.Ordinal), rows.Order(StringComparer.Ordinal));
        var totals = await app.Portfolio.GetTotalsAsync(default);
        Assert.Equal(new ReadinessTotals(Environments: 1, NotReady: 0, Unknown: 0, ReadyWithConditions: 0, Ready: 1), totals);
        Assert.True(RuleId.TryParse("VMM-SQL-001", AssessmentEvaluator.Default.Catalog, out var failedBefore));
        Assert.Empty((await app.Portfolio.GetPageAsync(new PortfolioFilter(null, null, failedBefore), 10, null, default)).Items);
    }

    [Fact]
    public async Task A_store_created_outside_the_host_counts_its_round_trips()
    {
        var roundTrips = new StorageRoundTrips();
        var table = "bench" + Guid.NewGuid().ToString("N")[..10];
        var store = AssessmentTable.Create(backend.TablesConnectionString, table, roundTrips);
        await store.EnsureCreatedAsync();
        var reads = new AssessmentReads(store, new AssessmentRows(store));

        using (var scope = roundTrips.BeginScope())
        {
            Assert.Null(await reads.GetLatestAsync(T("contoso"), E("hq"), default));
            Assert.Equal(1, scope.Count);
        }

        await new Azure.Data.Tables.TableServiceClient(backend.TablesConnectionString).DeleteTableAsync(table);
    }

    [Fact]
    public void The_rule_catalog_fits_one_portfolio_transaction()
    {
        // Worst case: every rule fails before and after, with different readiness and target: deletes + upserts + totals.
        var rules = AssessmentEvaluator.Default.Catalog.Descriptors.Count;
        Assert.True(2 * (4 + rules) + 1 <= 100, $"{rules} rules");
    }

    [Fact]
    public void Every_rule_id_is_a_valid_index_key()
    {
        Assert.All(AssessmentEvaluator.Default.Catalog.Descriptors, d => Assert.True(RuleId.TryParse(d.Id, AssessmentEvaluator.Default.Catalog, out _), d.Id));
    }

    private static ReadinessSummary Summary(Readiness readiness, TargetVersion target, string[] failing, int day) => new(
        T("t1"), E("e1"), Guid.NewGuid(), new DateTimeOffset(2026, 11, day, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, day, 1, 0, 0, TimeSpan.Zero),
        target, readiness, Coverage: 0, new FindingCounts(), RulePackVersion: "", UpgradePath: "", failing);
}
