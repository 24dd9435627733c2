using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace VmmAssess.LocalBackend.Tests;

/// <summary>The demo backend as the dashboard and a portal developer use it: the demo portfolio, the browser sign-in
/// cookie, and a token (or collector key) for each kind of caller.</summary>
[Collection(DemoBackendGroup.Name)]
public sealed class DemoBackendTests(DemoBackendFixture fixture)
{
    private const string CookieName = "vmmassess-local-token";
    private LocalBackendProcess Backend => fixture.Backend;

    [Fact]
    public async Task Demo_loads_a_portfolio_of_300_environments_in_30_tenants_through_the_webhook()
    {
        Assert.Contains("Demo data: 300 environments in 30 tenants", Backend.Output, StringComparison.Ordinal);
        using var client = Backend.Client(Backend.OperatorToken);
        var items = await Json.PortfolioAsync(client);
        var demo = items.Where(i => i.GetProperty("tenantId").GetString()!.StartsWith("tenant-", StringComparison.Ordinal)).ToList();
        Assert.Equal(300, demo.Count);
        Assert.Equal(30, demo.Select(i => i.GetProperty("tenantId").GetString()).Distinct().Count());

        // A realistic mix: more than one readiness, and some snapshots past the 30-day staleness mark.
        Assert.True(demo.Select(i => i.GetProperty("readiness").GetString()).Distinct().Count() >= 3);
        var audit = await Json.GetAsync(client, "/api/admin/audit?tenantId=tenant-0007");
        Assert.Contains(audit.GetProperty("items").EnumerateArray(), e => e.GetProperty("action").GetString() == "POST /api/tenants/tenant-0007/snapshots" && e.GetProperty("keyId").ValueKind == JsonValueKind.String);
    }

    [Fact]
    public async Task Opening_the_url_signs_the_browser_in_as_the_operator_and_redirects_to_the_dashboard()
    {
        using var browser = Backend.Client(followRedirects: false);
        using var response = await browser.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/dashboard/", response.Headers.Location!.OriginalString);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith(CookieName + "=", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", cookie, StringComparison.OrdinalIgnoreCase);

        // The cookie alone is the operator's credential: the whole portfolio and an operator-only route.
        var value = cookie.Split(';')[0];
        var totals = await WithCookieAsync(value, "/api/readiness?pageSize=1");
        Assert.Equal(HttpStatusCode.OK, totals.Status);
        Assert.True(totals.Json.GetProperty("totals").GetProperty("environments").GetInt32() >= 300);
        Assert.Equal(HttpStatusCode.OK, (await WithCookieAsync(value, "/api/admin/grants?principalId=" + Guid.NewGuid())).Status);

        // Without it, nobody.
        using var anonymous = await browser.GetAsync(new Uri("/api/readiness", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Sign_in_with_a_tenant_readers_token_shows_that_browser_only_its_tenant()
    {
        var reader = await Run.TokenAsync(Backend, "--role", "TenantReader", "--tenant", "tenant-0011");
        using var browser = Backend.Client(followRedirects: false);
        using var response = await browser.GetAsync(new Uri("/.local/sign-in?token=" + Uri.EscapeDataString(reader) + "&returnUrl=/dashboard/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/dashboard/", response.Headers.Location!.OriginalString);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie")).Split(';')[0];
        Assert.Equal(CookieName + "=" + reader, cookie);

        var page = await WithCookieAsync(cookie, "/api/readiness?pageSize=200");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        var tenants = page.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("tenantId").GetString()!).Distinct().ToList();
        Assert.Equal(["tenant-0011"], tenants);
        Assert.Equal(10, page.Json.GetProperty("totals").GetProperty("environments").GetInt32());
        Assert.Equal(HttpStatusCode.Forbidden, (await WithCookieAsync(cookie, "/api/tenants/tenant-0012/readiness")).Status);

        // A request's own Authorization header wins over the cookie.
        var explicitOperator = await WithCookieAsync(cookie, "/api/readiness?pageSize=1", Backend.OperatorToken);
        Assert.True(explicitOperator.Json.GetProperty("totals").GetProperty("environments").GetInt32() >= 300);
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("eyJhbGciOiJub25lIn0.eyJyb2xlcyI6IlZtbUFzc2Vzcy5PcGVyYXRvciJ9.")]
    public async Task Sign_in_refuses_what_the_local_issuer_did_not_sign(string token)
    {
        using var browser = Backend.Client(followRedirects: false);
        using var response = await browser.GetAsync(new Uri("/.local/sign-in?token=" + Uri.EscapeDataString(token), UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Theory]
    [InlineData("//evil.example/", "/dashboard/")]
    [InlineData("https://evil.example/", "/dashboard/")]
    [InlineData("/\\evil.example", "/dashboard/")]
    [InlineData("/dashboard/tenants/tenant-0001", "/dashboard/tenants/tenant-0001")]
    public async Task Sign_in_returns_only_to_a_path_of_this_site(string returnUrl, string location)
    {
        using var browser = Backend.Client(followRedirects: false);
        using var response = await browser.GetAsync(new Uri($"/.local/sign-in?token={Uri.EscapeDataString(Backend.OperatorToken)}&returnUrl={Uri.EscapeDataString(returnUrl)}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(location, response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Sign_out_forgets_the_cookie()
    {
        using var browser = Backend.Client(followRedirects: false);
        using var response = await browser.GetAsync(new Uri("/.local/sign-out", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith(CookieName + "=;", cookie, StringComparison.Ordinal);
        Assert.Contains("expires=Thu, 01 Jan 1970", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Operator_token_may_administer()
    {
        var token = await Run.TokenAsync(Backend, "--role", "Operator");
        using var client = Backend.Client(token);

        var grants = await Json.GetAsync(client, "/api/admin/grants?principalId=" + Guid.NewGuid());
        Assert.Empty(grants.GetProperty("tenantIds").EnumerateArray());
        Assert.True((await Json.GetAsync(client, "/api/readiness?pageSize=1")).GetProperty("totals").GetProperty("environments").GetInt32() >= 300);
    }

    [Fact]
    public async Task Portfolio_reader_token_reads_every_tenant_and_administers_nothing()
    {
        var token = await Run.TokenAsync(Backend, "--role", "PortfolioReader");
        using var client = Backend.Client(token);

        var items = await Json.PortfolioAsync(client);
        Assert.Equal(30, items.Select(i => i.GetProperty("tenantId").GetString()!).Where(t => t.StartsWith("tenant-", StringComparison.Ordinal)).Distinct().Count());
        using var audit = await client.GetAsync(new Uri("/api/admin/audit", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, audit.StatusCode);
    }

    [Fact]
    public async Task Tenant_reader_token_sees_only_its_tenants()
    {
        var token = await Run.TokenAsync(Backend, "--role", "TenantReader", "--tenant", "tenant-0003", "--tenant", "tenant-0004");
        using var client = Backend.Client(token);

        var items = await Json.PortfolioAsync(client);
        Assert.Equal(20, items.Count);
        Assert.Equal(["tenant-0003", "tenant-0004"], items.Select(i => i.GetProperty("tenantId").GetString()!).Distinct().Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(10, (await Json.GetAsync(client, "/api/tenants/tenant-0003/readiness")).GetProperty("environments").GetArrayLength());
        using var other = await client.GetAsync(new Uri("/api/tenants/tenant-0005/readiness", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);

        // A reader of other tenants is another principal with grants of its own.
        var another = await Run.TokenAsync(Backend, "--role", "TenantReader", "--tenant", "tenant-0005");
        using var anotherClient = Backend.Client(another);
        Assert.Equal(["tenant-0005"], (await Json.PortfolioAsync(anotherClient)).Select(i => i.GetProperty("tenantId").GetString()!).Distinct().ToArray());
    }

    [Fact]
    public async Task Collector_key_submits_for_its_tenant_only()
    {
        var key = await Run.TokenAsync(Backend, "--role", "Collector", "--tenant", "litware");
        Assert.Matches("^vmmak_[0-9a-f]{16}_", key);
        var body = await File.ReadAllBytesAsync(RepoPaths.File("samples", "snapshots", "litware-2012r2-to-2022.json"));
        using var client = Backend.Client();

        using var accepted = await client.SendAsync(Submit("litware", body, key));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        using var foreign = await client.SendAsync(Submit("contoso", body, key));
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);

        // The key is not a reader: it may poll its own tenant's assessment but not read the portfolio.
        using var portfolio = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/readiness") { Headers = { { "X-VmmAssess-Collector-Key", key } } });
        Assert.Equal(HttpStatusCode.Forbidden, portfolio.StatusCode);
    }

    [Fact]
    public async Task Token_command_refuses_what_it_cannot_mint()
    {
        foreach (var arguments in new[] { new[] { "--role", "Nobody" }, ["--role", "TenantReader"], ["--role", "Collector"], ["--role", "Operator", "--tenant", "contoso"] })
        {
            var result = await Run.CommandAsync("bash", [RepoPaths.File("scripts", "local.sh"), "token", .. arguments], new Dictionary<string, string> { ["VMMASSESS_LOCAL_DIR"] = Backend.StateDirectory });
            Assert.True(result.ExitCode == 2, string.Join(' ', arguments) + ": " + result);
            Assert.Equal("", result.Output);
            Assert.Contains("usage:", result.Errors, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Token_command_without_a_running_backend_says_how_to_start_one()
    {
        var empty = Directory.CreateTempSubdirectory("vmmassess-local-none-");
        try
        {
            var result = await Run.CommandAsync("bash", [RepoPaths.File("scripts", "local.sh"), "token", "--role", "TenantReader", "--tenant", "contoso"], new Dictionary<string, string> { ["VMMASSESS_LOCAL_DIR"] = empty.FullName });
            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("the local backend is not running", result.Errors, StringComparison.Ordinal);
            Assert.Contains("bash scripts/local.sh", result.Errors, StringComparison.Ordinal);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    private static HttpRequestMessage Submit(string tenant, byte[] body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/tenants/{tenant}/snapshots") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-VmmAssess-Collector-Key", key);
        return request;
    }

    private async Task<(HttpStatusCode Status, JsonElement Json)> WithCookieAsync(string cookie, string path, string? bearer = null)
    {
        using var client = Backend.Client(bearer);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, body.Length > 0 && body[0] == '{' ? JsonDocument.Parse(body).RootElement.Clone() : default);
    }
}
