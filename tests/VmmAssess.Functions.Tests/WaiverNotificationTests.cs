using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Time.Testing;
using VmmAssess.Core.Assessment;
using VmmAssess.Core.Rules;
using VmmAssess.Functions.Tests.Infrastructure;
using VmmAssess.Testing.ServiceBus;

namespace VmmAssess.Functions.Tests;

/// <summary>Waivers raise notifications: <c>waiver.expiring</c> once, fourteen days ahead, from the expiry sweep; and
/// <c>readiness.changed</c> when applying or revoking a waiver moves an environment's readiness without a new snapshot.</summary>
[Collection(BackendGroup.Name)]
public sealed class WaiverNotificationTests(BackendFixture backend)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_waiver_raises_waiver_expiring_once_fourteen_days_before_it_expires()
    {
        var clock = new FakeTimeProvider(Now);
        await using var bus = new ServiceBusTestHost([], clock);
        await using var app = await TestApp.StartAsync(backend, bus: bus, time: clock);
        var created = await CreateAsync(app, "contoso", "VMM-SQL-001", Now.AddDays(20));
        var id = created.GetProperty("id").GetString();

        await SweepAsync(app);
        Assert.DoesNotContain("waiver.expiring", Types(app)); // twenty days ahead: not yet

        clock.Advance(TimeSpan.FromDays(6) + TimeSpan.FromMinutes(10));
        await SweepAsync(app);
        await SweepAsync(app);
        var expiring = Assert.Single(Events(app), e => e.GetProperty("type").GetString() == "waiver.expiring");
        var data = expiring.GetProperty("data");
        Assert.Equal(id, data.GetProperty("waiverId").GetString());
        Assert.Equal("VMM-SQL-001", data.GetProperty("ruleId").GetString());
        Assert.Equal(Now.AddDays(20), data.GetProperty("expiresAt").GetDateTimeOffset());
        Assert.EndsWith($"/api/tenants/contoso/waivers/{id}", data.GetProperty("links").GetProperty("waiver").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_waiver_created_within_fourteen_days_of_its_expiry_is_announced_by_the_next_sweep_and_a_revoked_one_never()
    {
        var clock = new FakeTimeProvider(Now);
        await using var bus = new ServiceBusTestHost([], clock);
        await using var app = await TestApp.StartAsync(backend, bus: bus, time: clock);
        await CreateAsync(app, "contoso", "VMM-SQL-001", Now.AddDays(3));
        var revoked = (await CreateAsync(app, "contoso", "VMM-SQL-002", Now.AddDays(4))).GetProperty("id").GetString()!;
        Assert.Equal(204, (await app.CallAsync(TestApp.Request("DELETE", $"/api/tenants/contoso/waivers/{revoked}"), r => app.WaiverApi.RevokeWaiverAsync(r, "contoso", revoked))).Status);

        await SweepAsync(app);

        var expiring = Assert.Single(Events(app), e => e.GetProperty("type").GetString() == "waiver.expiring");
        Assert.Equal("VMM-SQL-001", expiring.GetProperty("data").GetProperty("ruleId").GetString());
    }

    [Fact]
    public async Task Waiving_every_failing_blocker_raises_readiness_changed_without_a_new_snapshot()
    {
        var clock = new FakeTimeProvider(Now);
        await using var bus = new ServiceBusTestHost([], clock);
        await using var app = await TestApp.StartAsync(backend, bus: bus, time: clock);
        var hq = Snapshots.Create("contoso", "hq", Now.AddDays(-1), sample: Snapshots.Contoso);
        await app.ProcessAsync(Snapshots.Bytes(hq), TriggerData.For("hq", "application/json", enqueuedTime: Now));
        var before = (await app.Reads.GetLatestAsync(T("contoso"), E("hq"), default))!;
        Assert.Equal(Readiness.NotReady, before.Readiness);
        var stored = (await app.Reads.GetAssessmentAsync(T("contoso"), Snapshots.Id(hq), default))!.Result!;
        var blockers = stored.Findings.Where(f => f.Status == FindingStatus.Fail && f.Severity == Severity.Blocker).Select(f => f.RuleId).ToArray();
        Assert.NotEmpty(blockers);
        var queuedBefore = Events(app).Count;

        foreach (var rule in blockers)
        {
            await CreateAsync(app, "contoso", rule, Now.AddDays(30), environmentId: "hq");
        }

        var after = (await app.Reads.GetLatestAsync(T("contoso"), E("hq"), default))!.Readiness;
        Assert.NotEqual(Readiness.NotReady, after);
        var changed = Assert.Single(Events(app).Skip(queuedBefore), e => e.GetProperty("type").GetString() == "readiness.changed");
        Assert.Equal("NotReady", changed.GetProperty("data").GetProperty("readinessBefore").GetString());
        Assert.Equal(after.ToString(), changed.GetProperty("data").GetProperty("readinessAfter").GetString());
        Assert.Equal(Snapshots.Id(hq), changed.GetProperty("data").GetProperty("snapshotId").GetGuid());
    }

    private static async Task<JsonElement> CreateAsync(TestApp app, string tenant, string ruleId, DateTimeOffset expiresAt, string? environmentId = null)
    {
        var response = await WaiverTests.Create(app, tenant, WaiverTests.Body(ruleId, expiresAt, environmentId));
        Assert.True(response.Status == 201, response.ToString());
        return response.Json;
    }

    private static Task<int> SweepAsync(TestApp app) =>
        app.WaiverTimers.WaiverExpirySweepAsync(new TimerInfo(), new TestFunctionContext(new Dictionary<string, object?>(), app.Services));

    private static List<JsonElement> Events(TestApp app) => NotificationTests.QueuedEvents(app);

    private static string?[] Types(TestApp app) => Events(app).Select(e => e.GetProperty("type").GetString()).ToArray();
}
