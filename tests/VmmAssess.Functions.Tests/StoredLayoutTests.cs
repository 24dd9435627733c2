using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.Extensions.Time.Testing;
using VmmAssess.Functions.Tests.Infrastructure;

namespace VmmAssess.Functions.Tests;

/// <summary>
/// The stored table layout is a contract with every deployment's existing data. <c>TestData/stored-layout-v1.json</c>
/// holds the rows that version 1 of the app (before the layered restructuring) wrote for a fixed scenario, and
/// <c>TestData/stored-layout-v1-api.json</c> what its API answered over them; those rows must keep reading into the
/// same answers. <c>TestData/stored-layout-v2.json</c> holds what today's code writes for the same scenario: layout v2
/// differs from v1 only in completed assessments, whose whole result (summary and findings) is one document on the
/// header ("S", with <c>FindingRows</c> 0) instead of a summary plus one <c>a|{id}|f|{n}</c> row per finding; read
/// back, v2 rows give exactly v1's answers. Regenerate only for a deliberate layout change (with a migration or a
/// reader for the old rows): <c>VMMASSESS_UPDATE_LAYOUT=1 dotnet test tests/VmmAssess.Functions.Tests --filter StoredLayout</c>
/// (rewrites the v2 rows; the v1 files change only when the v1 answers do).
/// </summary>
[Collection(BackendGroup.Name)]
public sealed class StoredLayoutTests(BackendFixture backend)
{
    private const string UpdateVariable = "VMMASSESS_UPDATE_LAYOUT";
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 30, 0, TimeSpan.Zero);
    private static readonly Guid Queued = Guid.Parse("6a0f3c1e-2b4d-4c8e-9f10-0a1b2c3d4e01");
    private static readonly Guid Latest = Guid.Parse("6a0f3c1e-2b4d-4c8e-9f10-0a1b2c3d4e02");
    private static readonly Guid Older = Guid.Parse("6a0f3c1e-2b4d-4c8e-9f10-0a1b2c3d4e03");
    private static readonly Guid Invalid = Guid.Parse("6a0f3c1e-2b4d-4c8e-9f10-0a1b2c3d4e04");

    private static string V1RowsPath => RepoPaths.File("tests", "VmmAssess.Functions.Tests", "TestData", "stored-layout-v1.json");

    private static string V2RowsPath => RepoPaths.File("tests", "VmmAssess.Functions.Tests", "TestData", "stored-layout-v2.json");

    private static string ApiPath => RepoPaths.File("tests", "VmmAssess.Functions.Tests", "TestData", "stored-layout-v1-api.json");

    [Fact]
    public async Task Todays_code_writes_the_rows_of_layout_version_2()
    {
        await using var app = await StartAsync();
        await WriteScenarioAsync(app);
        var rows = WithoutLaterColumns(await DumpAsync(app.Table), out var later);
        // What came later is appended, never in place of a version 1 column: every completed assessment's header
        // carries its comparison, every history row its digest (and nothing else was added).
        Assert.Equal(
            ["a Changes00", "a ChangesColumns", "a ChangesLength", "h ChangeDigest"],
            later.Where(c => !c.EndsWith("01", StringComparison.Ordinal)).Distinct().Order(StringComparer.Ordinal).ToArray());
        Assert.Equal((2 * 3) + 2, later.Count(c => !c.EndsWith("01", StringComparison.Ordinal)));

        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            await File.WriteAllTextAsync(V2RowsPath, rows.ToJsonString(Indented) + "\n");
        }

        var expected = JsonNode.Parse(await File.ReadAllTextAsync(V2RowsPath))!;
        if (RulePackOf(expected) == Core.Rules.RuleCatalog.CurrentRulePackVersion)
        {
            Assert.Equal(Canonical(expected), Canonical(rows));
        }
        else
        {
            // A new rule pack changes findings and readiness, not the layout: compare the kinds of rows and their columns.
            Assert.Equal(Columns(expected), Columns(rows));
        }

        Assert.DoesNotContain(rows, r => ((string)r!["RowKey"]!).Contains("|f|", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Layout_version_2_differs_from_version_1_only_in_where_completed_findings_are()
    {
        var v1 = Columns(JsonNode.Parse(await File.ReadAllTextAsync(V1RowsPath))!).Split('\n');
        var v2 = Columns(JsonNode.Parse(await File.ReadAllTextAsync(V2RowsPath))!).Split('\n');
        var removed = v1.Except(v2).ToList();
        var added = v2.Except(v1).ToList();

        // Gone: the finding rows. Changed: the completed header gains FindingRows. Every other kind of row is identical.
        Assert.Contains(removed, k => k.StartsWith("{tenant} a|f ", StringComparison.Ordinal));
        Assert.All(removed, k => Assert.True(k.StartsWith("{tenant} a|f ", StringComparison.Ordinal) || k.StartsWith(CompletedHeader, StringComparison.Ordinal), k));
        var header = Assert.Single(added);
        Assert.StartsWith(CompletedHeader, header, StringComparison.Ordinal);
        Assert.Equal(Assert.Single(removed, k => k.StartsWith(CompletedHeader, StringComparison.Ordinal)), header.Replace("FindingRows:Edm.Int32,", "", StringComparison.Ordinal));
    }

    /// <summary>The kind of a Completed header (the only header with AssessedAt, which sorts first among its columns).</summary>
    private const string CompletedHeader = "{tenant} a AssessedAt:";

    [Fact]
    public async Task Rows_written_by_version_1_are_read_into_the_same_answers()
    {
        await using var app = await StartAsync();
        await LoadAsync(app, V1RowsPath);

        var answers = await ReadAnswersAsync(app);
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            await File.WriteAllTextAsync(ApiPath, WithoutLaterAdditions(answers).ToJsonString(Indented) + "\n");
        }

        var expected = JsonNode.Parse(await File.ReadAllTextAsync(ApiPath))!;
        Assert.Equal(expected.ToJsonString(), WithoutLaterAdditions(answers).ToJsonString());
    }

    /// <summary>Columns added since version 1 (the comparison with the previous assessment, issue 14: the header's
    /// <c>Changes</c> binary columns and the history row's <c>ChangeDigest</c>), removed from a dump and listed (row kind
    /// and column) in <paramref name="removed"/>; rows version 1 wrote without them still read (the test below).</summary>
    private static JsonArray WithoutLaterColumns(JsonArray rows, out List<string> removed)
    {
        removed = [];
        foreach (var row in rows)
        {
            var kind = ((string)row!["RowKey"]!).Split('|')[0];
            var properties = row["Properties"]!.AsObject();
            foreach (var name in properties.Select(p => p.Key).Where(k => k.StartsWith(DeltaColumnsPrefix, StringComparison.Ordinal) || k == "ChangeDigest").ToList())
            {
                properties.Remove(name);
                removed.Add($"{kind} {name}");
            }
        }

        return rows;
    }

    private const string DeltaColumnsPrefix = "Changes";
    [Fact]
    public async Task The_same_assessments_stored_in_layout_version_1_and_version_2_are_read_into_the_same_answers()
    {
        var v2 = JsonNode.Parse(await File.ReadAllTextAsync(V2RowsPath))!.AsArray();
        var v1 = ToVersion1(v2);
        // The conversion gives exactly the kinds of rows and columns version 1 wrote.
        Assert.Equal(Columns(JsonNode.Parse(await File.ReadAllTextAsync(V1RowsPath))!), Columns(v1));
        Assert.Contains(v1, r => ((string)r!["RowKey"]!).Contains("|f|", StringComparison.Ordinal));

        async Task<string> AnswersAsync(JsonArray rows)
        {
            await using var app = await StartAsync();
            foreach (var entity in Load(rows))
            {
                await app.Table.AddEntityAsync(entity);
            }

            return (await ReadAnswersAsync(app)).ToJsonString();
        }

        var fromV1 = await AnswersAsync(v1);
        Assert.Contains("\"findings\":[{", fromV1, StringComparison.Ordinal);
        Assert.Equal(fromV1, await AnswersAsync(v2));
    }

    /// <summary>Layout v2 rows rewritten as version 1 stored them: each completed header's result document split into
    /// the summary (without findings) and one <c>a|{id}|f|{n}</c> row per finding.</summary>
    private static JsonArray ToVersion1(JsonArray v2)
    {
        static JsonObject Document(byte[] json)
        {
            using var output = new MemoryStream();
            using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
            {
                gzip.Write(json);
            }

            var bytes = output.ToArray();
            return new JsonObject { ["Edm.Binary"] = Convert.ToBase64String(bytes) };
        }

        var v1 = new JsonArray();
        foreach (var row in v2.Select(r => r!.DeepClone().AsObject()))
        {
            var properties = row["Properties"]!.AsObject();
            if (properties["FindingRows"]?["Edm.Int32"] is { } findingRows && (int)findingRows == 0)
            {
                Assert.Equal(1, (int)properties["SColumns"]!["Edm.Int32"]!);
                var result = JsonNode.Parse(Gunzip(Convert.FromBase64String((string)properties["S00"]!["Edm.Binary"]!)))!.AsObject();
                var findings = result["findings"]!.AsArray().Select(f => f!.DeepClone().AsObject()).ToList();
                result["findings"] = new JsonArray();
                var summary = Encoding.UTF8.GetBytes(result.ToJsonString());
                properties["S00"] = Document(summary);
                properties["SLength"] = new JsonObject { ["Edm.Int32"] = Gzipped(summary) };
                properties.Remove("FindingRows");
                v1.Add(row);
                for (var i = 0; i < findings.Count; i++)
                {
                    var json = Encoding.UTF8.GetBytes(findings[i].ToJsonString());
                    v1.Add(new JsonObject
                    {
                        ["PartitionKey"] = (string)row["PartitionKey"]!,
                        ["RowKey"] = $"{(string)row["RowKey"]!}|f|{i:D4}",
                        ["Properties"] = new JsonObject
                        {
                            ["D00"] = Document(json),
                            ["DColumns"] = new JsonObject { ["Edm.Int32"] = 1 },
                            ["DLength"] = new JsonObject { ["Edm.Int32"] = Gzipped(json) },
                            ["Kind"] = new JsonObject { ["Edm.String"] = "finding" },
                            ["RuleId"] = new JsonObject { ["Edm.String"] = (string)findings[i]["ruleId"]! },
                            ["Severity"] = new JsonObject { ["Edm.String"] = (string)findings[i]["severity"]! },
                            ["Status"] = new JsonObject { ["Edm.String"] = (string)findings[i]["status"]! },
                        },
                    });
                }
            }
            else
            {
                v1.Add(row);
            }
        }

        return v1;

        static int Gzipped(byte[] json) => Convert.FromBase64String((string)Document(json)["Edm.Binary"]!).Length;
    }

    [Fact]
    public async Task A_version_1_assessment_assessed_again_is_stored_in_layout_version_2_without_its_old_finding_rows()
    {
        await using var app = await StartAsync();
        await LoadAsync(app, V1RowsPath);
        var prefix = $"a|{Latest:D}|f|";
        var before = await FindingRowKeysAsync(app, prefix);
        Assert.NotEmpty(before);
        var answered = await app.CallAsync(TestApp.Request("GET", $"/api/tenants/contoso/assessments/{Latest:D}"), r => app.AssessmentApi.GetAssessmentAsync(r, "contoso", Latest.ToString("D")));

        Assert.Equal(202, (await app.CallAsync(TestApp.Request("POST", $"/api/tenants/contoso/assessments/{Latest:D}/rerun"), r => app.AssessmentApi.RerunAssessmentAsync(r, "contoso", Latest.ToString("D")))).Status);
        var outcome = Assert.Single(await app.DrainQueueAsync(1));
        Assert.Equal(ProcessingStatus.Completed, outcome.Status);

        Assert.Empty(await FindingRowKeysAsync(app, prefix));
        var header = (await app.Table.GetEntityAsync<TableEntity>("contoso", $"a|{Latest:D}")).Value;
        Assert.Equal(0, header.GetInt32("FindingRows"));
        var reread = await app.CallAsync(TestApp.Request("GET", $"/api/tenants/contoso/assessments/{Latest:D}"), r => app.AssessmentApi.GetAssessmentAsync(r, "contoso", Latest.ToString("D")));
        var findings = reread.Json.GetProperty("result").GetProperty("findings");
        Assert.Equal(header.GetInt32("FindingCount"), findings.GetArrayLength());
        Assert.True(findings.GetArrayLength() > 0);
        Assert.Equal(Core.Rules.RuleCatalog.CurrentRulePackVersion, reread.Json.GetProperty("result").GetProperty("rulePackVersion").GetString());
        // The v1 answer had as many findings as rows; the rule pack of the fixture may be older, so the rule ids are
        // compared only for the rules both packs have.
        var oldIds = answered.Json.GetProperty("result").GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("ruleId").GetString()).ToList();
        Assert.Equal(before.Count, oldIds.Count);
        var newIds = findings.EnumerateArray().Select(f => f.GetProperty("ruleId").GetString()).ToList();
        Assert.Equal(oldIds.Intersect(newIds), newIds.Intersect(oldIds));
    }

    private static async Task<List<string>> FindingRowKeysAsync(TestApp app, string prefix)
    {
        var keys = new List<string>();
        await foreach (var e in app.Table.QueryAsync<TableEntity>(e => e.PartitionKey == "contoso" && e.RowKey.CompareTo(prefix) >= 0 && e.RowKey.CompareTo(prefix + "~") < 0, select: ["RowKey"]))
        {
            keys.Add(e.RowKey);
        }

        return keys;
    }

    private static async Task LoadAsync(TestApp app, string rowsPath)
    {
        foreach (var entity in Load(JsonNode.Parse(await File.ReadAllTextAsync(rowsPath))!.AsArray()))
        {
            await app.Table.AddEntityAsync(entity);
        }
    }

    /// <summary>The answers without what the API has added since version 1 (the snapshot's age at reading): additions
    /// are compatible, everything version 1 answered must stay exactly as it was.</summary>
    private static JsonNode WithoutLaterAdditions(JsonNode answers)
    {
        var copy = answers.DeepClone();
        void Strip(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o:
                    o.Remove("snapshotAgeDays");
                    o.Remove("snapshotStale");
                    foreach (var (_, child) in o.ToList())
                    {
                        Strip(child);
                    }

                    break;
                case JsonArray a:
                    foreach (var child in a)
                    {
                        Strip(child);
                    }

                    break;
            }
        }

        Strip(copy);
        return copy;
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private Task<TestApp> StartAsync() => TestApp.StartAsync(backend, time: new FakeTimeProvider(Now));

    /// <summary>One environment with two completed assessments, a queued webhook upload with an idempotency key, a
    /// rejected snapshot of a known tenant and an unattributed message.</summary>
    private static async Task WriteScenarioAsync(TestApp app)
    {
        var queued = Snapshots.Create("contoso", "hq", Now.AddHours(-2), Queued, Snapshots.Contoso);
        Assert.Equal(202, (await app.SubmitAsync("contoso", Snapshots.Bytes(queued), new Dictionary<string, string> { ["Idempotency-Key"] = "upload-1" })).Status);

        var latest = Snapshots.Create("contoso", "branch", Now.AddDays(-1), Latest, Snapshots.Fabrikam);
        var older = Snapshots.Create("contoso", "branch", Now.AddDays(-9), Older, Snapshots.Fabrikam);
        await app.ProcessAsync(Snapshots.Bytes(latest), TriggerData.For("m1", "application/json", enqueuedTime: Now.AddMinutes(-20)));
        await app.ProcessAsync(Snapshots.Gzip(Snapshots.Bytes(older)), TriggerData.For("m2", "application/gzip", enqueuedTime: Now.AddMinutes(-10)));

        var invalid = Snapshots.Create("contoso", "lab", Now.AddDays(-2), Invalid, Snapshots.Northwind);
        invalid["targetVersion"] = 2031;
        await app.ProcessAsync(Snapshots.Bytes(invalid), TriggerData.For("m3", "application/json", enqueuedTime: Now.AddMinutes(-5)));
        await app.ProcessAsync(Encoding.UTF8.GetBytes("not json at all"), TriggerData.For("m4", "text/plain", enqueuedTime: Now.AddMinutes(-4)));
    }

    private static async Task<JsonObject> ReadAnswersAsync(TestApp app)
    {
        var answers = new JsonObject();
        async Task Add(string name, Task<TestResponse> call)
        {
            var response = await call;
            answers[name] = new JsonObject { ["status"] = response.Status, ["body"] = JsonNode.Parse(response.Body) };
        }

        string Id(Guid id) => id.ToString("D");
        await Add("queued", app.CallAsync(TestApp.Request("GET", $"/api/tenants/contoso/assessments/{Id(Queued)}"), r => app.AssessmentApi.GetAssessmentAsync(r, "contoso", Id(Queued))));
        await Add("completed", app.CallAsync(TestApp.Request("GET", $"/api/tenants/contoso/assessments/{Id(Latest)}"), r => app.AssessmentApi.GetAssessmentAsync(r, "contoso", Id(Latest))));
        await Add("rejected", app.CallAsync(TestApp.Request("GET", $"/api/tenants/contoso/assessments/{Id(Invalid)}"), r => app.AssessmentApi.GetAssessmentAsync(r, "contoso", Id(Invalid))));
        await Add("environment", app.CallAsync(TestApp.Request("GET", "/api/tenants/contoso/environments/branch/readiness"), r => app.ReadinessApi.GetEnvironmentReadinessAsync(r, "contoso", "branch")));
        await Add("history", app.CallAsync(TestApp.Request("GET", "/api/tenants/contoso/environments/branch/assessments"), r => app.ReadinessApi.GetEnvironmentHistoryAsync(r, "contoso", "branch")));
        await Add("tenant", app.CallAsync(TestApp.Request("GET", "/api/tenants/contoso/readiness"), r => app.ReadinessApi.GetTenantReadinessAsync(r, "contoso")));
        await Add("portfolio", app.CallAsync(TestApp.Request("GET", "/api/readiness"), r => app.ReadinessApi.GetPortfolioAsync(r)));
        await Add("portfolioFiltered", app.CallAsync(TestApp.Request("GET", "/api/readiness", "readiness=NotReady"), r => app.ReadinessApi.GetPortfolioAsync(r)));
        // The upload exactly as version 1 stored it (the samples it was made from may have changed since).
        var upload = Gunzip((await app.Reads.GetRawSnapshotAsync(T("contoso"), Queued, default))!);
        await Add("replayedUpload", app.SubmitAsync("contoso", upload, new Dictionary<string, string> { ["Idempotency-Key"] = "upload-1" }));
        await Add("rerun", app.CallAsync(TestApp.Request("POST", $"/api/tenants/contoso/assessments/{Id(Latest)}/rerun"), r => app.AssessmentApi.RerunAssessmentAsync(r, "contoso", Id(Latest))));
        return answers;
    }

    /// <summary>Every entity with its properties' EDM types; binary columns as base64 of their (decompressed) content.</summary>
    private static async Task<JsonArray> DumpAsync(TableClient table)
    {
        var rows = new JsonArray();
        // Access rows (audit, grants, keys) came after version 1 and are not part of its layout.
        await foreach (var entity in table.QueryAsync<TableEntity>(e => e.PartitionKey != "~audit" && e.PartitionKey != "~grants" && e.PartitionKey != "~keys"))
        {
            var properties = new JsonObject();
            foreach (var (key, value) in entity.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (key is "Timestamp" or "odata.etag" or "PartitionKey" or "RowKey")
                {
                    continue;
                }

                properties[key] = value switch
                {
                    byte[] bytes => new JsonObject { ["Edm.Binary"] = Convert.ToBase64String(bytes) },
                    Guid g => new JsonObject { ["Edm.Guid"] = g.ToString("D") },
                    DateTimeOffset d => new JsonObject { ["Edm.DateTime"] = d.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) },
                    long l => new JsonObject { ["Edm.Int64"] = l.ToString(CultureInfo.InvariantCulture) },
                    int i => new JsonObject { ["Edm.Int32"] = i },
                    double x => new JsonObject { ["Edm.Double"] = x },
                    bool b => new JsonObject { ["Edm.Boolean"] = b },
                    string s => new JsonObject { ["Edm.String"] = s },
                    _ => throw new InvalidOperationException($"Unexpected property type {value?.GetType()} of {key}."),
                };
            }

            rows.Add(new JsonObject { ["PartitionKey"] = entity.PartitionKey, ["RowKey"] = entity.RowKey, ["Properties"] = properties });
        }

        return rows;
    }

    private static IEnumerable<TableEntity> Load(JsonArray rows)
    {
        foreach (var row in rows)
        {
            var entity = new TableEntity((string)row!["PartitionKey"]!, (string)row["RowKey"]!);
            foreach (var (key, typed) in row["Properties"]!.AsObject())
            {
                var (type, value) = typed!.AsObject().Single();
                entity[key] = type switch
                {
                    "Edm.Binary" => Convert.FromBase64String((string)value!),
                    "Edm.Guid" => Guid.Parse((string)value!),
                    "Edm.DateTime" => DateTimeOffset.Parse((string)value!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                    "Edm.Int64" => long.Parse((string)value!, CultureInfo.InvariantCulture),
                    "Edm.Int32" => (int)value!,
                    "Edm.Double" => (double)value!,
                    "Edm.Boolean" => (bool)value!,
                    _ => (string?)value,
                };
            }

            yield return entity;
        }
    }

    /// <summary>Rows compared by content: a binary column holding gzip compares by its decompressed bytes, so a change of
    /// compression level alone is not a layout change.</summary>
    private static string Canonical(JsonNode rows)
    {
        var copy = rows.DeepClone().AsArray();
        foreach (var row in copy)
        {
            foreach (var (_, typed) in row!["Properties"]!.AsObject())
            {
                var value = typed!.AsObject();
                if (value["Edm.Binary"] is { } binary)
                {
                    var bytes = Convert.FromBase64String((string)binary!);
                    value["Edm.Binary"] = bytes.Length > 2 && bytes[0] == 0x1F && bytes[1] == 0x8B ? Encoding.UTF8.GetString(Gunzip(bytes)) : (string)binary!;
                }
            }
        }

        return copy.ToJsonString();
    }

    private static string? RulePackOf(JsonNode rows) =>
        rows.AsArray().Select(r => (string?)r!["Properties"]!["RulePackVersion"]?["Edm.String"]).FirstOrDefault(v => v is not null);

    /// <summary>Each kind of row (partition kind and the row key's leading segments) with its columns and their EDM types.</summary>
    private static string Columns(JsonNode rows) => string.Join('\n', rows.AsArray()
        .Select(r =>
        {
            var partition = ((string)r!["PartitionKey"]!).StartsWith('~') ? (string)r["PartitionKey"]! : "{tenant}";
            var segments = ((string)r["RowKey"]!).Split('|');
            var kind = segments[0] is "a" ? string.Join('|', segments.Where((_, i) => i % 2 == 0)) : segments[0];
            var columns = r["Properties"]!.AsObject().Select(p => $"{p.Key}:{p.Value!.AsObject().Single().Key}");
            return $"{partition} {kind} {string.Join(',', columns)}";
        })
        .Distinct(StringComparer.Ordinal)
        .Order(StringComparer.Ordinal));

    private static byte[] Gunzip(byte[] data)
    {
        using var input = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
