using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using VmmAssess.Core.Assessment;
using Microsoft.Extensions.Time.Testing;
using VmmAssess.Functions.Tests.Infrastructure;

namespace VmmAssess.Functions.Tests;

/// <summary>
/// Waivers through the API: create, read, list, revoke (audited; revoked ones stay visible), every refusal as problem
/// details, and their effect on readiness everywhere it is served: a waived blocker no longer turns the environment
/// red but is counted, and when the waiver expires the timer turns it back without a new snapshot.
/// </summary>
[Collection(BackendGroup.Name)]
public sealed class WaiverTests(BackendFixture backend)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task Operators_create_read_list_and_revoke_waivers_and_every_change_is_audited()
    {
        var clock = new FakeTimeProvider(Now);
        await using var app = await TestApp.StartAsync(backend, time: clock);

        var created = await Create(app, "contoso", Body("VMM-SQL-001", Now.AddDays(30), environmentId: "hq", objects: ["SQL01*"], ticket: "CW-4711"));

        Assert.Equal(201, created.Status);
        var id = created.Json.GetProperty("id").GetString()!;
        Assert.Equal($"/api/tenants/contoso/waivers/{id}", created.Headers.Location.ToString());
        Assert.Equal(TestTokens.OperatorId, created.Json.GetProperty("createdBy").GetString());
        Assert.Equal(Now, created.Json.GetProperty("createdAt").GetDateTimeOffset());
        Assert.Equal("Live", created.Json.GetProperty("status").GetString());
        Assert.Equal("CW-4711", created.Json.GetProperty("ticket").GetString());
        Assert.Equal(created.Text, (await Get(app, "contoso", id)).Text);
        Assert.Equal([id], await ListIds(app, "contoso"));
        Assert.Equal([id], await ListIds(app, "contoso", "environmentId=hq&ruleId=vmm-sql-001"));
        Assert.Empty(await ListIds(app, "contoso", "environmentId=dr"));
        Assert.Empty(await ListIds(app, "contoso", "ruleId=VMM-SQL-002"));

        // Paged like the other lists: the continuation token of one page gives the next.
        var more = new[] { (await Create(app, "contoso", Body("VMM-SQL-002", Now.AddDays(30)))).Json.GetProperty("id").GetString()!, (await Create(app, "contoso", Body("VMM-SQL-003", Now.AddDays(30)))).Json.GetProperty("id").GetString()! };
        var page1 = await app.CallAsync(TestApp.Request("GET", "/api/tenants/contoso/waivers", "pageSize=2"), r => app.WaiverApi.ListWaiversAsync(r, "contoso"));
        var token = page1.Json.GetProperty("continuationToken").GetString();
        var page2 = await app.CallAsync(TestApp.Request("GET", "/api/tenants/contoso/waivers", $"pageSize=2&continuationToken={token}"), r => app.WaiverApi.ListWaiversAsync(r, "contoso"));
        Assert.Equal(2, page1.Json.GetProperty("items").GetArrayLength());
        Assert.Equal(
            more.Append(id).Order(StringComparer.Ordinal),
            page1.Json.GetProperty("items").EnumerateArray().Concat(page2.Json.GetProperty("items").EnumerateArray()).Select(w => w.GetProperty("id").GetString()!).Order(StringComparer.Ordinal));
        foreach (var other in more)
        {
            await Revoke(app, "contoso", other);
        }

        clock.Advance(TimeSpan.FromMinutes(5));
        var revoked = await Revoke(app, "contoso", id);
        var again = await Revoke(app, "contoso", id);

        Assert.Equal(204, revoked.Status);
        Assert.Equal(204, again.Status); // idempotent
        var read = (await Get(app, "contoso", id)).Json;
        Assert.Equal("Revoked", read.GetProperty("status").GetString());
        Assert.Equal(Now.AddMinutes(5), read.GetProperty("revokedAt").GetDateTimeOffset());
        Assert.Equal(TestTokens.OperatorId, read.GetProperty("revokedBy").GetString());
        Assert.Empty(await ListIds(app, "contoso"));
        Assert.Equal(more.Append(id).Order(StringComparer.Ordinal), (await ListIds(app, "contoso", "includeInactive=true")).Order(StringComparer.Ordinal));
        Assert.Equal(404, (await Get(app, "contoso", Guid.NewGuid().ToString())).Status);
        Assert.Equal(404, (await Get(app, "northwind", id)).Status); // a waiver belongs to its tenant
        Assert.Equal(404, (await Revoke(app, "northwind", id)).Status);

        var audit = await app.CallAsync(TestApp.Request("GET", "/api/admin/audit", "tenantId=contoso"), q => app.AccessApi.GetAuditLogAsync(q));
        var actions = audit.Json.GetProperty("items").EnumerateArray().Select(e => $"{e.GetProperty("action").GetString()} {e.GetProperty("status").GetInt32()} {e.GetProperty("principalId").GetString()} target={(e.TryGetProperty("target", out var t) ? t.GetString() : null)}").ToArray();
        Assert.Contains($"POST /api/tenants/contoso/waivers 201 {TestTokens.OperatorId} target={id}", actions);
        Assert.Equal(2, actions.Count(a => a == $"DELETE /api/tenants/contoso/waivers/{id} 204 {TestTokens.OperatorId} target={id}"));
    }

    public static TheoryData<string, string, string> Refusals => new()
    {
        { Body("VMM-SQL-001", Now.AddDays(-1)), "$.expiresAt", "is in the past" },
        { Body("VMM-SQL-001", Now.AddYears(1).AddDays(1)), "$.expiresAt", "at most one year" },
        { """{"ruleId":"VMM-SQL-001","reason":"no expiry"}""", "$.expiresAt", "is required" },
        { Body("VMM-NOPE-001", Now.AddDays(1)), "$.ruleId", "unknown rule id 'VMM-NOPE-001'" },
        { Body("VMM-SQL-001", Now.AddDays(1), objects: ["*"]), "$.objects[0]", "only wildcards" },
        { Body("VMM-SQL-001", Now.AddDays(1), objects: [" SQL01"]), "$.objects[0]", "white space" },
        { Body("VMM-SQL-001", Now.AddDays(1), objects: []), "$.objects", "at least one object" },
        { Body("VMM-SQL-001", Now.AddDays(1), objects: Enumerable.Range(0, 101).Select(i => $"VM{i}").ToArray()), "$.objects", "at most 100" },
        { Body("VMM-SQL-001", Now.AddDays(1), reason: new string('x', 2001)), "$.reason", "at most 2000 characters" },
        { Body("VMM-SQL-001", Now.AddDays(1), reason: "accepted\u0007"), "$.reason", "U+0007" },
        { Body("VMM-SQL-001", Now.AddDays(1), ticket: "CW-1\u202E"), "$.ticket", "U+202E" },
        { Body("VMM-SQL-001", Now.AddDays(1), environmentId: "no/slash"), "$.environmentId", "1 to 64 characters" },
        { """{"ruleId":"VMM-SQL-001","reason":"x","expiresAt":"2026-12-01T00:00:00Z","createdBy":"someone-else"}""", "$", "not valid JSON for this request" },
        { "not json", "$", "not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_waiver_that_breaks_a_rule_is_refused_with_problem_details_naming_where(string body, string path, string message)
    {
        await using var app = await TestApp.StartAsync(backend, time: new FakeTimeProvider(Now));

        var response = await Create(app, "contoso", body);

        Assert.Equal(400, response.Status);
        Assert.Equal(ApiProblems.ContentType, response.ContentType);
        Assert.Equal(ProblemTypes.InvalidRequest, response.Json.GetProperty("type").GetString());
        Assert.Contains(response.Json.GetProperty("errors").EnumerateArray(), e => e.GetProperty("path").GetString()!.StartsWith(path, StringComparison.Ordinal) && e.GetProperty("message").GetString()!.Contains(message, StringComparison.Ordinal));
        Assert.Empty(await ListIds(app, "contoso", "includeInactive=true"));
    }

    [Fact]
    public async Task Waived_blockers_stop_counting_toward_readiness_everywhere_and_come_back_when_the_waiver_expires()
    {
        var clock = new FakeTimeProvider(Now);
        await using var app = await TestApp.StartAsync(backend, time: clock);
        var hq = Snapshots.Create("contoso", "hq", Now.AddDays(-1), sample: Snapshots.Contoso);
        var dr = Snapshots.Create("contoso", "dr", Now.AddDays(-1), sample: Snapshots.Contoso);
        await app.ProcessAsync(Snapshots.Bytes(hq), TriggerData.For("hq", "application/json"));
        await app.ProcessAsync(Snapshots.Bytes(dr), TriggerData.For("dr", "application/json"));
        var assessed = await Assessment(app, hq);
        var blockers = assessed.GetProperty("result").GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("status").GetString() == "Fail" && f.GetProperty("severity").GetString() == "Blocker")
            .Select(f => f.GetProperty("ruleId").GetString()!).ToArray();
        Assert.Equal("NotReady", assessed.GetProperty("result").GetProperty("readiness").GetString());
        Assert.NotEmpty(blockers);

        // One waiver per failing blocker of hq, expiring in a day: hq stops being red at once; dr is another environment.
        foreach (var rule in blockers)
        {
            Assert.Equal(201, (await Create(app, "contoso", Body(rule, Now.AddDays(1), environmentId: "hq"))).Status);
        }

        var waived = await Assessment(app, hq);
        var result = waived.GetProperty("result");
        Assert.NotEqual("NotReady", result.GetProperty("readiness").GetString());
        Assert.Equal(blockers.Length, result.GetProperty("counts").GetProperty("waivedBlockers").GetInt32());
        Assert.Equal(0, result.GetProperty("counts").GetProperty("blockers").GetInt32());
        var finding = result.GetProperty("findings").EnumerateArray().First(f => f.GetProperty("ruleId").GetString() == blockers[0]);
        Assert.Equal("Fail", finding.GetProperty("status").GetString()); // still failing, visibly accepted
        Assert.Equal("Accepted by the customer's change board", finding.GetProperty("waiver").GetProperty("reason").GetString());
        Assert.Equal(Now.AddDays(1), finding.GetProperty("waiver").GetProperty("expiresAt").GetDateTimeOffset());
        Assert.Equal(result.GetProperty("readiness").GetString(), waived.GetProperty("changes").GetProperty("readinessAfter").GetString());
        var served = await Served(app);
        Assert.Equal(result.GetProperty("readiness").GetString(), served["hq"]);
        Assert.Equal("NotReady", served["dr"]);
        await AssertPortfolioExact(app);
        // The newest history item follows the latest's waivers too.
        var history = await app.CallAsync(TestApp.Request("GET", "/api/tenants/contoso/environments/hq/assessments"), r => app.ReadinessApi.GetEnvironmentHistoryAsync(r, "contoso", "hq"));
        Assert.Equal(result.GetProperty("readiness").GetString(), history.Json.GetProperty("items")[0].GetProperty("readiness").GetString());
        Assert.Equal(blockers.Length, history.Json.GetProperty("items")[0].GetProperty("counts").GetProperty("waivedBlockers").GetInt32());

        // A day and a bit later the waivers have expired: the sweep turns hq back, with no new snapshot.
        clock.Advance(TimeSpan.FromDays(1).Add(TimeSpan.FromMinutes(10)));
        Assert.Equal(blockers.Length > 0 ? 1 : 0, await app.WaiverTimers.WaiverExpirySweepAsync(new TimerInfo(), new TestFunctionContext(new Dictionary<string, object?>(), app.Services)));

        var expired = (await Assessment(app, hq)).GetProperty("result");
        Assert.Equal("NotReady", expired.GetProperty("readiness").GetString());
        Assert.False(expired.GetProperty("counts").TryGetProperty("waivedBlockers", out _));
        Assert.DoesNotContain(expired.GetProperty("findings").EnumerateArray(), f => f.TryGetProperty("waiver", out _));
        Assert.Equal("NotReady", (await Served(app))["hq"]);
        await AssertPortfolioExact(app);
        Assert.Equal("Expired", (await Get(app, "contoso", (await ListIds(app, "contoso", "includeInactive=true"))[0])).Json.GetProperty("status").GetString());
        // Nothing is due any more: a second sweep re-evaluates nothing.
        Assert.Equal(0, await app.WaiverTimers.WaiverExpirySweepAsync(new TimerInfo(), new TestFunctionContext(new Dictionary<string, object?>(), app.Services)));
    }

    [Fact]
    public async Task A_waiver_applies_to_snapshots_processed_later_and_revoking_it_turns_readiness_back_at_once()
    {
        var clock = new FakeTimeProvider(Now);
        await using var app = await TestApp.StartAsync(backend, time: clock);
        var first = Snapshots.Create("contoso", "hq", Now.AddDays(-3), sample: Snapshots.Contoso);
        await app.ProcessAsync(Snapshots.Bytes(first), TriggerData.For("1", "application/json"));
        var blockers = (await Assessment(app, first)).GetProperty("result").GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("status").GetString() == "Fail" && f.GetProperty("severity").GetString() == "Blocker")
            .Select(f => f.GetProperty("ruleId").GetString()!).ToArray();
        var ids = new List<string>();
        foreach (var rule in blockers)
        {
            // Tenant-wide waivers (no environment): they cover every environment of contoso, and nothing of northwind.
            ids.Add((await Create(app, "contoso", Body(rule, Now.AddDays(90)))).Json.GetProperty("id").GetString()!);
        }

        var second = Snapshots.Create("contoso", "hq", Now.AddDays(-1), sample: Snapshots.Contoso);
        var other = Snapshots.Create("northwind", "hq", Now.AddDays(-1), sample: Snapshots.Contoso);
        var outcome = await app.ProcessAsync(Snapshots.Bytes(second), TriggerData.For("2", "application/json"));
        await app.ProcessAsync(Snapshots.Bytes(other), TriggerData.For("3", "application/json"));

        Assert.NotEqual(Readiness.NotReady, outcome.Readiness!.After);
        Assert.Equal(blockers.Length, outcome.Readiness.Counts.WaivedBlockers);
        Assert.Equal(Readiness.NotReady, (await app.Reads.GetLatestAsync(T("northwind"), E("hq"), default))!.Readiness);

        foreach (var id in ids)
        {
            Assert.Equal(204, (await Revoke(app, "contoso", id)).Status);
        }

        Assert.Equal("NotReady", (await Served(app))["hq"]);
        Assert.Equal(0, (await app.Reads.GetLatestAsync(T("contoso"), E("hq"), default))!.Counts.Waived);
        await AssertPortfolioExact(app);
    }

    [Fact]
    public async Task Deleting_the_latest_snapshot_applies_the_current_waivers_to_the_one_that_becomes_the_latest()
    {
        await using var app = await TestApp.StartAsync(backend, time: new FakeTimeProvider(Now));
        var older = Snapshots.Create("contoso", "hq", Now.AddDays(-9), sample: Snapshots.Contoso);
        var newer = Snapshots.Create("contoso", "hq", Now.AddDays(-1), sample: Snapshots.Contoso);
        await app.ProcessAsync(Snapshots.Bytes(older), TriggerData.For("1", "application/json"));
        await app.ProcessAsync(Snapshots.Bytes(newer), TriggerData.For("2", "application/json"));
        var blockers = (await Assessment(app, newer)).GetProperty("result").GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("status").GetString() == "Fail" && f.GetProperty("severity").GetString() == "Blocker")
            .Select(f => f.GetProperty("ruleId").GetString()!).ToArray();
        foreach (var rule in blockers)
        {
            await Create(app, "contoso", Body(rule, Now.AddDays(30), environmentId: "hq"));
        }

        // The waivers came after the older assessment stopped being the latest: it does not carry them yet.
        Assert.Equal("NotReady", (await Assessment(app, older)).GetProperty("result").GetProperty("readiness").GetString());
        var deleted = await app.CallAsync(TestApp.Request("DELETE", $"/api/admin/tenants/contoso/snapshots/{Snapshots.Id(newer):D}"), r => app.LifecycleApi.DeleteSnapshotAsync(r, "contoso", Snapshots.Id(newer).ToString()));

        Assert.Equal(204, deleted.Status);
        var latest = (await app.Reads.GetLatestAsync(T("contoso"), E("hq"), default))!;
        Assert.Equal(Snapshots.Id(older), latest.SnapshotId);
        Assert.NotEqual(Readiness.NotReady, latest.Readiness);
        Assert.Equal(blockers.Length, latest.Counts.WaivedBlockers);
        await AssertPortfolioExact(app);
    }

    [Fact]
    public async Task A_waiver_stored_without_its_re_application_is_applied_by_the_next_sweep()
    {
        // As when storage failed between storing a waiver and re-applying it (the API answered 503).
        var clock = new FakeTimeProvider(Now);
        await using var app = await TestApp.StartAsync(backend, time: clock);
        var hq = Snapshots.Create("contoso", "hq", Now.AddDays(-1), sample: Snapshots.Contoso);
        await app.ProcessAsync(Snapshots.Bytes(hq), TriggerData.For("1", "application/json"));
        var blockers = (await Assessment(app, hq)).GetProperty("result").GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("status").GetString() == "Fail" && f.GetProperty("severity").GetString() == "Blocker")
            .Select(f => f.GetProperty("ruleId").GetString()!).ToArray();
        foreach (var rule in blockers)
        {
            var (waiver, errors) = WaiverRules.Prepare(T("contoso"), new WaiverDraft(null, rule, null, "accepted", Now.AddDays(30), null), TestTokens.OperatorId, Now, Core.Rules.RuleCatalog.Default);
            Assert.Empty(errors);
            await app.Get<WaiverRows>().AddAsync(new WaiverRecord(waiver!, null, null), [new WaiverDue(Now, T("contoso"), waiver!.Id, null, WaiverDue.Created)], default);
        }

        Assert.Equal("NotReady", (await Served(app))["hq"]);
        clock.Advance(TimeSpan.FromMinutes(10));
        await app.WaiverTimers.WaiverExpirySweepAsync(new TimerInfo(), new TestFunctionContext(new Dictionary<string, object?>(), app.Services));

        Assert.NotEqual("NotReady", (await Served(app))["hq"]);
        await AssertPortfolioExact(app);
    }

    [Fact]
    public async Task Waivers_expiring_within_fourteen_days_are_listed_for_notifications()
    {
        var clock = new FakeTimeProvider(Now);
        await using var app = await TestApp.StartAsync(backend, time: clock);
        var soon = (await Create(app, "contoso", Body("VMM-SQL-001", Now.AddDays(5)))).Json.GetProperty("id").GetString();
        await Create(app, "northwind", Body("VMM-SQL-001", Now.AddDays(20)));
        var revoked = (await Create(app, "contoso", Body("VMM-SQL-002", Now.AddDays(3)))).Json.GetProperty("id").GetString()!;
        await Revoke(app, "contoso", revoked);

        var expiring = await app.Get<ListExpiringWaivers>().ExecuteAsync(ListExpiringWaivers.DefaultWindow, default);

        Assert.Equal([soon], expiring.Select(w => w.Waiver.Id));
        clock.Advance(TimeSpan.FromDays(10));
        // Ten days on, the 5-day one has expired and the 20-day one is within 14 days.
        Assert.Equal(["northwind"], (await app.Get<ListExpiringWaivers>().ExecuteAsync(ListExpiringWaivers.DefaultWindow, default)).Select(w => w.Waiver.TenantId));
    }

    /// <summary>The portfolio's totals and rows are what the tenants' latest rows say, exactly.</summary>
    private static async Task AssertPortfolioExact(TestApp app)
    {
        var totals = await app.Portfolio.GetTotalsAsync(default);
        var rows = await app.Portfolio.GetPageAsync(new PortfolioFilter(null, null, null), 100, null, default);
        var latest = new List<ReadinessSummary>();
        foreach (var tenant in rows.Items.Select(r => r.TenantId).Distinct())
        {
            latest.AddRange((await app.Reads.GetTenantReadinessAsync(tenant, default))!);
        }

        Assert.Equal(latest.Count, totals.Environments);
        foreach (var readiness in Enum.GetValues<Readiness>())
        {
            Assert.Equal(latest.Count(l => l.Readiness == readiness), rows.Items.Count(r => r.Readiness == readiness));
        }

        Assert.Equal(ReadinessTotals.Count(r => latest.Count(l => l.Readiness == r)), totals);
        Assert.All(rows.Items, r => Assert.True(r.SameAs(latest.Single(l => l.TenantId == r.TenantId && l.EnvironmentId == r.EnvironmentId))));
    }

    /// <summary>contoso's readiness by environment as the tenant readiness route serves it.</summary>
    private static async Task<Dictionary<string, string>> Served(TestApp app)
    {
        var response = await app.CallAsync(TestApp.Request("GET", "/api/tenants/contoso/readiness"), r => app.ReadinessApi.GetTenantReadinessAsync(r, "contoso"));
        return response.Json.GetProperty("environments").EnumerateArray().ToDictionary(e => e.GetProperty("environmentId").GetString()!, e => e.GetProperty("readiness").GetString()!);
    }

    internal static string Body(string ruleId, DateTimeOffset expiresAt, string? environmentId = null, string[]? objects = null, string reason = "Accepted by the customer's change board", string? ticket = null)
    {
        var body = new Dictionary<string, object?> { ["ruleId"] = ruleId, ["reason"] = reason, ["expiresAt"] = expiresAt.ToString("O", CultureInfo.InvariantCulture) };
        if (environmentId is not null)
        {
            body["environmentId"] = environmentId;
        }

        if (objects is not null)
        {
            body["objects"] = objects;
        }

        if (ticket is not null)
        {
            body["ticket"] = ticket;
        }

        return JsonSerializer.Serialize(body);
    }

    internal static Task<TestResponse> Create(TestApp app, string tenant, string body) =>
        app.CallAsync(TestApp.Request("POST", $"/api/tenants/{tenant}/waivers", body: Encoding.UTF8.GetBytes(body)), r => app.WaiverApi.CreateWaiverAsync(r, tenant));

    private static Task<TestResponse> Get(TestApp app, string tenant, string id) =>
        app.CallAsync(TestApp.Request("GET", $"/api/tenants/{tenant}/waivers/{id}"), r => app.WaiverApi.GetWaiverAsync(r, tenant, id));

    private static Task<TestResponse> Revoke(TestApp app, string tenant, string id) =>
        app.CallAsync(TestApp.Request("DELETE", $"/api/tenants/{tenant}/waivers/{id}"), r => app.WaiverApi.RevokeWaiverAsync(r, tenant, id));

    private static async Task<string[]> ListIds(TestApp app, string tenant, string? query = null)
    {
        var response = await app.CallAsync(TestApp.Request("GET", $"/api/tenants/{tenant}/waivers", query), r => app.WaiverApi.ListWaiversAsync(r, tenant));
        Assert.Equal(200, response.Status);
        return response.Json.GetProperty("items").EnumerateArray().Select(w => w.GetProperty("id").GetString()!).ToArray();
    }

    private static async Task<JsonElement> Assessment(TestApp app, System.Text.Json.Nodes.JsonObject snapshot)
    {
        var id = Snapshots.Id(snapshot).ToString("D");
        var tenant = (string)snapshot["tenantId"]!;
        var response = await app.CallAsync(TestApp.Request("GET", $"/api/tenants/{tenant}/assessments/{id}"), r => app.AssessmentApi.GetAssessmentAsync(r, tenant, id));
        Assert.Equal(200, response.Status);
        return response.Json;
    }
}
