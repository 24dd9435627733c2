using System.Text.Json.Nodes;
using VmmAssess.Core.Assessment;
using VmmAssess.Core.Snapshots;
using VmmAssess.Functions.Tests.Infrastructure;

namespace VmmAssess.Functions.Tests;

[Collection(BackendGroup.Name)]
public sealed class ConcurrencyTests(BackendFixture backend)
{
    private static readonly DateTimeOffset Enqueued = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_write_based_on_a_stale_latest_fails_instead_of_losing_an_update()
    {
        await using var app = await TestApp.StartAsync(backend);
        var day1 = Evaluate(Snapshots.Create("contoso", "env", collectedAt: At(1)));
        var day2 = Evaluate(Snapshots.Create("contoso", "env", collectedAt: At(2)));
        var day3 = Evaluate(Snapshots.Create("contoso", "env", collectedAt: At(3)));

        // Insert race: both instances saw no latest row.
        var s2 = await Load(app, day2);
        var s3 = await Load(app, day3);
        await Save(app, day2, s2, "h2", [1], Enqueued, default);
        await Assert.ThrowsAsync<ConcurrencyException>(() => Save(app, day3, s3, "h3", [1], Enqueued, default));

        // Update race: both instances read the same ETag.
        var r3 = await Load(app, day3);
        var r1 = await Load(app, day1);
        await Save(app, day3, r3, "h3", [1], Enqueued, default);
        var stale = r3 with { };
        await Assert.ThrowsAsync<ConcurrencyException>(() => Save(app, day3 with { AssessedAt = Enqueued.AddHours(1) }, stale, "h3", null, Enqueued, default));

        // An older snapshot does not touch the latest row, so its (stale) ETag does not matter.
        Assert.False(await Save(app, day1, r1, "h1", [1], Enqueued, default));
        Assert.Equal(day3.SnapshotId, (await app.Reads.GetLatestAsync(T("contoso"), E("env"), default))?.SnapshotId);
    }

    [Fact]
    public async Task Two_concurrent_deliveries_of_one_message_leave_the_state_of_one()
    {
        await using var single = await TestApp.StartAsync(backend);
        await using var racing = await TestApp.StartAsync(backend);
        var body = Snapshots.Bytes(Snapshots.Create("contoso", "env", snapshotId: Guid.NewGuid()));

        await single.ProcessAsync(body, TriggerData.For("m", "application/json", enqueuedTime: Enqueued));
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
            racing.ProcessAsync(body, TriggerData.For("m", "application/json", enqueuedTime: Enqueued)))));

        Assert.Contains(outcomes, o => o.Status == ProcessingStatus.Completed);
        Assert.All(outcomes, o => Assert.NotEqual(ProcessingStatus.Rejected, o.Status));
        Assert.Equal(await single.DumpTableAsync(), await racing.DumpTableAsync());
    }

    [Fact]
    public async Task Two_concurrent_snapshots_of_one_environment_keep_the_newer_everywhere()
    {
        for (var round = 0; round < 3; round++)
        {
            await using var app = await TestApp.StartAsync(backend);
            var older = Snapshots.Create("contoso", "env", collectedAt: At(1), sample: Snapshots.Contoso);
            var newer = Snapshots.Create("contoso", "env", collectedAt: At(2), sample: Snapshots.Fabrikam);

            await Task.WhenAll(
                Task.Run(() => app.ProcessAsync(Snapshots.Bytes(older), TriggerData.For("o", "application/json", enqueuedTime: Enqueued))),
                Task.Run(() => app.ProcessAsync(Snapshots.Bytes(newer), TriggerData.For("n", "application/json", enqueuedTime: Enqueued))));

            var latest = await app.Reads.GetLatestAsync(T("contoso"), E("env"), default);
            Assert.Equal(Snapshots.Id(newer), latest?.SnapshotId);
            var indexed = Assert.Single((await app.Portfolio.GetPageAsync(new PortfolioFilter(null, null, null), 10, null, default)).Items);
            Assert.Equal(Snapshots.Id(newer), indexed.SnapshotId);
            Assert.Single((await app.Portfolio.GetPageAsync(new PortfolioFilter(latest!.Readiness, latest.TargetVersion, null), 10, null, default)).Items);
            Assert.Equal(1, (await app.Portfolio.GetTotalsAsync(default)).Environments);
        }
    }

    [Fact]
    public async Task Many_environments_processed_concurrently_are_all_counted_in_the_portfolio_totals()
    {
        await using var app = await TestApp.StartAsync(backend);
        var snapshots = Enumerable.Range(0, 24).Select(i => Snapshots.Create($"tenant{i % 5}", $"env{i}", snapshotId: Guid.NewGuid())).ToList();

        // Eight at a time, as host.json's maxConcurrentCalls lets the host do: the totals are sharded so that these
        // writers rarely share an ETag, and each one that does retries.
        using var gate = new SemaphoreSlim(8);
        var outcomes = await Task.WhenAll(snapshots.Select((snapshot, i) => Task.Run(async () =>
        {
            await gate.WaitAsync();
            try
            {
                return await app.ProcessAsync(Snapshots.Bytes(snapshot), TriggerData.For($"m{i}", "application/json", enqueuedTime: Enqueued));
            }
            finally
            {
                gate.Release();
            }
        })));

        Assert.All(outcomes, o => Assert.Equal(ProcessingStatus.Completed, o.Status));
        var totals = await app.Portfolio.GetTotalsAsync(default);
        Assert.Equal(24, totals.Environments);
        Assert.Equal(24, totals.NotReady + totals.Unknown + totals.ReadyWithConditions + totals.Ready);
    }

    private static DateTimeOffset At(int day) => new(2026, 11, day, 0, 0, 0, TimeSpan.Zero);

    private static AssessmentResult Evaluate(JsonObject snapshot)
    {
        var parsed = SnapshotParser.Parse(Snapshots.Bytes(snapshot));
        return AssessmentEvaluator.Default.Evaluate(parsed.Snapshot!, Enqueued);
    }

    private static Task<ProcessingState> Load(TestApp app, AssessmentResult result) =>
        app.Rows.LoadProcessingStateAsync(T(result.TenantId), result.SnapshotId, E(result.EnvironmentId), includeRaw: false, default);

    private static Task<bool> Save(TestApp app, AssessmentResult result, ProcessingState state, string hash, byte[]? raw, DateTimeOffset receivedAt, CancellationToken cancellationToken) =>
        app.Rows.SaveCompletedAsync(result, ReadinessSummary.From(result, T(result.TenantId), E(result.EnvironmentId)), state, hash, raw, receivedAt, null, cancellationToken);
}
