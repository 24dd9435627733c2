using System.Globalization;
using System.Text;
using Azure;
using VmmAssess.Core.Assessment;
using Microsoft.Extensions.Logging.Abstractions;
using VmmAssess.Functions.Tests.Infrastructure;

namespace VmmAssess.Functions.Tests;

/// <summary>Issue 12: no input pins an environment, poisons the queue or loses a correction; errors map to honest answers.</summary>
[Collection(BackendGroup.Name)]
public sealed class IntegrityTests(BackendFixture backend)
{
    private static readonly DateTimeOffset Enqueued = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);

    private static Dictionary<string, object?> Message(string id, DateTimeOffset? enqueued = null) => TriggerData.For(id, "application/json", enqueuedTime: enqueued ?? Enqueued);

    [Fact]
    public async Task A_future_collectedAt_is_rejected_on_the_queue_and_cannot_pin_the_latest_readiness()
    {
        await using var app = await TestApp.StartAsync(backend);
        var future = Snapshots.Create("contoso", "hq", collectedAt: new DateTimeOffset(9999, 12, 31, 0, 0, 0, TimeSpan.Zero));
        var genuine = Snapshots.Create("contoso", "hq", collectedAt: Enqueued.AddDays(-1));

        var rejected = await app.ProcessAsync(Snapshots.Bytes(future), Message("m1"));
        var completed = await app.ProcessAsync(Snapshots.Bytes(genuine), Message("m2"));

        Assert.Equal(ProcessingStatus.Rejected, rejected.Status);
        var error = Assert.Single((await app.Reads.GetAssessmentAsync(T("contoso"), Snapshots.Id(future), default))!.Errors!);
        Assert.Equal("$.collectedAt", error.Path);
        Assert.Contains("plus the allowed clock skew of 60 minutes", error.Message, StringComparison.Ordinal);
        Assert.Equal(ProcessingStatus.Completed, completed.Status);
        Assert.Equal(Snapshots.Id(genuine), (await app.Reads.GetLatestAsync(T("contoso"), E("hq"), default))?.SnapshotId);
    }

    [Fact]
    public async Task The_webhook_answers_400_for_a_collectedAt_beyond_the_skew_and_accepts_one_within_it()
    {
        await using var app = await TestApp.StartAsync(backend);

        var fast = await app.SubmitAsync("contoso", Snapshots.Bytes(Snapshots.Create("contoso", "hq", collectedAt: DateTimeOffset.UtcNow.AddHours(2))));
        var slightlyFast = await app.SubmitAsync("contoso", Snapshots.Bytes(Snapshots.Create("contoso", "hq", collectedAt: DateTimeOffset.UtcNow.AddMinutes(30))));
        var ancient = await app.SubmitAsync("contoso", Snapshots.Bytes(Snapshots.Create("contoso", "hq", collectedAt: new DateTimeOffset(1999, 1, 1, 0, 0, 0, TimeSpan.Zero))));

        Assert.Equal(400, fast.Status);
        Assert.Equal("$.collectedAt", fast.Json.GetProperty("errors")[0].GetProperty("path").GetString());
        Assert.Equal(202, slightlyFast.Status);
        Assert.Equal(400, ancient.Status);
        Assert.Contains("earlier than 2000-01-01", ancient.Text, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> PoisonClasses() => new()
    {
        { "key ending in a newline", "environmentId", "\"hq\\n\"" },
        { "one letter and 100,000 combining marks", "hosts[0].name", "\"A" + string.Concat(Enumerable.Repeat("\\u0301", 100_000)) + "\"" },
        { "timestamp before 1601", "collectedAt", "\"1600-06-01T00:00:00Z\"" },
        { "NUL in a name", "hosts[0].name", "\"HV\\u0000\"" },
        { "ANSI escape in a name", "hosts[0].name", "\"\\u001b[31mHV\"" },
        { "right-to-left override in a name", "hosts[0].name", "\"HV\\u202e01\"" },
        { "dot-only environment id", "environmentId", "\"..\"" },
    };

    [Theory]
    [MemberData(nameof(PoisonClasses))]
    public async Task Each_poison_class_completes_as_Rejected_with_its_reason_on_first_delivery(string name, string property, string jsonValue)
    {
        await using var app = await TestApp.StartAsync(backend);
        var snapshot = Snapshots.Create("contoso", "hq");
        var id = Snapshots.Id(snapshot);
        var value = System.Text.Json.Nodes.JsonNode.Parse(jsonValue);
        if (property == "hosts[0].name")
        {
            snapshot["hosts"]!.AsArray()[0]!["name"] = value;
        }
        else
        {
            snapshot[property] = value;
        }

        var outcome = await app.ProcessAsync(Snapshots.Bytes(snapshot), Message("m-" + name));

        Assert.Equal(ProcessingStatus.Rejected, outcome.Status);
        Assert.Equal(id, outcome.SnapshotId);
        var stored = await app.Reads.GetAssessmentAsync(T("contoso"), id, default);
        Assert.Equal(AssessmentStatus.Rejected, stored!.Record.Status);
        Assert.Contains(stored.Errors!, e => e.Path == "$." + property);
    }

    [Fact]
    public async Task A_corrected_document_replaces_a_rejected_one_with_its_own_raw_copy_and_rerun_works()
    {
        await using var app = await TestApp.StartAsync(backend);
        var id = Guid.NewGuid();
        var broken = Snapshots.Create("contoso", "hq", snapshotId: id, hosts: 600);
        broken["hosts"]!.AsArray()[0]!["name"] = 42;
        var corrected = Snapshots.Create("contoso", "hq", snapshotId: id);

        Assert.Equal(ProcessingStatus.Rejected, (await app.ProcessAsync(Snapshots.Bytes(broken), Message("m1"))).Status);
        var brokenRawRows = (await app.Rows.LoadProcessingStateAsync(T("contoso"), id, null, false, default)).Header!.RawRows;
        var outcome = await app.ProcessAsync(Snapshots.Bytes(corrected), Message("m2"));

        Assert.Equal(ProcessingStatus.Completed, outcome.Status);
        var raw = await app.Reads.GetRawSnapshotAsync(T("contoso"), id, default);
        Assert.Equal(Snapshots.Bytes(corrected), Payload.Gunzip(raw!, int.MaxValue));
        var header = (await app.Rows.LoadProcessingStateAsync(T("contoso"), id, null, false, default)).Header!;
        var chunks = await app.Table.QueryAsync<Azure.Data.Tables.TableEntity>($"PartitionKey eq 'contoso' and RowKey ge 'a|{id:D}|r|' and RowKey lt 'a|{id:D}|r|~'").CountAsync();
        Assert.Equal(header.RawRows, chunks);
        Assert.True(brokenRawRows >= header.RawRows);

        var rerun = await app.CallAsync(TestApp.Request("POST", "/api/x"), r => app.AssessmentApi.RerunAssessmentAsync(r, "contoso", id.ToString("D")));
        Assert.Equal(202, rerun.Status);
        Assert.Equal(ProcessingStatus.Completed, Assert.Single(await app.DrainQueueAsync(1)).Status);
    }

    [Fact]
    public async Task The_webhook_accepts_a_correction_of_a_rejected_snapshot_instead_of_409()
    {
        await using var app = await TestApp.StartAsync(backend);
        var id = Guid.NewGuid();
        var broken = Snapshots.Create("contoso", "hq", snapshotId: id);
        broken["hosts"]!.AsArray()[0]!["name"] = 42;
        Assert.Equal(ProcessingStatus.Rejected, (await app.ProcessAsync(Snapshots.Bytes(broken), Message("m1"))).Status);

        var corrected = Snapshots.Create("contoso", "hq", snapshotId: id);
        var response = await app.SubmitAsync("contoso", Snapshots.Bytes(corrected));

        Assert.Equal(202, response.Status);
        Assert.Equal("Queued", response.Json.GetProperty("status").GetString());
        Assert.Equal(ProcessingStatus.Completed, Assert.Single(await app.DrainQueueAsync(1)).Status);
        Assert.Equal(AssessmentStatus.Completed, (await app.Reads.GetAssessmentAsync(T("contoso"), id, default))!.Record.Status);
        // A different document under a Completed id is still a conflict.
        var other = Snapshots.Create("contoso", "hq", snapshotId: id, sample: Snapshots.Contoso);
        Assert.Equal(409, (await app.SubmitAsync("contoso", Snapshots.Bytes(other))).Status);
    }

    [Fact]
    public async Task Repeated_reruns_of_one_snapshot_queue_one_message()
    {
        await using var app = await TestApp.StartAsync(backend, s => s[AppSettings.ConfigurationKey(AppSettings.RerunsPerMinute)] = "100");
        var snapshot = Snapshots.Create("contoso", "hq");
        await app.SubmitAsync("contoso", Snapshots.Bytes(snapshot));
        await app.DrainQueueAsync(1);

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(202, (await app.CallAsync(TestApp.Request("POST", "/api/x"), r => app.AssessmentApi.RerunAssessmentAsync(r, "contoso", Snapshots.Id(snapshot).ToString()))).Status);
        }

        Assert.Single(app.Queue.Snapshot());
    }

    [Fact]
    public void An_outage_after_retries_answers_503_with_Retry_After_and_a_storage_refusal_answers_400()
    {
        var retries = new AggregateException(new RequestFailedException(503, "busy"), new RequestFailedException(503, "busy"), new RequestFailedException(500, "down"));
        var unreachable = new AggregateException(new System.Net.Http.HttpRequestException("no route"), new System.Net.Http.HttpRequestException("no route"));
        var refused = new RequestFailedException(400, "The property value exceeds the maximum allowed size (64KB).", "PropertyValueTooLarge", null);

        var outage = ApiProblems.FromException(retries, NullLogger.Instance);
        var network = ApiProblems.FromException(unreachable, NullLogger.Instance);
        var input = ApiProblems.FromException(refused, NullLogger.Instance);

        Assert.Equal(503, outage.Status);
        Assert.Equal(ApiProblems.UnavailableRetryAfterSeconds, outage.RetryAfterSeconds);
        Assert.Equal(503, network.Status);
        Assert.Equal(400, input.Status);
        Assert.Null(input.RetryAfterSeconds);
    }

    [Fact]
    public async Task An_unreachable_table_answers_503_with_a_Retry_After_header()
    {
        await using var app = await TestApp.StartAsync(backend, s => s[AppSettings.TableStorage] = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:9/devstoreaccount1;", createTable: false);

        var response = await app.SubmitAsync("contoso", Snapshots.Bytes(Snapshots.Create("contoso", "hq")));

        Assert.Equal(503, response.Status);
        Assert.Equal(ApiProblems.UnavailableRetryAfterSeconds.ToString(CultureInfo.InvariantCulture), response.Headers.RetryAfter.ToString());
    }

    [Fact]
    public async Task Concurrent_portfolio_updates_of_one_environment_converge_without_escaping_errors()
    {
        await using var app = await TestApp.StartAsync(backend);
        var t = T("contoso");
        var e = E("hq");
        var readiness = Enum.GetValues<Readiness>();
        for (var round = 0; round < 6; round++)
        {
            var summaries = Enumerable.Range(0, 6).Select(i => new ReadinessSummary(
                t, e, Guid.NewGuid(), Enqueued.AddMinutes(round * 10 + i), Enqueued, default, readiness[(round + i) % readiness.Length],
                Coverage: 1, new FindingCounts(), RulePackVersion: "test", UpgradePath: "", [$"VMM-R{round}-{i}"])).ToArray();

            await Task.WhenAll(summaries.Select(s => app.Portfolio.SyncAsync(s, default)));
        }

        var totals = await app.Portfolio.GetTotalsAsync(default);
        Assert.Equal(1, totals.Environments);
        var rows = await app.Table.QueryAsync<Azure.Data.Tables.TableEntity>("PartitionKey eq '~portfolio' and RowKey lt '~'").CountAsync();
        var latest = (await app.Portfolio.GetPageAsync(new PortfolioFilter(null, null, null), 10, null, default)).Items.Single();
        Assert.Equal(PortfolioProjection.IndexKeys(latest).Count, rows);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json; charset=utf-16")]
    public async Task A_body_that_is_not_application_json_answers_415(string contentType)
    {
        await using var app = await TestApp.StartAsync(backend);
        var request = TestApp.Request("POST", "/api/tenants/contoso/snapshots", body: Snapshots.Bytes(Snapshots.Create("contoso", "hq")));
        request.ContentType = contentType;

        var response = await app.CallAsync(request, r => app.Snapshots.SubmitSnapshotAsync(r, "contoso"));

        Assert.Equal(415, response.Status);
        Assert.Empty(app.Queue.Snapshot());
    }

    [Fact]
    public async Task Json_with_a_charset_is_accepted()
    {
        await using var app = await TestApp.StartAsync(backend);
        var request = TestApp.Request("POST", "/api/tenants/contoso/snapshots", body: Snapshots.Bytes(Snapshots.Create("contoso", "hq")));
        request.ContentType = "application/json; charset=utf-8";

        Assert.Equal(202, (await app.CallAsync(request, r => app.Snapshots.SubmitSnapshotAsync(r, "contoso"))).Status);
    }

    [Fact]
    public async Task Submissions_above_the_per_caller_rate_answer_429_with_Retry_After_and_other_callers_are_not_affected()
    {
        await using var app = await TestApp.StartAsync(backend, s => s[AppSettings.ConfigurationKey(AppSettings.SubmissionsPerMinute)] = "2");
        // Two operators with tokens of their own: the limit follows the credential, not the tenant.
        var keyA = new Dictionary<string, string> { ["Authorization"] = "Bearer " + TestTokens.Token("0b000000-0000-0000-0000-00000000000a", "VmmAssess.Operator") };
        var keyB = new Dictionary<string, string> { ["Authorization"] = "Bearer " + TestTokens.Token("0b000000-0000-0000-0000-00000000000b", "VmmAssess.Operator") };

        var statuses = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await app.SubmitAsync("contoso", Snapshots.Bytes(Snapshots.Create("contoso", "hq")), keyA)).Status);
        }

        var limited = await app.SubmitAsync("contoso", Snapshots.Bytes(Snapshots.Create("contoso", "hq")), keyA);
        var other = await app.SubmitAsync("contoso", Snapshots.Bytes(Snapshots.Create("contoso", "hq")), keyB);

        Assert.Equal([202, 202, 429], statuses);
        Assert.Equal(429, limited.Status);
        Assert.True(int.Parse(limited.Headers.RetryAfter.ToString(), CultureInfo.InvariantCulture) is > 0 and <= 60);
        Assert.Equal(ProblemTypes.TooManyRequests, limited.Json.GetProperty("type").GetString());
        Assert.Equal(202, other.Status);
    }

    [Fact]
    public async Task A_gzip_body_beyond_the_compression_ratio_cap_answers_400_before_it_is_inflated_in_full()
    {
        await using var app = await TestApp.StartAsync(backend);
        var snapshot = Snapshots.Create("contoso", "hq");
        snapshot["padding"] = new string(' ', 2_000_000);
        var gzip = Snapshots.Gzip(Snapshots.Bytes(snapshot));

        var response = await app.SubmitAsync("contoso", gzip, new Dictionary<string, string> { ["Content-Encoding"] = "gzip" });

        Assert.Equal(400, response.Status);
        Assert.Contains("inflates more than 64 times", response.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_large_unknown_property_and_duplicate_property_names_answer_400()
    {
        await using var app = await TestApp.StartAsync(backend);
        var padded = Snapshots.Create("contoso", "hq");
        padded["future"] = new string('x', 100_000);
        var json = Encoding.UTF8.GetString(Snapshots.Bytes(Snapshots.Create("contoso", "hq")));
        var duplicated = "{\"tenantId\":\"contoso\"," + json[1..];

        var large = await app.SubmitAsync("contoso", Snapshots.Bytes(padded));
        var duplicate = await app.SubmitAsync("contoso", Encoding.UTF8.GetBytes(duplicated));

        Assert.Equal(400, large.Status);
        Assert.Equal("$.future", large.Json.GetProperty("errors")[0].GetProperty("path").GetString());
        Assert.Equal(400, duplicate.Status);
        Assert.Contains("duplicate property name", duplicate.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Gunzip_sized_from_the_trailer_still_reads_every_member_keeps_its_bound_and_refuses_a_forged_trailer()
    {
        var first = Encoding.UTF8.GetBytes(new string('a', 10_000));
        var second = Encoding.UTF8.GetBytes(new string('b', 50_000));
        byte[] twoMembers = [.. Payload.Gzip(first), .. Payload.Gzip(second)];
        var forged = Payload.Gzip(second);
        forged[^4] = 10; // the trailer claims 10 bytes
        forged[^3] = forged[^2] = forged[^1] = 0;

        Assert.Equal([.. first, .. second], Payload.Gunzip(twoMembers, 1_000_000));
        Assert.Throws<PayloadTooLargeException>(() => Payload.Gunzip(twoMembers, 55_000));
        // A trailer that lies about the size is invalid gzip (the runtime checks it): 400 at the webhook, Rejected on the queue.
        Assert.ThrowsAny<InvalidDataException>(() => Payload.Gunzip(forged, 1_000_000));
    }
}

