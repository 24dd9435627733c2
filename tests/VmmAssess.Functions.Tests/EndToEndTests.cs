using System.Globalization;
using System.Text;
using VmmAssess.Functions.Tests.Infrastructure;

namespace VmmAssess.Functions.Tests;

/// <summary>Webhook → Service Bus (test host) → ProcessSnapshot with the received message → readiness API.</summary>
[Collection(BackendGroup.Name)]
public sealed class EndToEndTests(BackendFixture backend)
{
    [Fact]
    public async Task Snapshot_flows_from_webhook_through_the_queue_to_every_readiness_view()
    {
        await using var app = await TestApp.StartAsync(backend);
        var hq = Snapshots.Create("contoso", "hq", sample: Snapshots.Contoso);
        var dr = Snapshots.Create("contoso", "dr", sample: Snapshots.Fabrikam);
        var other = Snapshots.Create("northwind", "main", sample: Snapshots.Northwind);
        foreach (var s in new[] { hq, dr, other })
        {
            Assert.Equal(202, (await app.SubmitAsync((string)s["tenantId"]!, Snapshots.Bytes(s))).Status);
        }

        var outcomes = await app.DrainQueueAsync(3);

        Assert.All(outcomes, o => Assert.Equal(ProcessingStatus.Completed, o.Status));
        Assert.All(outcomes, o => Assert.Equal(4, o.StorageRoundTrips));
        Assert.Equal(0, app.Queue.MessageCount);

        var assessment = await Get(app, $"/api/tenants/contoso/assessments/{Snapshots.Id(hq):D}", r => app.AssessmentApi.GetAssessmentAsync(r, "contoso", Snapshots.Id(hq).ToString()));
        Assert.Equal("Completed", assessment.Json.GetProperty("status").GetString());
        Assert.True(assessment.Json.GetProperty("result").GetProperty("findings").GetArrayLength() > 0);

        var environment = await Get(app, "/api/tenants/contoso/environments/hq/readiness", r => app.ReadinessApi.GetEnvironmentReadinessAsync(r, "contoso", "hq"));
        Assert.Equal(Snapshots.Id(hq).ToString("D"), environment.Json.GetProperty("snapshotId").GetString());
        var readinessOfHq = environment.Json.GetProperty("readiness").GetString();

        var tenant = await Get(app, "/api/tenants/contoso/readiness", r => app.ReadinessApi.GetTenantReadinessAsync(r, "contoso"));
        Assert.Equal(2, tenant.Json.GetProperty("environments").GetArrayLength());
        Assert.Equal(2, tenant.Json.GetProperty("totals").GetProperty("environments").GetInt32());

        var portfolio = await Get(app, "/api/readiness", r => app.ReadinessApi.GetPortfolioAsync(r));
        Assert.Equal(3, portfolio.Json.GetProperty("items").GetArrayLength());
        Assert.Equal(3, portfolio.Json.GetProperty("totals").GetProperty("environments").GetInt32());

        var filtered = await Get(app, "/api/readiness", r => app.ReadinessApi.GetPortfolioAsync(r), $"readiness={readinessOfHq}&targetVersion=2016");
        var hit = Assert.Single(filtered.Json.GetProperty("items").EnumerateArray());
        Assert.Equal("hq", hit.GetProperty("environmentId").GetString());

        var failingRule = environment.Json.GetProperty("failingRuleIds")[0].GetString();
        var byRule = await Get(app, "/api/readiness", r => app.ReadinessApi.GetPortfolioAsync(r), $"ruleId={failingRule}");
        Assert.Contains(byRule.Json.GetProperty("items").EnumerateArray(), i => i.GetProperty("environmentId").GetString() == "hq");
        Assert.All(byRule.Json.GetProperty("items").EnumerateArray(), i =>
            Assert.Contains(failingRule, i.GetProperty("failingRuleIds").EnumerateArray().Select(x => x.GetString())));
    }

    [Fact]
    public async Task Portfolio_pages_with_continuation_tokens()
    {
        await using var app = await TestApp.StartAsync(backend);
        for (var i = 0; i < 5; i++)
        {
            await app.ProcessAsync(Snapshots.Bytes(Snapshots.Create($"tenant{i}", "env")), TriggerData.For($"m{i}", "application/json"));
        }

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var query = "pageSize=2" + (token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token));
            var page = await Get(app, "/api/readiness", r => app.ReadinessApi.GetPortfolioAsync(r), query);
            seen.AddRange(page.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("tenantId").GetString()!));
            token = page.Json.TryGetProperty("continuationToken", out var t) ? t.GetString() : null;
            pages++;
        }
        while (token is not null && pages < 10);

        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"tenant{i}"), seen);
        Assert.True(pages >= 3);

        var bad = await app.CallAsync(TestApp.Request("GET", "/api/readiness", "continuationToken=%%%"), r => app.ReadinessApi.GetPortfolioAsync(r));
        Assert.Equal(400, bad.Status);
        var forged = System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes("no-space\r\n"));
        var tampered = await app.CallAsync(TestApp.Request("GET", "/api/readiness", "continuationToken=" + forged), r => app.ReadinessApi.GetPortfolioAsync(r));
        Assert.Equal(400, tampered.Status);
        var badFilter = await app.CallAsync(TestApp.Request("GET", "/api/readiness", "readiness=Maybe&targetVersion=2030&ruleId=NOPE&pageSize=0"), r => app.ReadinessApi.GetPortfolioAsync(r));
        Assert.Equal(400, badFilter.Status);
        Assert.Equal(4, badFilter.Json.GetProperty("errors").GetArrayLength());
    }

    [Fact]
    public async Task Environment_history_is_newest_first_and_paged()
    {
        await using var app = await TestApp.StartAsync(backend);
        for (var day = 1; day <= 3; day++)
        {
            await app.ProcessAsync(Snapshots.Bytes(Snapshots.Create("contoso", "hq", collectedAt: new DateTimeOffset(2026, 11, day, 0, 0, 0, TimeSpan.Zero))), TriggerData.For($"m{day}", "application/json"));
        }

        var first = await Get(app, "/api/x", r => app.ReadinessApi.GetEnvironmentHistoryAsync(r, "contoso", "hq"), "pageSize=2");
        var items = first.Json.GetProperty("items").EnumerateArray().Select(i => DateTimeOffset.Parse(i.GetProperty("collectedAt").GetString()!, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(2, items.Length);
        Assert.True(items[0] > items[1]);
        var token = first.Json.GetProperty("continuationToken").GetString();
        var second = await Get(app, "/api/x", r => app.ReadinessApi.GetEnvironmentHistoryAsync(r, "contoso", "hq"), "pageSize=2&continuationToken=" + token);
        Assert.Single(second.Json.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Unknown_tenant_environment_and_assessment_answer_404()
    {
        await using var app = await TestApp.StartAsync(backend);
        await app.ProcessAsync(Snapshots.Bytes(Snapshots.Create("contoso", "hq")), TriggerData.For("m", "application/json"));

        var responses = new[]
        {
            await app.CallAsync(TestApp.Request("GET", "/api/x"), r => app.ReadinessApi.GetTenantReadinessAsync(r, "nobody")),
            await app.CallAsync(TestApp.Request("GET", "/api/x"), r => app.ReadinessApi.GetEnvironmentReadinessAsync(r, "contoso", "nowhere")),
            await app.CallAsync(TestApp.Request("GET", "/api/x"), r => app.ReadinessApi.GetEnvironmentHistoryAsync(r, "contoso", "nowhere")),
            await app.CallAsync(TestApp.Request("GET", "/api/x"), r => app.AssessmentApi.GetAssessmentAsync(r, "contoso", Guid.NewGuid().ToString())),
            await app.CallAsync(TestApp.Request("POST", "/api/x"), r => app.AssessmentApi.RerunAssessmentAsync(r, "contoso", Guid.NewGuid().ToString())),
        };

        Assert.All(responses, r =>
        {
            Assert.Equal(404, r.Status);
            Assert.Equal("application/problem+json", r.ContentType);
        });
    }

    [Fact]
    public async Task A_tenant_cannot_read_another_tenants_assessment()
    {
        await using var app = await TestApp.StartAsync(backend);
        var secret = Snapshots.Create("tenant-b", "vault");
        await app.ProcessAsync(Snapshots.Bytes(secret), TriggerData.For("m", "application/json"));
        await app.ProcessAsync(Snapshots.Bytes(Snapshots.Create("tenant-a", "hq")), TriggerData.For("n", "application/json"));
        var id = Snapshots.Id(secret).ToString();

        var own = await app.CallAsync(TestApp.Request("GET", "/api/x"), r => app.AssessmentApi.GetAssessmentAsync(r, "tenant-b", id));
        var foreign = await app.CallAsync(TestApp.Request("GET", "/api/x"), r => app.AssessmentApi.GetAssessmentAsync(r, "tenant-a", id));
        var foreignEnv = await app.CallAsync(TestApp.Request("GET", "/api/x"), r => app.ReadinessApi.GetEnvironmentReadinessAsync(r, "tenant-a", "vault"));
        var foreignRerun = await app.CallAsync(TestApp.Request("POST", "/api/x"), r => app.AssessmentApi.RerunAssessmentAsync(r, "tenant-a", id));
        var tenantA = await app.CallAsync(TestApp.Request("GET", "/api/x"), r => app.ReadinessApi.GetTenantReadinessAsync(r, "tenant-a"));

        Assert.Equal(200, own.Status);
        Assert.Equal(404, foreign.Status);
        Assert.Equal(404, foreignEnv.Status);
        Assert.Equal(404, foreignRerun.Status);
        Assert.DoesNotContain("vault", tenantA.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Five_thousand_hosts_are_assessed_through_gzip_and_claim_check_messages()
    {
        await using var gzipApp = await TestApp.StartAsync(backend);
        await using var claimApp = await TestApp.StartAsync(backend, s => s[AppSettings.ConfigurationKey(AppSettings.MaxMessageBytes)] = (16 * 1024).ToString(CultureInfo.InvariantCulture));
        var snapshot = Snapshots.Create("contoso", "big", hosts: 5000);
        var body = Snapshots.Bytes(snapshot);
        Assert.True(body.Length > 500_000, $"the snapshot has {body.Length} bytes");

        Assert.Equal(202, (await gzipApp.SubmitAsync("contoso", body)).Status);
        Assert.Equal(202, (await claimApp.SubmitAsync("contoso", body)).Status);
        Assert.Equal(SnapshotEnvelope.ClaimCheckContentType, Assert.Single(claimApp.Queue.Snapshot()).ContentType);

        var viaGzip = Assert.Single(await gzipApp.DrainQueueAsync(1));
        var viaClaim = Assert.Single(await claimApp.DrainQueueAsync(1));

        Assert.Equal(ProcessingStatus.Completed, viaGzip.Status);
        Assert.Equal(ProcessingStatus.Completed, viaClaim.Status);
        Assert.Equal(4, viaClaim.StorageRoundTrips);
        var a = await gzipApp.Reads.GetAssessmentAsync(T("contoso"), Snapshots.Id(snapshot), default);
        var b = await claimApp.Reads.GetAssessmentAsync(T("contoso"), Snapshots.Id(snapshot), default);
        Assert.Equal(a!.Result!.Readiness, b!.Result!.Readiness);
        Assert.Equal(a.Result.Findings.Count, b.Result.Findings.Count);
    }

    [Fact]
    public async Task Rerun_and_reassess_queue_claim_checks_that_produce_a_new_assessment()
    {
        await using var app = await TestApp.StartAsync(backend);
        var snapshot = Snapshots.Create("contoso", "hq");
        await app.SubmitAsync("contoso", Snapshots.Bytes(snapshot));
        await app.DrainQueueAsync(1);
        var before = await app.Reads.GetLatestAsync(T("contoso"), E("hq"), default);

        var rerun = await app.CallAsync(TestApp.Request("POST", "/api/x"), r => app.AssessmentApi.RerunAssessmentAsync(r, "contoso", Snapshots.Id(snapshot).ToString()));
        Assert.Equal(202, rerun.Status);
        var message = Assert.Single(app.Queue.Snapshot());
        Assert.Equal(SnapshotEnvelope.ClaimCheckContentType, message.ContentType);
        Assert.Equal("true", message.ApplicationProperties[SnapshotEnvelope.RerunProperty]);
        var outcome = Assert.Single(await app.DrainQueueAsync(1));
        Assert.Equal(ProcessingStatus.Completed, outcome.Status);
        var after = await app.Reads.GetLatestAsync(T("contoso"), E("hq"), default);
        Assert.True(after!.AssessedAt >= before!.AssessedAt);

        var reassess = await app.CallAsync(TestApp.Request("POST", "/api/admin/reassess", body: Encoding.UTF8.GetBytes("{\"tenantId\":\"contoso\"}")), r => app.AdminApi.ReassessAsync(r));
        Assert.Equal(202, reassess.Status);
        Assert.Equal(1, reassess.Json.GetProperty("queued").GetInt32());
        var all = await app.CallAsync(TestApp.Request("POST", "/api/admin/reassess"), r => app.AdminApi.ReassessAsync(r));
        Assert.Equal(1, all.Json.GetProperty("queued").GetInt32());
        Assert.All(await app.DrainQueueAsync(2), o => Assert.Equal(ProcessingStatus.Completed, o.Status));
    }

    [Fact]
    public async Task Failing_message_is_dead_lettered_listed_and_replayed()
    {
        await using var app = await TestApp.StartAsync(backend, createTable: false, maxDeliveryCount: 2);
        await using (var client = app.CreateBusClient())
        await using (var sender = client.CreateSender(app.QueueName))
        {
            await sender.SendMessageAsync(new Azure.Messaging.ServiceBus.ServiceBusMessage(Snapshots.Bytes(Snapshots.Create("contoso", "hq")))
            {
                MessageId = "dl-1",
                ContentType = "application/json",
                ApplicationProperties = { [SnapshotEnvelope.TenantIdProperty] = "contoso" },
            });
        }

        // The table does not exist: storage fails, the function throws, the message is abandoned until it is dead-lettered.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            await Assert.ThrowsAnyAsync<Azure.RequestFailedException>(() => app.DrainQueueAsync(1));
        }

        await app.Queue.DeadLetterQueue.WaitForAsync(q => q.MessageCount == 1, TimeSpan.FromSeconds(10));
        var list = await app.CallAsync(TestApp.Request("GET", "/api/admin/deadletter"), r => app.AdminApi.ListDeadLettersAsync(r));
        Assert.Equal(200, list.Status);
        var dead = Assert.Single(list.Json.GetProperty("messages").EnumerateArray());
        Assert.Equal("dl-1", dead.GetProperty("messageId").GetString());
        Assert.Equal("contoso", dead.GetProperty("tenantId").GetString());

        await app.Storage.EnsureCreatedAsync();
        var replay = await app.CallAsync(TestApp.Request("POST", "/api/admin/deadletter/replay"), r => app.AdminApi.ReplayDeadLettersAsync(r));
        Assert.Equal(1, replay.Json.GetProperty("replayed").GetInt32());
        Assert.Equal(0, app.Queue.DeadLetterQueue.MessageCount);

        // Seconds after the send, "dl-1" is inside the duplicate-detection window: a copy with that id would be
        // acknowledged and dropped, so it goes with a replay id, and is not dropped.
        var moved = Assert.Single(replay.Json.GetProperty("messages").EnumerateArray());
        var sequenceNumber = dead.GetProperty("sequenceNumber").GetInt64();
        Assert.Equal(sequenceNumber, moved.GetProperty("sequenceNumber").GetInt64());
        Assert.Equal("dl-1", moved.GetProperty("originalMessageId").GetString());
        Assert.Equal($"dl-1:replay:{sequenceNumber}", moved.GetProperty("messageId").GetString());
        Assert.False(moved.GetProperty("messageIdKept").GetBoolean());
        Assert.Equal("contoso", moved.GetProperty("tenantId").GetString());
        Assert.Equal(0, app.Queue.DroppedDuplicateCount);
        Assert.Equal(ProcessingStatus.Completed, Assert.Single(await app.DrainQueueAsync(1)).Status);
    }

    [Fact]
    public async Task Poison_message_on_the_queue_is_completed_not_dead_lettered()
    {
        await using var app = await TestApp.StartAsync(backend, maxDeliveryCount: 2);
        await using (var client = app.CreateBusClient())
        await using (var sender = client.CreateSender(app.QueueName))
        {
            await sender.SendMessageAsync(new Azure.Messaging.ServiceBus.ServiceBusMessage(Encoding.UTF8.GetBytes("{\"tenantId\":\"contoso\",\"hosts\":7}")) { MessageId = "poison", ContentType = "application/json" });
        }

        var outcome = Assert.Single(await app.DrainQueueAsync(1));

        Assert.Equal(ProcessingStatus.Rejected, outcome.Status);
        Assert.Equal(0, app.Queue.MessageCount);
        Assert.Equal(0, app.Queue.DeadLetterQueue.MessageCount);
        var view = await app.CallAsync(TestApp.Request("GET", "/api/x"), r => app.AssessmentApi.GetAssessmentAsync(r, "contoso", outcome.SnapshotId.ToString()));
        Assert.Equal("Rejected", view.Json.GetProperty("status").GetString());
        Assert.Contains(view.Json.GetProperty("errors").EnumerateArray(), e => e.GetProperty("path").GetString() == "$.hosts");
    }

    [Fact]
    public async Task Message_redelivered_after_a_lost_completion_is_a_no_op()
    {
        await using var app = await TestApp.StartAsync(backend);
        await app.SubmitAsync("contoso", Snapshots.Bytes(Snapshots.Create("contoso", "hq")));
        await using var client = app.CreateBusClient();
        await using var receiver = client.CreateReceiver(app.QueueName);

        // First delivery: processed, but the settlement is lost (the host abandons, e.g. the instance stopped).
        var first = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5));
        var processed = await app.ProcessAsync(first!.Body.ToArray(), TriggerData.From(first));
        await receiver.AbandonMessageAsync(first);
        var state = await app.DumpTableAsync();

        var second = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5));
        var again = await app.ProcessAsync(second!.Body.ToArray(), TriggerData.From(second));
        await receiver.CompleteMessageAsync(second);

        Assert.Equal(ProcessingStatus.Completed, processed.Status);
        Assert.Equal(2, second.DeliveryCount);
        Assert.Equal(ProcessingStatus.Duplicate, again.Status);
        Assert.Equal(state, await app.DumpTableAsync());
        Assert.Equal(0, app.Queue.MessageCount);
    }

    private static Task<TestResponse> Get(TestApp app, string path, Func<Microsoft.AspNetCore.Http.HttpRequest, Task<Microsoft.AspNetCore.Http.IResult>> function, string? query = null) =>
        app.CallAsync(TestApp.Request("GET", path, query), function).ContinueWith(t =>
        {
            Assert.True(t.Result.Status == 200, t.Result.ToString());
            return t.Result;
        }, TaskScheduler.Default);
}
