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
/// staleness mark), relative to the start time.
/// </summary>
internal static class DemoData
{
    public const int Environments = 300;
    public const int Tenants = 30;

    public static async Task<(int Environments, int Tenants)> LoadAsync(Uri baseAddress, string operatorToken, TimeProvider time, CancellationToken cancellationToken)
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

        await Parallel.ForEachAsync(snapshots, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (snapshot, ct) =>
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
        }).ConfigureAwait(false);

        // Processed when the portfolio counts every environment (the processor writes the portfolio index last).
        var deadline = time.GetUtcNow().AddMinutes(5);
        while (true)
        {
            using var portfolio = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/readiness?pageSize=1", UriKind.Relative), cancellationToken).ConfigureAwait(false));
            var counted = portfolio.RootElement.GetProperty("totals").GetProperty("environments").GetInt32();
            if (counted >= snapshots.Count)
            {
                return (counted, tenants.Count);
            }

            if (time.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"Only {counted} of {snapshots.Count} demo environments were assessed within 5 minutes.");
            }

            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }
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
