using System.Text;
using System.Text.Json;
using VmmAssess.Functions.Api.Security;
using VmmAssess.Functions.Configuration;
using VmmAssess.Functions.Tests.Infrastructure;

namespace VmmAssess.Functions.Tests;

/// <summary>
/// The dashboard in Azure: App Service Authentication (Easy Auth) signs the person in and passes the platform's
/// <c>X-MS-CLIENT-PRINCIPAL</c> header, the claims of their ID token. Only trusted when the app says Easy Auth runs in
/// front of it; the same roles and grants apply as to a bearer token; a person is audited as a user.
/// </summary>
[Collection(BackendGroup.Name)]
public sealed class EasyAuthTests(BackendFixture backend)
{
    private const string PersonId = "0b000000-0000-0000-0000-00000000000a";

    [Fact]
    public async Task A_signed_in_tenant_reader_reads_its_granted_tenant_and_no_other()
    {
        await using var app = await StartAsync(easyAuth: true);
        await app.ProcessAsync(Snapshots.Bytes(Snapshots.Create("contoso", "hq", sample: Snapshots.Contoso)), TriggerData.For("a", "application/json"));
        await app.ProcessAsync(Snapshots.Bytes(Snapshots.Create("fabrikam", "hq", sample: Snapshots.Fabrikam)), TriggerData.For("b", "application/json"));
        Assert.Equal(204, (await app.CallAsync(TestApp.Request("PUT", "/x"), q => app.AccessApi.GrantTenantAccessAsync(q, PersonId, "contoso"))).Status);
        var session = Session(PersonId, "VmmAssess.Tenant.Read");

        var own = await app.CallAsync(Request("GET", "/api/tenants/contoso/readiness", session), q => app.ReadinessApi.GetTenantReadinessAsync(q, "contoso"));
        var other = await app.CallAsync(Request("GET", "/api/tenants/fabrikam/readiness", session), q => app.ReadinessApi.GetTenantReadinessAsync(q, "fabrikam"));
        var portfolio = await app.CallAsync(Request("GET", "/api/readiness", session), q => app.ReadinessApi.GetPortfolioAsync(q));

        Assert.Equal(200, own.Status);
        Assert.Equal(1, own.Json.GetProperty("totals").GetProperty("environments").GetInt32());
        Assert.Equal(403, other.Status);
        Assert.False(other.Json.TryGetProperty("environments", out _), "a refusal carries no tenant data");
        Assert.Equal(200, portfolio.Status);
        Assert.Equal(["contoso"], portfolio.Json.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("tenantId").GetString()).Distinct());
    }

    [Fact]
    public async Task A_signed_in_operator_is_audited_as_the_person_not_as_an_application()
    {
        await using var app = await StartAsync(easyAuth: true);

        var created = await app.CallAsync(
            Request("POST", "/api/tenants/contoso/waivers", Session(PersonId, "VmmAssess.Operator"), WaiverTests.Body("VMM-SQL-001", DateTimeOffset.UtcNow.AddDays(30))),
            q => app.WaiverApi.CreateWaiverAsync(q, "contoso"));
        Assert.Equal(201, created.Status);
        Assert.Equal(PersonId, created.Json.GetProperty("createdBy").GetString());
        var waiverByApplication = await app.CallAsync(
            Request("POST", "/api/tenants/contoso/waivers", Session("0c000000-0000-0000-0000-00000000000c", "VmmAssess.Operator", person: false), WaiverTests.Body("VMM-SQL-002", DateTimeOffset.UtcNow.AddDays(30))),
            q => app.WaiverApi.CreateWaiverAsync(q, "contoso"));
        Assert.Equal(201, waiverByApplication.Status);

        var audit = await app.CallAsync(TestApp.Request("GET", "/api/admin/audit", "tenantId=contoso"), q => app.AccessApi.GetAuditLogAsync(q));
        var kinds = audit.Json.GetProperty("items").EnumerateArray().ToDictionary(e => e.GetProperty("principalId").GetString()!, e => e.GetProperty("principalKind").GetString());
        Assert.Equal("User", kinds[PersonId]);
        Assert.Equal("Application", kinds["0c000000-0000-0000-0000-00000000000c"]);
    }

    [Fact]
    public async Task The_platform_header_is_not_trusted_when_Easy_Auth_is_not_in_front_of_the_app()
    {
        await using var app = await StartAsync(easyAuth: false);

        var response = await app.CallAsync(Request("GET", "/api/readiness", Session(PersonId, "VmmAssess.Operator")), q => app.ReadinessApi.GetPortfolioAsync(q));

        Assert.Equal(401, response.Status);
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("eyJub3QiOiJjbGFpbXMifQ==")] // {"not":"claims"}
    public async Task A_malformed_platform_header_is_refused_with_401(string header)
    {
        await using var app = await StartAsync(easyAuth: true);

        var response = await app.CallAsync(Request("GET", "/api/readiness", header), q => app.ReadinessApi.GetPortfolioAsync(q));

        Assert.Equal(401, response.Status);
        Assert.Contains("client principal header is malformed", response.Text, StringComparison.Ordinal);
    }

    private Task<TestApp> StartAsync(bool easyAuth) =>
        TestApp.StartAsync(backend, settings => settings[AppSettings.ConfigurationKey(AppSettings.AuthEasyAuthEnabled)] = easyAuth ? "true" : "false");

    /// <summary>The header as App Service Authentication writes it for a person's session (ID token claims, roles under
    /// <c>role_typ</c>), or for an application's token (no name, <c>idtyp=app</c>).</summary>
    private static string Session(string objectId, string role, bool person = true)
    {
        var claims = new List<object>
        {
            new { typ = "http://schemas.microsoft.com/identity/claims/objectidentifier", val = objectId },
            new { typ = "roles", val = role },
        };
        claims.AddRange(person
            ? [new { typ = "name", val = "Alex Example" }, new { typ = "preferred_username", val = "alex@msp.example" }]
            : [new { typ = "idtyp", val = "app" }]);
        var principal = new { auth_typ = "aad", name_typ = "name", role_typ = "roles", claims };
        return Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(principal));
    }

    private static Microsoft.AspNetCore.Http.HttpRequest Request(string method, string path, string principal, string? body = null) =>
        TestApp.Request(method, path, body: body is null ? null : Encoding.UTF8.GetBytes(body), headers: new Dictionary<string, string> { [CallerAuthenticator.EasyAuthPrincipalHeader] = principal }, anonymous: true);
}
