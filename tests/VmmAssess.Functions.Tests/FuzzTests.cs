using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using VmmAssess.Functions.Tests.Infrastructure;
using Xunit.Abstractions;

namespace VmmAssess.Functions.Tests;

/// <summary>
/// Seeded fuzzing of both entrances (issue 12): hostile or malformed bodies to the webhook and messages through the
/// processor. Whatever comes in: no 5xx, no exception escaping a function, no message left to dead-letter for a
/// permanent fault (the processor returns), and no row outside the tenant's partition (plus the portfolio and the
/// unattributed partition for messages naming no valid tenant). Same seed, same inputs.
/// </summary>
[Collection(BackendGroup.Name)]
public sealed class FuzzTests(BackendFixture backend, ITestOutputHelper output)
{
    private const int Seed = 20261127;
    private const int Bodies = 1000;
    private const int Messages = 1000;
    private const string Tenant = "fuzz";
    private static readonly DateTimeOffset Enqueued = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);

    private static readonly string[] HostileTexts =
    [
        "", " ", "\u0000", "a\u0000b", "\u001b[31mred", "\u202eevil", "\u2066iso", "x\n", "x\r\n", ".", "..", "...", "a/b", "a\\b", "a#b", "a?b", "a|b", "~t",
        "A" + new string('\u0301', 1000), "A" + new string('\u0301', 20_000), new string('x', 300), new string('é', 257), "\ud83d\ude00", "9999-12-31T23:59:59Z",
        "1600-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-20T10:00:00", "not-a-guid", "00000000-0000-0000-0000-000000000000",
    ];

    private static readonly string[] Fields =
    [
        "tenantId", "environmentId", "snapshotId", "collectedAt", "schemaVersion", "targetVersion", "hosts", "vmm", "database", "collectionErrors", "future",
    ];

    [Fact]
    public async Task Hostile_bodies_and_messages_never_produce_a_5xx_an_escaped_exception_a_dead_letter_or_a_foreign_row()
    {
        await using var app = await TestApp.StartAsync(backend, s => s[AppSettings.ConfigurationKey(AppSettings.SubmissionsPerMinute)] = "100000");
        var random = new Random(Seed);
        var template = Snapshots.Create(Tenant, "hq");

        var statuses = new SortedDictionary<int, int>();
        var escapedHttp = 0;
        for (var i = 0; i < Bodies; i++)
        {
            var (tenant, body, headers) = HostileUpload(random, template);
            try
            {
                // The route value is passed as the host would bind it; the request path only shows in the problem's "instance".
                var request = TestApp.Request("POST", "/api/tenants/fuzz/snapshots", body: body, headers: headers);
                if (headers.TryGetValue("Content-Type", out var contentType))
                {
                    request.ContentType = contentType;
                }

                var response = await app.CallAsync(request, r => app.Snapshots.SubmitSnapshotAsync(r, tenant));
                statuses[response.Status] = statuses.GetValueOrDefault(response.Status) + 1;
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
            {
                escapedHttp++;
                output.WriteLine($"webhook body {i} escaped: {ex.GetType().Name}: {ex.Message}");
            }
        }

        var outcomes = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var thrown = 0;
        for (var i = 0; i < Messages; i++)
        {
            var (body, contentType, properties) = HostileMessage(random, template);
            try
            {
                var outcome = await app.ProcessAsync(body, TriggerData.For($"fuzz-{i}", contentType, properties, enqueuedTime: Enqueued));
                outcomes[outcome.Status.ToString()] = outcomes.GetValueOrDefault(outcome.Status.ToString()) + 1;
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
            {
                // On the host this message would be redelivered and finally dead-lettered, although nothing will change.
                thrown++;
                output.WriteLine($"message {i} threw: {ex.GetType().Name}: {ex.Message}");
            }
        }

        var foreign = new List<string>();
        await foreach (var row in app.Table.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
        {
            // A message that names another (syntactically valid) tenant is recorded in that tenant's partition; nothing else may appear.
            var namedTenant = HostileTexts.Contains(row.PartitionKey, StringComparer.Ordinal) && TenantId.TryParse(row.PartitionKey, out _);
            if (row.PartitionKey is not (Tenant or "~portfolio" or "~unattributed" or "~audit") && !namedTenant)
            {
                foreign.Add($"{row.PartitionKey} / {row.RowKey}");
            }
        }

        var fiveHundreds = statuses.Where(s => s.Key >= 500).Sum(s => s.Value);
        output.WriteLine($"seed {Seed}: {Bodies} webhook bodies -> {string.Join(", ", statuses.Select(s => $"{s.Key}: {s.Value}"))}; 5xx {fiveHundreds}; escaped {escapedHttp}");
        output.WriteLine($"seed {Seed}: {Messages} messages -> {string.Join(", ", outcomes.Select(o => $"{o.Key}: {o.Value}"))}; thrown (would dead-letter) {thrown}");
        output.WriteLine($"rows outside the tenant partition: {foreign.Count}");
        foreach (var row in foreign.Take(20))
        {
            output.WriteLine("  foreign row: " + row);
        }
        Console.WriteLine($"[fuzz] seed {Seed}: webhook {string.Join(", ", statuses.Select(s => $"{s.Key}: {s.Value}"))}; processor {string.Join(", ", outcomes.Select(o => $"{o.Key}: {o.Value}"))}; thrown {thrown}; foreign rows {foreign.Count}");

        Assert.Equal(0, fiveHundreds);
        Assert.Equal(0, escapedHttp);
        Assert.Equal(0, thrown);
        Assert.Empty(foreign);
        Assert.Equal(Bodies, statuses.Values.Sum());
        Assert.Equal(Messages, outcomes.Values.Sum());
        // The fuzzer must reach both sides: some inputs accepted, most refused.
        Assert.True(statuses.GetValueOrDefault(202) > 0 && statuses.GetValueOrDefault(400) > 0, string.Join(", ", statuses));
        Assert.True(outcomes.GetValueOrDefault("Completed") > 0 && outcomes.GetValueOrDefault("Rejected") > 0, string.Join(", ", outcomes));
    }

    private static (string Tenant, byte[] Body, Dictionary<string, string> Headers) HostileUpload(Random random, JsonObject template)
    {
        var headers = new Dictionary<string, string>();
        var tenant = random.Next(20) == 0 ? Pick(random, HostileTexts) : Tenant;
        var json = HostileJson(random, template);
        switch (random.Next(12))
        {
            case 0:
                headers["Content-Type"] = Pick(random, ["text/plain", "application/x-www-form-urlencoded", "application/xml", "application/json; charset=latin1", "", "application/json;;"]);
                break;
            case 1:
                headers["Content-Encoding"] = "gzip";
                return (tenant, Snapshots.Gzip(json), headers);
            case 2:
                headers["Content-Encoding"] = "gzip";
                var gzip = Snapshots.Gzip(json);
                gzip[random.Next(gzip.Length)] ^= (byte)random.Next(1, 256);
                return (tenant, gzip, headers);
            case 3:
                headers["Content-Encoding"] = Pick(random, ["br", "deflate", "gzip, gzip", "x"]);
                break;
            case 4:
                headers["Idempotency-Key"] = Pick(random, ["k\n", "k k", new string('k', 200), "ok-key"]);
                break;
        }

        return (tenant, json, headers);
    }

    private static (byte[] Body, string? ContentType, Dictionary<string, object> Properties) HostileMessage(Random random, JsonObject template)
    {
        var properties = new Dictionary<string, object>();
        if (random.Next(4) == 0)
        {
            properties[Pick(random, [SnapshotEnvelope.TenantIdProperty, SnapshotEnvelope.EnvironmentIdProperty, SnapshotEnvelope.SnapshotIdProperty, SnapshotEnvelope.RerunProperty, SnapshotEnvelope.ContentEncodingProperty])] = Pick(random, HostileTexts);
        }

        var json = HostileJson(random, template);
        switch (random.Next(10))
        {
            case 0:
                return (Snapshots.Gzip(json), "application/gzip", properties);
            case 1:
                var gzip = Snapshots.Gzip(json);
                gzip[random.Next(gzip.Length)] ^= (byte)random.Next(1, 256);
                return (gzip, "application/gzip", properties);
            case 2:
                var claim = new JsonObject { ["tenantId"] = random.Next(2) == 0 ? Tenant : Pick(random, HostileTexts), ["snapshotId"] = random.Next(2) == 0 ? NewGuid(random).ToString("D") : Pick(random, HostileTexts), ["environmentId"] = Pick(random, ["hq", .. HostileTexts]) };
                return (Encoding.UTF8.GetBytes(claim.ToJsonString()), SnapshotEnvelope.ClaimCheckContentType, properties);
            case 3:
                return (json, Pick(random, ["text/plain", "", "application/octet-stream"]), properties);
            default:
                return (json, "application/json", properties);
        }
    }

    /// <summary>A snapshot with one to three hostile edits: a field set to hostile text or a wrong type, a duplicated
    /// property, byte flips, truncation, deep nesting, or plain garbage.</summary>
    private static byte[] HostileJson(Random random, JsonObject template)
    {
        var snapshot = (JsonObject)template.DeepClone();
        snapshot["snapshotId"] = NewGuid(random).ToString("D");
        if (random.Next(6) == 0)
        {
            return Encoding.UTF8.GetBytes(snapshot.ToJsonString()); // valid: some inputs must be accepted
        }

        for (var edits = random.Next(1, 4); edits > 0; edits--)
        {
            var field = Pick(random, Fields);
            JsonNode? value = random.Next(5) switch
            {
                0 => JsonValue.Create(random.Next()),
                1 => null,
                2 => new JsonArray(JsonValue.Create(Pick(random, HostileTexts))),
                _ => JsonValue.Create(Pick(random, HostileTexts)),
            };
            if (field == "hosts" && random.Next(2) == 0 && snapshot["hosts"] is JsonArray { Count: > 0 } hosts && hosts[0] is JsonObject host)
            {
                host["name"] = JsonValue.Create(Pick(random, HostileTexts));
            }
            else
            {
                snapshot[field] = value;
            }
        }

        var bytes = Encoding.UTF8.GetBytes(snapshot.ToJsonString());
        switch (random.Next(8))
        {
            case 0:
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                return bytes;
            case 1:
                return bytes[..random.Next(bytes.Length)];
            case 2:
                return Encoding.UTF8.GetBytes("{\"tenantId\":\"other\"," + Encoding.UTF8.GetString(bytes)[1..]);
            case 3:
                var depth = random.Next(30, 200);
                return Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("[", depth)) + string.Concat(Enumerable.Repeat("]", depth)));
            case 4:
                var garbage = new byte[random.Next(0, 512)];
                random.NextBytes(garbage);
                return garbage;
            default:
                return bytes;
        }
    }

    private static Guid NewGuid(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];
}
