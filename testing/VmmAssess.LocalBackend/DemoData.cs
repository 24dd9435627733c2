using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using VmmAssess.Functions.Api.Security;
using VmmAssess.SnapshotGenerator;

namespace VmmAssess.LocalBackend;

/// <summary>
/// The demo portfolio: the snapshot generator's <see cref="SnapshotFactory.Portfolio"/> sent to this backend's own
/// webhook over HTTP, each tenant with a collector key issued through the admin API (as a site's collector would send
/// it), then processed by the queue trigger. Snapshots were collected over the last 45 days (some are past the 30-day
/// staleness mark), relative to the start time. Every fifth environment was also collected 20 days before that, when
/// its collector could not read the VMM database and it had one host fewer, so its latest assessment shows what
/// changed; and the operator has accepted some risks (waivers) on not-ready environments.
/// </summary>
internal static class DemoData
{
    public const int Environments = 300;
    public const int Tenants = 30;

    /// <summary>Not-ready environments that get a waiver for a failing rule; the first few get one for every failing
    /// rule (an accepted-risk customer that turns ready).</summary>
    private const int WaivedEnvironments = 12;
    private const int FullyWaivedEnvironments = 4;

    public sealed record Loaded(int Environments, int Tenants, int WithHistory, int Waivers);

    public static async Task<Loaded> LoadAsync(Uri baseAddress, string operatorToken, TimeProvider time, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", operatorToken);
        var now = time.GetUtcNow();
        now = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
        var snapshots = SnapshotFactory.Portfolio(Environments, Tenants, seed: 1)
            .Select((s, i) => s with { CollectedAt = now.AddMinutes(-(30 + (i * 7919 % (45 * 24 * 60)))) })
            .ToList();
        var tenants = snapshots.Select(s => s.TenantId).Distinct(StringComparer.Ordinal).ToList();

        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tenant in tenants)
        {
            keys[tenant] = await IssueCollectorKeyAsync(http, tenant, "Demo collector", cancellationToken).ConfigureAwait(false);
        }

        var earlier = snapshots.Where((_, i) => i % 5 == 0)
            .Select(s => s with
            {
                SnapshotId = EarlierId(s.SnapshotId),
                CollectedAt = s.CollectedAt.AddDays(-20),
                Database = null,
                Hosts = s.Hosts is { Count: > 1 } hosts ? hosts.Take(hosts.Count - 1).ToArray() : s.Hosts,
            })
            .ToList();
        await SendAsync(http, earlier, keys, cancellationToken).ConfigureAwait(false);
        await WaitForAsync(http, time, earlier.Count, [], cancellationToken).ConfigureAwait(false);
        await SendAsync(http, snapshots, keys, cancellationToken).ConfigureAwait(false);
        var counted = await WaitForAsync(http, time, snapshots.Count, snapshots.Where((_, i) => i % 5 == 0).ToList(), cancellationToken).ConfigureAwait(false);
        var waivers = await WaiveAsync(http, now, cancellationToken).ConfigureAwait(false);
        return new Loaded(counted, tenants.Count, earlier.Count, waivers);
    }

    /// <summary>A second id for the earlier collection of an environment, derived from the latest's so every run sends
    /// the same data.</summary>
    private static Guid EarlierId(Guid latest)
    {
        var bytes = latest.ToByteArray();
        bytes[15] ^= 0x5A;
        return new Guid(bytes);
    }

    private static Task SendAsync(HttpClient http, IReadOnlyList<Core.Snapshots.Snapshot> snapshots, Dictionary<string, string> keys, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(snapshots, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (snapshot, ct) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/tenants/{snapshot.TenantId}/snapshots")
            {
                Content = new ByteArrayContent(SnapshotFactory.ToUtf8(snapshot)),
            };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Add(CallerAuthenticator.CollectorKeyHeader, keys[snapshot.TenantId]);
            using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                throw new InvalidOperationException($"The webhook answered {(int)response.StatusCode} for {snapshot.TenantId}/{snapshot.EnvironmentId}: {await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false)}");
            }
        });

    /// <summary>
    /// Waits until the portfolio counts <paramref name="environments"/> environments (the processor writes the portfolio
    /// index last) and each of <paramref name="updated"/> is its environment's latest (an environment already counted
    /// whose newer snapshot is still queued).
    /// </summary>
    private static async Task<int> WaitForAsync(HttpClient http, TimeProvider time, int environments, IReadOnlyList<Core.Snapshots.Snapshot> updated, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow().AddMinutes(5);
        var pending = updated.ToList();
        while (true)
        {
            using var portfolio = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/readiness?pageSize=1", UriKind.Relative), cancellationToken).ConfigureAwait(false));
            var counted = portfolio.RootElement.GetProperty("totals").GetProperty("environments").GetInt32();
            if (counted >= environments)
            {
                for (var i = pending.Count - 1; i >= 0; i--)
                {
                    var s = pending[i];
                    using var latest = JsonDocument.Parse(await http.GetStringAsync(new Uri($"/api/tenants/{s.TenantId}/environments/{s.EnvironmentId}/readiness", UriKind.Relative), cancellationToken).ConfigureAwait(false));
                    if (latest.RootElement.GetProperty("snapshotId").GetGuid() == s.SnapshotId)
                    {
                        pending.RemoveAt(i);
                    }
                }

                if (pending.Count == 0)
                {
                    return counted;
                }
            }

            if (time.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"Only {counted} of {environments} demo environments were assessed within 5 minutes ({pending.Count} updates pending).");
            }

            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Waivers through the API, as an operator records accepted risks: one failing rule of each of the first
    /// not-ready environments (in tenant and environment order), every failing rule of the first few; expiries spread
    /// over the next 10 to 120 days, so some are within the 14-day warning. Returns how many were created.</summary>
    private static async Task<int> WaiveAsync(HttpClient http, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var page = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/readiness?readiness=NotReady&pageSize=200", UriKind.Relative), cancellationToken).ConfigureAwait(false));
        var notReady = page.RootElement.GetProperty("items").EnumerateArray()
            .Select(e => (Tenant: e.GetProperty("tenantId").GetString()!, Environment: e.GetProperty("environmentId").GetString()!,
                Rules: e.GetProperty("failingRuleIds").EnumerateArray().Select(r => r.GetString()!).ToArray()))
            .Where(e => e.Rules.Length > 0)
            .OrderBy(e => e.Tenant, StringComparer.Ordinal).ThenBy(e => e.Environment, StringComparer.Ordinal)
            .Take(WaivedEnvironments)
            .ToList();
        string[] reasons =
        [
            "Accepted by the customer's change board until the host refresh",
            "Host is retired after the upgrade; accepted by the service owner",
            "Vendor support case open; workaround in place",
        ];
        var created = 0;
        for (var i = 0; i < notReady.Count; i++)
        {
            var (tenant, environment, rules) = notReady[i];
            foreach (var rule in i < FullyWaivedEnvironments ? rules : rules.Take(1))
            {
                var body = new
                {
                    environmentId = environment,
                    ruleId = rule,
                    reason = reasons[created % reasons.Length],
                    expiresAt = now.AddDays(10 + (created * 37 % 110)),
                    ticket = $"CW-{1040 + created}",
                };
                using var response = await http.PostAsJsonAsync(new Uri($"/api/tenants/{tenant}/waivers", UriKind.Relative), body, cancellationToken).ConfigureAwait(false);
                if (response.StatusCode != HttpStatusCode.Created)
                {
                    throw new InvalidOperationException($"Creating a demo waiver for {tenant}/{environment} {rule} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)}");
                }

                created++;
            }
        }

        return created;
    }

    /// <summary>POST /api/admin/tenants/{t}/collector-keys; the key (shown once).</summary>
    public static async Task<string> IssueCollectorKeyAsync(HttpClient http, string tenant, string description, CancellationToken cancellationToken, IReadOnlyList<string>? environments = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var response = await http.PostAsJsonAsync(new Uri($"/api/admin/tenants/{Uri.EscapeDataString(tenant)}/collector-keys", UriKind.Relative), new { environmentIds = environments ?? [], description }, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Issuing a collector key for {tenant} answered {(int)response.StatusCode}: {body}");
        }

        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("key").GetString()!;
    }
}
