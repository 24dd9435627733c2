using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using VmmAssess.Functions.Tests.Infrastructure;

namespace VmmAssess.Functions.Tests;

/// <summary>
/// Every completed assessment is compared with its environment's previous completed assessment (by collectedAt), the
/// comparison is stored with it and answered as <c>changes</c>, history pages summarise it, and a late-arriving older
/// snapshot does not rewrite the latest's comparison (docs/api.md, "What changed").
/// </summary>
[Collection(BackendGroup.Name)]
public sealed class DeltaTests(BackendFixture backend)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_completed_assessment_carries_its_comparison_with_the_previous_one()
    {
        await using var app = await TestApp.StartAsync(backend, time: new FakeTimeProvider(Now));
        var first = Snapshots.Create("contoso", "hq", Now.AddDays(-20), sample: Snapshots.Contoso);
        var second = Snapshots.Create("contoso", "hq", Now.AddDays(-1), sample: Snapshots.Contoso);
        second.Remove("database"); // the database went missing from the collection: its rules cannot be judged any more
        await app.ProcessAsync(Snapshots.Bytes(first), TriggerData.For("1", "application/json"));
        var outcome = await app.ProcessAsync(Snapshots.Bytes(second), TriggerData.For("2", "application/json"));

        var before = await GetAssessment(app, first);
        var after = await GetAssessment(app, second);

        var changes = after.GetProperty("changes");
        Assert.Equal(before.GetProperty("result").GetProperty("readiness").GetString(), changes.GetProperty("readinessBefore").GetString());
        Assert.Equal(after.GetProperty("result").GetProperty("readiness").GetString(), changes.GetProperty("readinessAfter").GetString());
        Assert.Equal(Snapshots.Id(first).ToString("D"), changes.GetProperty("snapshotBefore").GetString());
        Assert.False(changes.GetProperty("rulePackChanged").GetBoolean());
        var kinds = changes.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("change").GetString()).ToList();
        Assert.Equal(after.GetProperty("result").GetProperty("findings").GetArrayLength(), kinds.Count);
        var summary = changes.GetProperty("summary");
        foreach (var kind in new[] { "New", "Resolved", "Changed", "Unchanged" })
        {
            Assert.Equal(kinds.Count(k => k == kind), summary.GetProperty(char.ToLowerInvariant(kind[0]) + kind[1..]).GetInt32());
        }

        Assert.Contains(kinds, k => k != "Unchanged"); // the two snapshots differ, and the comparison says so
        // The first assessment has nothing to compare with: every open finding is New and there is no "before".
        Assert.False(before.GetProperty("changes").TryGetProperty("readinessBefore", out _));
        Assert.DoesNotContain(before.GetProperty("changes").GetProperty("changes").EnumerateArray(), c => c.GetProperty("change").GetString() is "Resolved" or "Changed");
        // The comparison is what the completion path hands on (for notifications), the same as stored.
        Assert.Equal(changes.GetProperty("summary").GetProperty("new").GetInt32(), outcome.Changes!.Summary.New);
        Assert.Equal(Snapshots.Id(first), outcome.Changes.SnapshotBefore);
        Assert.Equal(outcome.Readiness!.Before?.ToString(), changes.GetProperty("readinessBefore").GetString());
        // One more query than the first: the previous assessment (header and findings) for the comparison.
        Assert.Equal(5, outcome.StorageRoundTrips);
    }

    [Fact]
    public async Task History_pages_summarise_each_comparison()
    {
        await using var app = await TestApp.StartAsync(backend, time: new FakeTimeProvider(Now));
        var first = Snapshots.Create("contoso", "hq", Now.AddDays(-20), sample: Snapshots.Contoso);
        var second = Snapshots.Create("contoso", "hq", Now.AddDays(-1), sample: Snapshots.Contoso);
        second.Remove("database");
        await app.ProcessAsync(Snapshots.Bytes(first), TriggerData.For("1", "application/json"));
        await app.ProcessAsync(Snapshots.Bytes(second), TriggerData.For("2", "application/json"));

        var history = await app.CallAsync(TestApp.Request("GET", "/api/tenants/contoso/environments/hq/assessments"), r => app.ReadinessApi.GetEnvironmentHistoryAsync(r, "contoso", "hq"));
        var assessment = (await GetAssessment(app, second)).GetProperty("changes");

        var items = history.Json.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(2, items.Length);
        var newest = items[0].GetProperty("changes");
        Assert.Equal(assessment.GetProperty("readinessBefore").GetString(), newest.GetProperty("readinessBefore").GetString());
        Assert.Equal(items[0].GetProperty("readiness").GetString(), newest.GetProperty("readinessAfter").GetString());
        Assert.Equal(assessment.GetProperty("summary").ToString(), newest.GetProperty("summary").ToString());
        Assert.Equal(Snapshots.Id(first).ToString("D"), newest.GetProperty("snapshotBefore").GetString());
        Assert.False(newest.TryGetProperty("changes", out _)); // the per-rule list stays on the assessment
        Assert.False(items[1].GetProperty("changes").TryGetProperty("readinessBefore", out _));
        // Only history items carry a digest: the latest readiness is the same row shape without it.
        var latest = await app.CallAsync(TestApp.Request("GET", "/api/tenants/contoso/environments/hq/readiness"), r => app.ReadinessApi.GetEnvironmentReadinessAsync(r, "contoso", "hq"));
        Assert.False(latest.Json.TryGetProperty("changes", out _));
    }

    [Fact]
    public async Task A_late_older_snapshot_is_compared_with_its_own_predecessor_and_leaves_the_latest_alone()
    {
        await using var app = await TestApp.StartAsync(backend, time: new FakeTimeProvider(Now));
        var (oldest, middle, newest) = ThreeCollections();
        await app.ProcessAsync(Snapshots.Bytes(oldest), TriggerData.For("1", "application/json"));
        await app.ProcessAsync(Snapshots.Bytes(newest), TriggerData.For("3", "application/json"));
        var latestBefore = (await GetAssessment(app, newest)).GetProperty("changes").ToString();

        var late = await app.ProcessAsync(Snapshots.Bytes(middle), TriggerData.For("2", "application/json"));

        Assert.False(late.LatestUpdated);
        Assert.Null(late.Readiness); // the served readiness did not move
        Assert.Equal(Snapshots.Id(oldest), late.Changes!.SnapshotBefore);
        Assert.Equal(Snapshots.Id(oldest).ToString("D"), (await GetAssessment(app, middle)).GetProperty("changes").GetProperty("snapshotBefore").GetString());
        // The latest's comparison is as it was stored: still against the oldest, byte for byte.
        Assert.Equal(latestBefore, (await GetAssessment(app, newest)).GetProperty("changes").ToString());
        Assert.Equal(Snapshots.Id(newest), (await app.Reads.GetLatestAsync(T("contoso"), E("hq"), default))!.SnapshotId);
        // A history query and the predecessor's load on top of the read and the tenant transaction; no portfolio work.
        Assert.Equal(4, late.StorageRoundTrips);

        // Assessing the latest again (rerun) compares it with what precedes it now: the late snapshot.
        Assert.Equal(202, (await app.CallAsync(TestApp.Request("POST", $"/api/tenants/contoso/assessments/{Snapshots.Id(newest):D}/rerun"), r => app.AssessmentApi.RerunAssessmentAsync(r, "contoso", Snapshots.Id(newest).ToString()))).Status);
        Assert.Equal(ProcessingStatus.Completed, Assert.Single(await app.DrainQueueAsync(1)).Status);
        Assert.Equal(Snapshots.Id(middle).ToString("D"), (await GetAssessment(app, newest)).GetProperty("changes").GetProperty("snapshotBefore").GetString());
    }

    [Fact]
    public async Task Deleting_the_assessment_a_comparison_names_assesses_the_later_one_again_against_what_precedes_it_now()
    {
        await using var app = await TestApp.StartAsync(backend, time: new FakeTimeProvider(Now));
        var (oldest, middle, newest) = ThreeCollections();
        await app.ProcessAsync(Snapshots.Bytes(oldest), TriggerData.For("1", "application/json"));
        await app.ProcessAsync(Snapshots.Bytes(middle), TriggerData.For("2", "application/json"));
        await app.ProcessAsync(Snapshots.Bytes(newest), TriggerData.For("3", "application/json"));
        Assert.Equal(Snapshots.Id(middle).ToString("D"), (await GetAssessment(app, newest)).GetProperty("changes").GetProperty("snapshotBefore").GetString());

        var id = Snapshots.Id(middle).ToString("D");
        Assert.Equal(204, (await app.CallAsync(TestApp.Request("DELETE", $"/api/admin/tenants/contoso/snapshots/{id}"), r => app.LifecycleApi.DeleteSnapshotAsync(r, "contoso", id))).Status);
        Assert.Equal(204, (await app.CallAsync(TestApp.Request("DELETE", $"/api/admin/tenants/contoso/snapshots/{id}"), r => app.LifecycleApi.DeleteSnapshotAsync(r, "contoso", id))).Status);

        // One rerun of the newest, however often the snapshot is deleted; it compares with the oldest now.
        Assert.Equal(ProcessingStatus.Completed, Assert.Single(await app.DrainQueueAsync(1)).Status);
        await Assert.ThrowsAsync<TimeoutException>(() => app.DrainQueueAsync(1));
        var changes = (await GetAssessment(app, newest)).GetProperty("changes");
        Assert.Equal(Snapshots.Id(oldest).ToString("D"), changes.GetProperty("snapshotBefore").GetString());
        var history = await app.CallAsync(TestApp.Request("GET", "/api/tenants/contoso/environments/hq/assessments"), r => app.ReadinessApi.GetEnvironmentHistoryAsync(r, "contoso", "hq"));
        Assert.Equal(
            [Snapshots.Id(oldest).ToString("D")],
            history.Json.GetProperty("items").EnumerateArray().Where(i => i.TryGetProperty("changes", out var c) && c.TryGetProperty("snapshotBefore", out _)).Select(i => i.GetProperty("changes").GetProperty("snapshotBefore").GetString()));
    }

    /// <summary>Three collections of one environment, 30, 15 and 1 days ago; the middle one without the database.</summary>
    private static (System.Text.Json.Nodes.JsonObject Oldest, System.Text.Json.Nodes.JsonObject Middle, System.Text.Json.Nodes.JsonObject Newest) ThreeCollections()
    {
        var middle = Snapshots.Create("contoso", "hq", Now.AddDays(-15), sample: Snapshots.Contoso);
        middle.Remove("database");
        return (Snapshots.Create("contoso", "hq", Now.AddDays(-30), sample: Snapshots.Contoso), middle, Snapshots.Create("contoso", "hq", Now.AddDays(-1), sample: Snapshots.Contoso));
    }

    private static async Task<JsonElement> GetAssessment(TestApp app, System.Text.Json.Nodes.JsonObject snapshot)
    {
        var id = Snapshots.Id(snapshot).ToString("D");
        var response = await app.CallAsync(TestApp.Request("GET", $"/api/tenants/contoso/assessments/{id}"), r => app.AssessmentApi.GetAssessmentAsync(r, "contoso", id));
        Assert.Equal(200, response.Status);
        return response.Json;
    }
}
