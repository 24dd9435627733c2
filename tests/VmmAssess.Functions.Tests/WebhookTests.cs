using System.Text;
using System.Text.Json;
using VmmAssess.Functions.Tests.Infrastructure;

namespace VmmAssess.Functions.Tests;

[Collection(BackendGroup.Name)]
public sealed class WebhookTests(BackendFixture backend)
{
    [Fact]
    public async Task Valid_snapshot_is_stored_queued_and_answered_with_202_and_location()
    {
        await using var app = await TestApp.StartAsync(backend);
        var snapshot = Snapshots.Create("contoso", "hq");
        var id = Snapshots.Id(snapshot);

        var before = app.RoundTrips.Total;
        var response = await app.SubmitAsync("contoso", Snapshots.Bytes(snapshot));

        Assert.Equal(202, response.Status);
        Assert.Equal(3, app.RoundTrips.Total - before); // one query, one transaction, one audit row
        Assert.Equal($"/api/tenants/contoso/assessments/{id:D}", response.Headers.Location.ToString());
        Assert.Equal("Queued", response.Json.GetProperty("status").GetString());
        var message = Assert.Single(app.Queue.Snapshot());
        Assert.Equal(id.ToString("D"), message.MessageId);
        Assert.Equal("application/json", message.ContentType);
        Assert.Equal("gzip", message.ApplicationProperties[SnapshotEnvelope.ContentEncodingProperty]);
        Assert.Equal("contoso", message.ApplicationProperties[SnapshotEnvelope.TenantIdProperty]);
        Assert.Equal("hq", message.ApplicationProperties[SnapshotEnvelope.EnvironmentIdProperty]);
        Assert.Equal(id.ToString("D"), message.ApplicationProperties[SnapshotEnvelope.SnapshotIdProperty]);
        Assert.True(Payload.LooksLikeGzip(message.Body.Span));
        Assert.Equal(Snapshots.Bytes(snapshot), Payload.Gunzip(message.Body.ToArray(), int.MaxValue));
        Assert.NotNull(await app.Reads.GetRawSnapshotAsync(T("contoso"), id, default));

        var status = await app.CallAsync(TestApp.Request("GET", response.Headers.Location.ToString()), r => app.AssessmentApi.GetAssessmentAsync(r, "contoso", id.ToString("D")));
        Assert.Equal(200, status.Status);
        Assert.Equal("Queued", status.Json.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Gzip_request_body_is_accepted()
    {
        await using var app = await TestApp.StartAsync(backend);
        var json = Snapshots.Bytes(Snapshots.Create("contoso", "hq"));

        var response = await app.SubmitAsync("contoso", Snapshots.Gzip(json), new Dictionary<string, string> { ["Content-Encoding"] = "gzip" });

        Assert.Equal(202, response.Status);
        var message = Assert.Single(app.Queue.Snapshot());
        Assert.Equal(json, Payload.Gunzip(message.Body.ToArray(), int.MaxValue));
    }

    [Fact]
    public async Task Invalid_snapshot_answers_400_listing_every_error_with_its_json_path()
    {
        await using var app = await TestApp.StartAsync(backend);
        var snapshot = Snapshots.Create("contoso", "hq");
        snapshot["snapshotId"] = "not-a-guid";
        snapshot["collectedAt"] = "yesterday";
        snapshot["hosts"]!.AsArray()[1]!["name"] = 42;

        var response = await app.SubmitAsync("contoso", Snapshots.Bytes(snapshot));

        Assert.Equal(400, response.Status);
        Assert.Equal(ApiProblems.ContentType, response.ContentType);
        Assert.Equal(ProblemTypes.InvalidSnapshot, response.Json.GetProperty("type").GetString());
        var paths = response.Json.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString()).ToArray();
        Assert.Contains("$.snapshotId", paths);
        Assert.Contains("$.collectedAt", paths);
        Assert.Contains("$.hosts[1].name", paths);
        Assert.DoesNotContain("   at ", response.Text, StringComparison.Ordinal);
        Assert.Equal(0, app.Queue.MessageCount);
    }

    [Fact]
    public async Task Tenant_mismatch_answers_400()
    {
        await using var app = await TestApp.StartAsync(backend);

        var response = await app.SubmitAsync("fabrikam", Snapshots.Bytes(Snapshots.Create("contoso", "hq")));

        Assert.Equal(400, response.Status);
        Assert.Equal("$.tenantId", response.Json.GetProperty("errors")[0].GetProperty("path").GetString());
        Assert.Equal(0, app.Queue.MessageCount);
    }

    [Fact]
    public async Task Body_larger_than_the_limit_answers_413_plain_and_gzip()
    {
        await using var app = await TestApp.StartAsync(backend, s => s[AppSettings.ConfigurationKey(AppSettings.SnapshotMaxBytes)] = (64 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var big = Snapshots.Bytes(Snapshots.Create("contoso", "hq", hosts: 1000));

        var plain = await app.SubmitAsync("contoso", big);
        var gzip = await app.SubmitAsync("contoso", Snapshots.Gzip(big), new Dictionary<string, string> { ["Content-Encoding"] = "gzip" });

        Assert.Equal(413, plain.Status);
        Assert.Equal(413, gzip.Status);
        Assert.Equal(ProblemTypes.TooLarge, gzip.Json.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Repeated_upload_is_idempotent_and_sends_once()
    {
        await using var app = await TestApp.StartAsync(backend);
        var body = Snapshots.Bytes(Snapshots.Create("contoso", "hq"));

        var first = await app.SubmitAsync("contoso", body);
        var second = await app.SubmitAsync("contoso", body);

        Assert.Equal(202, first.Status);
        Assert.Equal(202, second.Status);
        Assert.False(first.Json.GetProperty("replayed").GetBoolean());
        Assert.True(second.Json.GetProperty("replayed").GetBoolean());
        Assert.Equal(first.Headers.Location.ToString(), second.Headers.Location.ToString());
        Assert.Equal(1, app.Queue.MessageCount);
        Assert.Equal(1, app.Queue.DroppedDuplicateCount);
    }

    [Fact]
    public async Task Retry_with_the_same_idempotency_key_gets_the_first_answer_and_sends_once()
    {
        await using var app = await TestApp.StartAsync(backend);
        var key = new Dictionary<string, string> { [SnapshotFunctions.IdempotencyKeyHeader] = "upload-2b91" };
        var body = Snapshots.Bytes(Snapshots.Create("contoso", "hq"));

        var first = await app.SubmitAsync("contoso", body, key);
        var retry = await app.SubmitAsync("contoso", body, key);

        Assert.Equal(202, retry.Status);
        Assert.True(retry.Json.GetProperty("replayed").GetBoolean());
        Assert.Equal(first.Json.GetProperty("snapshotId").GetString(), retry.Json.GetProperty("snapshotId").GetString());
        Assert.Equal(first.Headers.Location.ToString(), retry.Headers.Location.ToString());
        Assert.Equal(1, app.Queue.MessageCount);
    }

    [Fact]
    public async Task Idempotency_key_reused_for_another_snapshot_answers_422()
    {
        await using var app = await TestApp.StartAsync(backend);
        var key = new Dictionary<string, string> { [SnapshotFunctions.IdempotencyKeyHeader] = "upload-7f3a" };

        var first = await app.SubmitAsync("contoso", Snapshots.Bytes(Snapshots.Create("contoso", "hq")), key);
        var replay = await app.SubmitAsync("contoso", Snapshots.Bytes(Snapshots.Create("contoso", "hq")), key);

        Assert.Equal(202, first.Status);
        Assert.Equal(422, replay.Status);
        Assert.Equal(ProblemTypes.IdempotencyKeyReused, replay.Json.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Same_snapshot_id_with_other_content_answers_409()
    {
        await using var app = await TestApp.StartAsync(backend);
        var id = Guid.NewGuid();

        var first = await app.SubmitAsync("contoso", Snapshots.Bytes(Snapshots.Create("contoso", "hq", snapshotId: id)));
        var other = await app.SubmitAsync("contoso", Snapshots.Bytes(Snapshots.Create("contoso", "hq", snapshotId: id, sample: Snapshots.Contoso)));

        Assert.Equal(202, first.Status);
        Assert.Equal(409, other.Status);
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a\u0001b")]
    [InlineData("")]
    [InlineData("x123456789012345678901234567890123456789012345678901234567890abcd")]
    public async Task Malformed_tenant_answers_400_before_any_storage_call(string tenant)
    {
        await using var app = await TestApp.StartAsync(backend);
        var before = app.RoundTrips.Total;

        var submit = await app.SubmitAsync(tenant, Snapshots.Bytes(Snapshots.Create("contoso", "hq")));
        var readiness = await app.CallAsync(TestApp.Request("GET", "/api/tenants/x/readiness"), r => app.ReadinessApi.GetTenantReadinessAsync(r, tenant));
        var assessment = await app.CallAsync(TestApp.Request("GET", "/api/x"), r => app.AssessmentApi.GetAssessmentAsync(r, tenant, Guid.NewGuid().ToString()));
        var environment = await app.CallAsync(TestApp.Request("GET", "/api/x"), r => app.ReadinessApi.GetEnvironmentReadinessAsync(r, "contoso", tenant));
        var history = await app.CallAsync(TestApp.Request("GET", "/api/x"), r => app.ReadinessApi.GetEnvironmentHistoryAsync(r, tenant, "hq"));

        Assert.All(new[] { submit, readiness, assessment, environment, history }, r =>
        {
            Assert.Equal(400, r.Status);
            Assert.Equal(ApiProblems.ContentType, r.ContentType);
            Assert.Equal(ProblemTypes.InvalidRequest, r.Json.GetProperty("type").GetString());
        });
        Assert.Equal(before, app.RoundTrips.Total);
        Assert.Equal(0, app.Queue.MessageCount);
    }

    [Fact]
    public async Task Malformed_snapshot_id_and_idempotency_key_answer_400()
    {
        await using var app = await TestApp.StartAsync(backend);

        var id = await app.CallAsync(TestApp.Request("GET", "/api/x"), r => app.AssessmentApi.GetAssessmentAsync(r, "contoso", "1234"));
        var key = await app.SubmitAsync("contoso", Snapshots.Bytes(Snapshots.Create("contoso", "hq")), new Dictionary<string, string> { [SnapshotFunctions.IdempotencyKeyHeader] = "bad/key" });

        Assert.Equal(400, id.Status);
        Assert.Equal("snapshotId", id.Json.GetProperty("errors")[0].GetProperty("path").GetString());
        Assert.Equal(400, key.Status);
    }

    [Fact]
    public async Task Large_snapshot_goes_as_gzip_when_it_fits_and_as_claim_check_when_it_does_not()
    {
        await using var small = await TestApp.StartAsync(backend);
        await using var tight = await TestApp.StartAsync(backend, s => s[AppSettings.ConfigurationKey(AppSettings.MaxMessageBytes)] = (16 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var snapshot = Snapshots.Bytes(Snapshots.Create("contoso", "big", hosts: 5000));

        Assert.Equal(202, (await small.SubmitAsync("contoso", snapshot)).Status);
        Assert.Equal(202, (await tight.SubmitAsync("contoso", snapshot)).Status);

        var gzip = Assert.Single(small.Queue.Snapshot());
        Assert.Equal(SnapshotEnvelope.JsonContentType, gzip.ContentType);
        Assert.True(gzip.Body.Length < 256 * 1024);
        var claim = Assert.Single(tight.Queue.Snapshot());
        Assert.Equal(SnapshotEnvelope.ClaimCheckContentType, claim.ContentType);
        Assert.True(claim.Body.Length < 512);
        using var doc = JsonDocument.Parse(claim.Body);
        Assert.Equal("contoso", doc.RootElement.GetProperty("tenantId").GetString());
    }

    [Fact]
    public async Task Unsupported_content_encoding_answers_415()
    {
        await using var app = await TestApp.StartAsync(backend);

        var response = await app.SubmitAsync("contoso", Encoding.UTF8.GetBytes("{}"), new Dictionary<string, string> { ["Content-Encoding"] = "br" });

        Assert.Equal(415, response.Status);
    }
}
