using System.Text.Json;
using VmmAssess.Functions.Tests.Infrastructure;

namespace VmmAssess.Functions.Tests;

/// <summary>
/// Collectors that post straight to Service Bus use the inbox queue and sign each message with their key
/// (docs/security.md); nothing unproven is assessed, and a forgery never reaches the tenant it names.
/// </summary>
[Collection(BackendGroup.Name)]
public sealed class InboxQueueTests(BackendFixture backend)
{
    [Fact]
    public void The_signature_matches_the_published_test_vector()
    {
        var vector = JsonDocument.Parse(File.ReadAllText(RepoPaths.File("docs", "queue-signature-test-vector.json"))).RootElement;
        string V(string name) => vector.GetProperty(name).GetString()!;
        var body = Convert.FromBase64String(V("bodyBase64"));

        var signingKey = QueueSignature.SigningKey(V("collectorKey"));

        Assert.Equal(V("signingKeyBase64"), Convert.ToBase64String(signingKey));
        Assert.Equal(V("canonical"), QueueSignature.Canonical(V("keyId"), V("tenantId"), V("messageId"), body));
        Assert.Equal(V("signature"), QueueSignature.Sign(signingKey, V("keyId"), V("tenantId"), V("messageId"), body));
        Assert.Equal(V("keyId"), CollectorKeys.KeyIdOf(V("collectorKey")));
    }

    [Fact]
    public async Task A_message_signed_with_its_tenants_key_is_assessed()
    {
        await using var app = await TestApp.StartAsync(backend);
        var key = await IssueAsync(app, "contoso");
        var snapshot = Snapshots.Bytes(Snapshots.Create("contoso", "hq"));

        var outcome = await SendAsync(app, snapshot, key, "contoso", MessageId(snapshot));

        Assert.Equal(ProcessingStatus.Completed, outcome.Status);
        Assert.NotNull(await app.Reads.GetLatestAsync(T("contoso"), E("hq"), default));
    }

    [Fact]
    public async Task A_message_for_tenant_B_signed_with_As_key_is_not_assessed()
    {
        await using var app = await TestApp.StartAsync(backend);
        var keyA = await IssueAsync(app, "contoso");
        var forged = Snapshots.Bytes(Snapshots.Create("fabrikam", "hq"));

        var claimingB = await SendAsync(app, forged, keyA, "fabrikam", MessageId(forged));
        var claimingA = await SendAsync(app, forged, keyA, "contoso", MessageId(forged));

        Assert.All(new[] { claimingB, claimingA }, o => Assert.Equal(ProcessingStatus.Rejected, o.Status));
        Assert.All(new[] { claimingB, claimingA }, o => Assert.Equal("~unattributed", o.TenantId));
        Assert.Null(await app.Reads.GetTenantReadinessAsync(T("fabrikam"), default));
        var stored = await app.Rows.LoadProcessingStateAsync("~unattributed", claimingB.SnapshotId, null, includeRaw: false, default);
        Assert.Equal(AssessmentStatus.Rejected, stored.Header?.Status);
    }

    [Fact]
    public async Task An_unsigned_message_or_a_replayed_signature_on_another_body_is_not_assessed()
    {
        await using var app = await TestApp.StartAsync(backend);
        var key = await IssueAsync(app, "contoso");
        var genuine = Snapshots.Bytes(Snapshots.Create("contoso", "hq"));
        var other = Snapshots.Bytes(Snapshots.Create("contoso", "hq", collectedAt: DateTimeOffset.UtcNow, snapshotId: Guid.Parse(MessageId(genuine)), sample: Snapshots.Northwind));
        var signature = QueueSignature.Sign(QueueSignature.SigningKey(key.Key), key.Record.KeyId, "contoso", MessageId(genuine), genuine);

        var unsigned = await app.ProcessInboxAsync(genuine, TriggerData.For(MessageId(genuine), "application/json", new Dictionary<string, object> { [SnapshotEnvelope.TenantIdProperty] = "contoso" }));
        var replayed = await app.ProcessInboxAsync(other, TriggerData.For(MessageId(genuine), "application/json", Properties(key.Record.KeyId, "contoso", signature)));
        var revokedKey = await IssueAsync(app, "contoso");
        await app.Services.GetRequiredServiceOf<CollectorKeys>().RevokeAsync(T("contoso"), revokedKey.Record.KeyId, default);
        var revoked = await SendAsync(app, genuine, revokedKey, "contoso", MessageId(genuine));

        Assert.All(new[] { unsigned, replayed, revoked }, o => Assert.Equal(ProcessingStatus.Rejected, o.Status));
        Assert.Null(await app.Reads.GetLatestAsync(T("contoso"), E("hq"), default));
        Assert.Null(await app.Reads.GetAssessmentAsync(T("contoso"), unsigned.SnapshotId, default)); // nothing in the tenant's partition
        var stored = await app.Rows.LoadProcessingStateAsync("~unattributed", unsigned.SnapshotId, null, includeRaw: false, default);
        Assert.Equal(AssessmentStatus.Rejected, stored.Header?.Status);
    }

    private static async Task<IssuedCollectorKey> IssueAsync(TestApp app, string tenant) =>
        await app.Services.GetRequiredServiceOf<CollectorKeys>().IssueAsync(T(tenant), [], null, null, default);

    private static Task<ProcessingOutcome> SendAsync(TestApp app, byte[] body, IssuedCollectorKey key, string tenant, string messageId) =>
        app.ProcessInboxAsync(body, TriggerData.For(messageId, "application/json",
            Properties(key.Record.KeyId, tenant, QueueSignature.Sign(QueueSignature.SigningKey(key.Key), key.Record.KeyId, tenant, messageId, body))));

    private static Dictionary<string, object> Properties(string keyId, string tenant, string signature) => new()
    {
        [SnapshotEnvelope.TenantIdProperty] = tenant,
        [ProcessInboxSnapshot.KeyIdProperty] = keyId,
        [ProcessInboxSnapshot.SignatureProperty] = signature,
    };

    private static string MessageId(byte[] snapshot) => JsonDocument.Parse(snapshot).RootElement.GetProperty("snapshotId").GetString()!;
}
