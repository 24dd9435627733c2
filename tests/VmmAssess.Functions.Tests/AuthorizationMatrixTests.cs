using System.Text;
using VmmAssess.Functions.Tests.Infrastructure;

namespace VmmAssess.Functions.Tests;

/// <summary>
/// Every HTTP route × every kind of caller → the answer docs/security.md promises: 401 without a valid credential, 403
/// when the caller may not, and for every 2xx answer no other tenant's id anywhere in the body. Two tenants, each with an
/// assessed environment; tenant-scoped routes are called for tenant A.
/// </summary>
[Collection(BackendGroup.Name)]
public sealed class AuthorizationMatrixTests(BackendFixture backend)
{
    private const string A = "tenant-a";
    private const string B = "tenant-b";

    private enum Expect { Allowed, Forbidden, Unauthenticated }

    private sealed record Principal(string Name, Func<Fixture, IDictionary<string, string>> Headers);

    private sealed record Route(string Name, string Method, Func<TestApp, Fixture, HttpRequestBuilder, Task<TestResponse>> Call);

    private delegate Microsoft.AspNetCore.Http.HttpRequest HttpRequestBuilder(string method, string path, string? query = null, byte[]? body = null);

    private sealed class Fixture
    {
        public required Guid SnapshotA { get; init; }
        public required string KeyA { get; init; }
        public required string RevokedKey { get; init; }
        public required string ExpiredKey { get; init; }
        public required string KeyIdA { get; init; }
        public required string WaiverA { get; init; }
    }

    private static readonly Principal[] Principals =
    [
        new("no credential", _ => new Dictionary<string, string>()),
        new("expired token", _ => Bearer(TestTokens.Expired)),
        new("wrong audience", _ => Bearer(TestTokens.WrongAudience)),
        new("wrong issuer", _ => Bearer(TestTokens.WrongIssuer)),
        new("bad signature", _ => Bearer(TestTokens.BadSignature)),
        new("operator", _ => Bearer(TestTokens.Operator)),
        new("portfolio reader", _ => Bearer(TestTokens.PortfolioReader)),
        new("tenant-A reader", _ => Bearer(TestTokens.TenantAReader)),
        new("tenant-B reader", _ => Bearer(TestTokens.TenantBReader)),
        new("tenant-A collector key", f => Key(f.KeyA)),
        new("revoked key", f => Key(f.RevokedKey)),
        new("expired key", f => Key(f.ExpiredKey)),
    ];

    private static readonly Route[] Routes =
    [
        new("SubmitSnapshot", "POST", (app, f, r) => app.CallAsync(r("POST", $"/api/tenants/{A}/snapshots", body: Snapshots.Bytes(Snapshots.Create(A, "hq"))), q => app.Snapshots.SubmitSnapshotAsync(q, A))),
        new("GetAssessment", "GET", (app, f, r) => app.CallAsync(r("GET", $"/api/tenants/{A}/assessments/{f.SnapshotA}"), q => app.AssessmentApi.GetAssessmentAsync(q, A, f.SnapshotA.ToString()))),
        new("RerunAssessment", "POST", (app, f, r) => app.CallAsync(r("POST", $"/api/tenants/{A}/assessments/{f.SnapshotA}/rerun"), q => app.AssessmentApi.RerunAssessmentAsync(q, A, f.SnapshotA.ToString()))),
        new("GetEnvironmentReadiness", "GET", (app, f, r) => app.CallAsync(r("GET", $"/api/tenants/{A}/environments/hq/readiness"), q => app.ReadinessApi.GetEnvironmentReadinessAsync(q, A, "hq"))),
        new("GetEnvironmentHistory", "GET", (app, f, r) => app.CallAsync(r("GET", $"/api/tenants/{A}/environments/hq/assessments"), q => app.ReadinessApi.GetEnvironmentHistoryAsync(q, A, "hq"))),
        new("GetTenantReadiness", "GET", (app, f, r) => app.CallAsync(r("GET", $"/api/tenants/{A}/readiness"), q => app.ReadinessApi.GetTenantReadinessAsync(q, A))),
        new("GetPortfolio", "GET", (app, f, r) => app.CallAsync(r("GET", "/api/readiness"), q => app.ReadinessApi.GetPortfolioAsync(q))),
        new("GetRules", "GET", (app, f, r) => app.CallAsync(r("GET", "/api/rules"), q => app.CatalogApi.GetRulesAsync(q))),
        new("GetOpenApiDocument", "GET", (app, f, r) => app.CallAsync(r("GET", "/api/openapi.json"), q => app.CatalogApi.GetOpenApiDocumentAsync(q))),
        new("AdminReassess", "POST", (app, f, r) => app.CallAsync(r("POST", "/api/admin/reassess", body: Encoding.UTF8.GetBytes($"{{\"tenantId\":\"{A}\"}}")), q => app.AdminApi.ReassessAsync(q))),
        new("AdminListDeadLetters", "GET", (app, f, r) => app.CallAsync(r("GET", "/api/admin/deadletter"), q => app.AdminApi.ListDeadLettersAsync(q))),
        new("AdminReplayDeadLetters", "POST", (app, f, r) => app.CallAsync(r("POST", "/api/admin/deadletter/replay", "max=1"), q => app.AdminApi.ReplayDeadLettersAsync(q))),
        new("CreateCollectorKey", "POST", (app, f, r) => app.CallAsync(r("POST", $"/api/admin/tenants/{A}/collector-keys", body: Encoding.UTF8.GetBytes("{\"environmentIds\":[\"hq\"]}")), q => app.AccessApi.CreateCollectorKeyAsync(q, A))),
        new("ListCollectorKeys", "GET", (app, f, r) => app.CallAsync(r("GET", $"/api/admin/tenants/{A}/collector-keys"), q => app.AccessApi.ListCollectorKeysAsync(q, A))),
        new("RevokeCollectorKey", "DELETE", (app, f, r) => app.CallAsync(r("DELETE", $"/api/admin/tenants/{A}/collector-keys/0000000000000000"), q => app.AccessApi.RevokeCollectorKeyAsync(q, A, "0000000000000000"))),
        new("GrantTenantAccess", "PUT", (app, f, r) => app.CallAsync(r("PUT", $"/api/admin/grants/{Guid.Empty}/tenants/{A}"), q => app.AccessApi.GrantTenantAccessAsync(q, Guid.Empty.ToString(), A))),
        new("RevokeTenantAccess", "DELETE", (app, f, r) => app.CallAsync(r("DELETE", $"/api/admin/grants/{Guid.Empty}/tenants/{A}"), q => app.AccessApi.RevokeTenantAccessAsync(q, Guid.Empty.ToString(), A))),
        new("ListGrants", "GET", (app, f, r) => app.CallAsync(r("GET", "/api/admin/grants", $"principalId={TestTokens.TenantAReaderId}"), q => app.AccessApi.ListGrantsAsync(q))),
        new("GetAuditLog", "GET", (app, f, r) => app.CallAsync(r("GET", "/api/admin/audit"), q => app.AccessApi.GetAuditLogAsync(q))),
        new("AdminDeleteSnapshot", "DELETE", (app, f, r) => app.CallAsync(r("DELETE", $"/api/admin/tenants/{A}/snapshots/{Guid.Empty}"), q => app.LifecycleApi.DeleteSnapshotAsync(q, A, Guid.Empty.ToString()))),
        new("AdminDeleteEnvironment", "DELETE", (app, f, r) => app.CallAsync(r("DELETE", $"/api/admin/tenants/{A}/environments/decommissioned"), q => app.LifecycleApi.DeleteEnvironmentAsync(q, A, "decommissioned"))),
        new("AdminDeleteTenant", "DELETE", (app, f, r) => app.CallAsync(r("DELETE", $"/api/admin/tenants/{Gone}"), q => app.LifecycleApi.DeleteTenantAsync(q, Gone))),
        new("CreateWaiver", "POST", (app, f, r) => app.CallAsync(r("POST", $"/api/tenants/{A}/waivers", body: WaiverBody()), q => app.WaiverApi.CreateWaiverAsync(q, A))),
        new("ListWaivers", "GET", (app, f, r) => app.CallAsync(r("GET", $"/api/tenants/{A}/waivers", "includeInactive=true"), q => app.WaiverApi.ListWaiversAsync(q, A))),
        new("GetWaiver", "GET", (app, f, r) => app.CallAsync(r("GET", $"/api/tenants/{A}/waivers/{f.WaiverA}"), q => app.WaiverApi.GetWaiverAsync(q, A, f.WaiverA))),
        new("RevokeWaiver", "DELETE", (app, f, r) => app.CallAsync(r("DELETE", $"/api/tenants/{A}/waivers/{f.WaiverA}"), q => app.WaiverApi.RevokeWaiverAsync(q, A, f.WaiverA))),
        new("AdminGetTenantDeletion", "GET", (app, f, r) => app.CallAsync(r("GET", $"/api/admin/tenants/{Gone}/deletion"), q => app.LifecycleApi.GetTenantDeletionAsync(q, Gone))),
        new("GetDashboardFile", "GET", (app, f, r) => app.CallAsync(r("GET", "/dashboard/"), q => app.Dashboard.GetDashboardFile(q))),
        // A public IP literal: registration needs no DNS, and nothing calls it (the routes below name a subscription that does not exist).
        new("CreateSubscription", "POST", (app, f, r) => app.CallAsync(r("POST", "/api/admin/subscriptions", body: Encoding.UTF8.GetBytes($"{{\"endpoint\":\"https://8.8.8.8/hooks\",\"eventTypes\":[\"assessment.completed\"],\"tenantId\":\"{A}\"}}")), q => app.NotificationApi.CreateSubscriptionAsync(q))),
        new("ListSubscriptions", "GET", (app, f, r) => app.CallAsync(r("GET", "/api/admin/subscriptions"), q => app.NotificationApi.ListSubscriptionsAsync(q))),
        new("GetSubscription", "GET", (app, f, r) => app.CallAsync(r("GET", $"/api/admin/subscriptions/{NoSubscription}"), q => app.NotificationApi.GetSubscriptionAsync(q, NoSubscription))),
        new("DeleteSubscription", "DELETE", (app, f, r) => app.CallAsync(r("DELETE", $"/api/admin/subscriptions/{NoSubscription}"), q => app.NotificationApi.DeleteSubscriptionAsync(q, NoSubscription))),
        new("PingSubscription", "POST", (app, f, r) => app.CallAsync(r("POST", $"/api/admin/subscriptions/{NoSubscription}/ping"), q => app.NotificationApi.PingSubscriptionAsync(q, NoSubscription))),
    ];

    private const string NoSubscription = "sub_0000000000000000";

    /// <summary>A tenant with nothing stored: deleting it is the operator's idempotent no-op, and a refusal for everyone else.</summary>
    private const string Gone = "tenant-gone";

    private static Expect Expected(string principal, Route route) => principal switch
    {
        // The dashboard's files carry no data (the page reads the API with the caller's own credentials): a person who
        // is not signed in yet gets the page that tells them to sign in, and no credential is even read.
        _ when route.Name == "GetDashboardFile" => Expect.Allowed,
        "no credential" or "expired token" or "wrong audience" or "wrong issuer" or "bad signature" or "revoked key" or "expired key" => Expect.Unauthenticated,
        "operator" => Expect.Allowed,
        "portfolio reader" or "tenant-A reader" => route.Method == "GET" && !route.Name.StartsWith("Admin", StringComparison.Ordinal) && !IsAccessAdmin(route) ? Expect.Allowed : Expect.Forbidden,
        "tenant-B reader" => route.Name is "GetPortfolio" or "GetRules" or "GetOpenApiDocument" ? Expect.Allowed : Expect.Forbidden,
        "tenant-A collector key" => route.Name is "SubmitSnapshot" or "GetAssessment" ? Expect.Allowed : Expect.Forbidden,
        _ => throw new ArgumentOutOfRangeException(nameof(principal)),
    };

    private static bool IsAccessAdmin(Route route) => route.Name is "CreateCollectorKey" or "ListCollectorKeys" or "RevokeCollectorKey" or "GrantTenantAccess" or "RevokeTenantAccess" or "ListGrants" or "GetAuditLog"
        or "AdminDeleteSnapshot" or "AdminDeleteEnvironment" or "AdminDeleteTenant" or "AdminGetTenantDeletion"
        or "CreateSubscription" or "ListSubscriptions" or "GetSubscription" or "DeleteSubscription" or "PingSubscription";

    [Fact]
    public async Task Every_route_answers_every_kind_of_caller_as_the_principals_table_says()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await TestApp.StartAsync(backend, time: clock);
        var fixture = await ArrangeAsync(app, clock);
        var failures = new List<string>();
        var cases = 0;
        foreach (var principal in Principals)
        {
            foreach (var route in Routes)
            {
                cases++;
                var headers = principal.Headers(fixture);
                var response = await route.Call(app, fixture, (method, path, query, body) => TestApp.Request(method, path, query, body, headers, anonymous: true));
                var expected = Expected(principal.Name, route);
                var ok = expected switch
                {
                    Expect.Unauthenticated => response.Status == 401 && response.Headers.WWWAuthenticate.ToString().StartsWith("Bearer", StringComparison.Ordinal),
                    Expect.Forbidden => response.Status == 403,
                    _ => response.Status is >= 200 and < 300 || (response.Status == 404 && route.Name is "RevokeCollectorKey" or "AdminGetTenantDeletion" or "GetSubscription" or "DeleteSubscription" or "PingSubscription"),
                };
                if (!ok)
                {
                    failures.Add($"{route.Name} as {principal.Name}: expected {expected}, got {response.Status} {response.Text[..Math.Min(200, response.Text.Length)]}");
                }

                var foreign = principal.Name == "tenant-B reader" ? A : B;
                if (response.Status is >= 200 and < 300 && principal.Name != "operator" && principal.Name != "portfolio reader" && response.Text.Contains(foreign, StringComparison.Ordinal))
                {
                    failures.Add($"{route.Name} as {principal.Name}: the answer names {foreign}");
                }
            }
        }

        Assert.Equal(Principals.Length * Routes.Length, cases);
        Assert.Equal(FunctionMetadataTests.HttpFunctions().Select(f => f.Name).Order(StringComparer.Ordinal), Routes.Select(r => r.Name).Order(StringComparer.Ordinal)); // every route, none forgotten
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases} route × principal cases failed:\n" + string.Join('\n', failures));
    }

    [Fact]
    public async Task An_assessment_read_through_the_api_says_why_it_is_unknown()
    {
        await using var app = await TestApp.StartAsync(backend);
        var snapshot = Snapshots.Create(A, "hq");
        foreach (var part in new[] { "hosts", "libraryServers", "managementServers", "database" })
        {
            snapshot.Remove(part);
        }

        snapshot["collectionErrors"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject
        {
            ["source"] = "VirtualMachineManager",
            ["target"] = "vmm01.contoso.com",
            ["message"] = "The VirtualMachineManager module is not loaded: Get-SCVMMServer is not recognized.",
        });
        await app.ProcessAsync(Snapshots.Bytes(snapshot), TriggerData.For("u", "application/json"));

        var id = Snapshots.Id(snapshot).ToString();
        var answer = await app.CallAsync(TestApp.Request("GET", $"/api/tenants/{A}/assessments/{id}"), q => app.AssessmentApi.GetAssessmentAsync(q, A, id));

        var result = answer.Json.GetProperty("result");
        var error = Assert.Single(result.GetProperty("collectionErrors").EnumerateArray());
        Assert.Contains("module is not loaded", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains(result.GetProperty("findings").EnumerateArray(), f => f.GetProperty("status").GetString() == "Unknown" && f.TryGetProperty("missingData", out _));
    }

    [Fact]
    public async Task A_collector_key_of_tenant_A_cannot_change_tenant_Bs_readiness()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await TestApp.StartAsync(backend, time: clock);
        var fixture = await ArrangeAsync(app, clock);
        var before = await app.Reads.GetLatestAsync(T(B), E("hq"), default);
        var forged = Snapshots.Create(B, "hq", collectedAt: DateTimeOffset.UtcNow, sample: Snapshots.Northwind);

        var response = await app.CallAsync(TestApp.Request("POST", $"/api/tenants/{B}/snapshots", body: Snapshots.Bytes(forged), headers: Key(fixture.KeyA)), q => app.Snapshots.SubmitSnapshotAsync(q, B));

        Assert.Equal(403, response.Status);
        Assert.DoesNotContain(B + "\"", response.Text.Replace($"tenant '{B}'", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(0, app.Queue.MessageCount);
        Assert.True(before!.SameAs(await app.Reads.GetLatestAsync(T(B), E("hq"), default)));
    }

    [Fact]
    public async Task Writes_and_administrative_actions_are_audited_with_who_what_which_tenant_and_when()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await TestApp.StartAsync(backend, time: clock);
        var fixture = await ArrangeAsync(app, clock);
        await app.CallAsync(TestApp.Request("POST", $"/api/tenants/{A}/snapshots", body: Snapshots.Bytes(Snapshots.Create(A, "hq")), headers: Key(fixture.KeyA)), q => app.Snapshots.SubmitSnapshotAsync(q, A));
        await app.CallAsync(TestApp.Request("POST", $"/api/tenants/{B}/assessments/{Guid.NewGuid()}/rerun", headers: Bearer(TestTokens.TenantAReader)), q => app.AssessmentApi.RerunAssessmentAsync(q, B, Guid.NewGuid().ToString()));

        var audit = await app.CallAsync(TestApp.Request("GET", "/api/admin/audit", $"tenantId={A}"), q => app.AccessApi.GetAuditLogAsync(q));
        var b = await app.CallAsync(TestApp.Request("GET", "/api/admin/audit", $"tenantId={B}"), q => app.AccessApi.GetAuditLogAsync(q));

        Assert.Equal(200, audit.Status);
        var submit = audit.Json.GetProperty("items").EnumerateArray().First(e => e.GetProperty("action").GetString()!.StartsWith("POST /api/tenants/tenant-a/snapshots", StringComparison.Ordinal));
        Assert.Equal("CollectorKey", submit.GetProperty("principalKind").GetString());
        Assert.Equal(fixture.KeyIdA, submit.GetProperty("keyId").GetString());
        Assert.Equal(202, submit.GetProperty("status").GetInt32());
        Assert.Equal(A, submit.GetProperty("tenantId").GetString());
        var denied = b.Json.GetProperty("items").EnumerateArray().Single(e => e.GetProperty("principalId").GetString() == TestTokens.TenantAReaderId);
        Assert.Equal(403, denied.GetProperty("status").GetInt32());
        Assert.All(audit.Json.GetProperty("items").EnumerateArray(), e => Assert.Equal(A, e.GetProperty("tenantId").GetString()));
    }

    private static async Task<Fixture> ArrangeAsync(TestApp app, Microsoft.Extensions.Time.Testing.FakeTimeProvider clock)
    {
        var snapshotA = Snapshots.Create(A, "hq", sample: Snapshots.Contoso);
        var snapshotB = Snapshots.Create(B, "hq", sample: Snapshots.Fabrikam);
        await app.ProcessAsync(Snapshots.Bytes(snapshotA), TriggerData.For("a", "application/json"));
        await app.ProcessAsync(Snapshots.Bytes(snapshotB), TriggerData.For("b", "application/json"));
        await app.CallAsync(TestApp.Request("PUT", "/x"), q => app.AccessApi.GrantTenantAccessAsync(q, TestTokens.TenantAReaderId, A));
        await app.CallAsync(TestApp.Request("PUT", "/x"), q => app.AccessApi.GrantTenantAccessAsync(q, TestTokens.TenantBReaderId, B));
        var keys = app.Services.GetService(typeof(CollectorKeys)) as CollectorKeys ?? throw new InvalidOperationException();
        var keyA = await keys.IssueAsync(T(A), [], null, "site A", default);
        var revoked = await keys.IssueAsync(T(A), [], null, "revoked", default);
        await keys.RevokeAsync(T(A), revoked.Record.KeyId, default);
        var expiring = await keys.IssueAsync(T(A), [], clock.GetUtcNow().AddMinutes(5), "expires", default);
        var waiver = await app.CallAsync(TestApp.Request("POST", $"/api/tenants/{A}/waivers", body: WaiverBody()), q => app.WaiverApi.CreateWaiverAsync(q, A));
        Assert.Equal(201, waiver.Status);
        clock.Advance(TimeSpan.FromMinutes(10));
        return new Fixture { SnapshotA = Snapshots.Id(snapshotA), KeyA = keyA.Key, KeyIdA = keyA.Record.KeyId, RevokedKey = revoked.Key, ExpiredKey = expiring.Key, WaiverA = waiver.Json.GetProperty("id").GetString()! };
    }

    private static byte[] WaiverBody() =>
        Encoding.UTF8.GetBytes($"{{\"ruleId\":\"VMM-SQL-001\",\"reason\":\"Accepted until the SQL upgrade\",\"expiresAt\":\"{DateTimeOffset.UtcNow.AddDays(30):O}\"}}");

    private static Dictionary<string, string> Bearer(string token) => new() { ["Authorization"] = "Bearer " + token };

    private static Dictionary<string, string> Key(string key) => new() { [CallerAuthenticator.CollectorKeyHeader] = key };
}
