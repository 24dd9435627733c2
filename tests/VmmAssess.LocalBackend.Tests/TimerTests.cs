using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace VmmAssess.LocalBackend.Tests;

/// <summary>The app's timer functions run in the local backend: on their schedules, and now through
/// <c>POST /admin/functions/{name}</c>, so a waiver's expiry turns readiness back locally as it does in Azure.</summary>
[Collection(DemoBackendGroup.Name)]
public sealed class TimerTests(DemoBackendFixture fixture)
{
    private LocalBackendProcess Backend => fixture.Backend;

    [Fact]
    public void Startup_names_every_timer_function_with_its_next_run()
    {
        foreach (var timer in new[] { "ApplyRetention", "HealingSweep", "WaiverExpirySweep" })
        {
            Assert.Matches($@"{timer} \(next \d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d UTC\)", Backend.Output);
        }
    }

    [Fact]
    public async Task A_waiver_that_expires_stops_applying_when_the_expiry_sweep_runs()
    {
        using var client = Backend.Client(Backend.OperatorToken);
        // A not-ready environment whose readiness hangs on one failing blocker: waiving it moves the readiness.
        var (tenant, environment, rule, before) = await OneBlockerEnvironmentAsync(client);
        var expiresAt = DateTimeOffset.UtcNow.AddSeconds(3);
        using var created = await client.PostAsJsonAsync(new Uri($"/api/tenants/{tenant}/waivers", UriKind.Relative),
            new { environmentId = environment, ruleId = rule, reason = "Short-lived test waiver", expiresAt });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var waived = await Json.GetAsync(client, $"/api/tenants/{tenant}/environments/{environment}/readiness");
        Assert.NotEqual(before, waived.GetProperty("readiness").GetString());

        await Task.Delay(expiresAt - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1));
        using var run = await client.PostAsync(new Uri("/admin/functions/WaiverExpirySweep", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        var answer = JsonDocument.Parse(await run.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("WaiverExpirySweep", answer.GetProperty("function").GetString());
        Assert.True(answer.GetProperty("nextRun").GetDateTimeOffset() > DateTimeOffset.UtcNow);
        var latest = await Json.GetAsync(client, $"/api/tenants/{tenant}/environments/{environment}/readiness");
        Assert.Equal(before, latest.GetProperty("readiness").GetString());
        var assessment = await Json.GetAsync(client, $"/api/tenants/{tenant}/assessments/{latest.GetProperty("snapshotId").GetString()}");
        var finding = assessment.GetProperty("result").GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("ruleId").GetString() == rule);
        Assert.False(finding.TryGetProperty("waiver", out _));
    }

    [Fact]
    public async Task Running_a_function_is_for_operators_and_names_the_timers_when_the_name_is_wrong()
    {
        using var anonymous = Backend.Client();
        using var reader = Backend.Client(await Run.TokenAsync(Backend, "--role", "PortfolioReader"));
        using var operatorClient = Backend.Client(Backend.OperatorToken);

        using var noCredential = await anonymous.PostAsync(new Uri("/admin/functions/ApplyRetention", UriKind.Relative), null);
        using var notOperator = await reader.PostAsync(new Uri("/admin/functions/ApplyRetention", UriKind.Relative), null);
        using var unknown = await operatorClient.PostAsync(new Uri("/admin/functions/ProcessSnapshot", UriKind.Relative), null);
        using var retention = await operatorClient.PostAsync(new Uri("/admin/functions/ApplyRetention", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.Unauthorized, noCredential.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, notOperator.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("timers: ApplyRetention, HealingSweep, WaiverExpirySweep", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, retention.StatusCode);
        // Fresh demo data is younger than the retention period: nothing to remove.
        Assert.Equal("0", JsonDocument.Parse(await retention.Content.ReadAsStringAsync()).RootElement.GetProperty("result").GetString());
    }

    private static async Task<(string Tenant, string Environment, string Rule, string Readiness)> OneBlockerEnvironmentAsync(HttpClient client)
    {
        var page = await Json.GetAsync(client, "/api/readiness?readiness=NotReady&pageSize=200");
        foreach (var item in page.GetProperty("items").EnumerateArray().Reverse())
        {
            var tenant = item.GetProperty("tenantId").GetString()!;
            var assessment = await Json.GetAsync(client, $"/api/tenants/{tenant}/assessments/{item.GetProperty("snapshotId").GetString()}");
            var blockers = assessment.GetProperty("result").GetProperty("findings").EnumerateArray()
                .Where(f => f.GetProperty("status").GetString() == "Fail" && f.GetProperty("severity").GetString() == "Blocker" && !f.TryGetProperty("waiver", out _))
                .ToList();
            if (blockers.Count == 1)
            {
                return (tenant, item.GetProperty("environmentId").GetString()!, blockers[0].GetProperty("ruleId").GetString()!, "NotReady");
            }
        }

        throw new InvalidOperationException("The demo data has no not-ready environment with exactly one failing blocker.");
    }
}
