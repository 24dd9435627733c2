using VmmAssess.Functions.Application.Access;
using VmmAssess.Functions.Infrastructure.Messaging;
using VmmAssess.Functions.Infrastructure.Payloads;
using VmmAssess.Functions.Infrastructure.Tables;

namespace VmmAssess.Functions.Application.Processing;

/// <summary>
/// A snapshot a collector put straight on the inbox queue: assessed only when its signature proves the tenant
/// (docs/security.md, "Signed queue messages"); otherwise stored as Rejected, unattributed, with the reason, and the
/// message completes (a forgery is permanent). The body's tenant and environment must be the key's.
/// </summary>
public sealed class ProcessInboxSnapshot(AccessRows access, AssessmentRows rows, ProcessSnapshot process, TimeProvider time)
{
    public const string KeyIdProperty = "VmmAssess-KeyId";
    public const string SignatureProperty = "VmmAssess-Signature";

    public async Task<ProcessingOutcome> ExecuteAsync(ReadOnlyMemory<byte> body, ServiceBusMessageMetadata metadata, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var (reason, proof) = await VerifyAsync(body, metadata, cancellationToken).ConfigureAwait(false);
        if (proof is not null)
        {
            return await process.ExecuteAsync(body, metadata, cancellationToken, proof).ConfigureAwait(false);
        }

        var hash = Payload.ContentHash(body.Span);
        var rejected = new RejectedAssessment(null, new Guid(Convert.FromHexString(hash.AsSpan(0, 32))), null, metadata.EnqueuedTime ?? time.GetUtcNow(),
            [new ValidationError("$", reason ?? "not verified")], Payload.LooksLikeGzip(body.Span) ? body.ToArray() : Payload.Gzip(body.Span), hash);
        await rows.SaveRejectedAsync(rejected, cancellationToken).ConfigureAwait(false);
        return new ProcessingOutcome(ProcessingStatus.Rejected, rejected.Partition, rejected.SnapshotId, null, 0, false);
    }

    private async Task<(string? Reason, CollectorKeyScope? Proof)> VerifyAsync(ReadOnlyMemory<byte> body, ServiceBusMessageMetadata metadata, CancellationToken cancellationToken)
    {
        var props = metadata.ApplicationProperties;
        if (!props.TryGetValue(KeyIdProperty, out var keyId) || !props.TryGetValue(SignatureProperty, out var signature) || !props.TryGetValue(SnapshotEnvelope.TenantIdProperty, out var tenantText))
        {
            return ($"unsigned: an inbox message needs the application properties {KeyIdProperty}, {SignatureProperty} and {SnapshotEnvelope.TenantIdProperty}", null);
        }

        if (string.Equals(metadata.ContentType, SnapshotEnvelope.ClaimCheckContentType, StringComparison.OrdinalIgnoreCase) || props.ContainsKey(SnapshotEnvelope.RerunProperty))
        {
            return ("a collector may send snapshots only, not claim-checks or reruns", null);
        }

        if (await access.FindKeyAsync(keyId, cancellationToken).ConfigureAwait(false) is not { } found || !found.Key.IsUsableAt(time.GetUtcNow()))
        {
            return ($"the collector key {keyId} is unknown, revoked or expired", null);
        }

        if (!string.Equals(found.Key.TenantId.Value, tenantText, StringComparison.Ordinal))
        {
            return ($"the message names tenant '{tenantText}', but collector key {keyId} belongs to another tenant", null);
        }

        if (!QueueSignature.Verify(found.SigningKey, keyId, tenantText, metadata.MessageId ?? "", body.Span, signature))
        {
            return ("the signature does not match the message (body, tenant or message id changed, or another key signed it)", null);
        }

        // The body's own tenant and environment are checked against this proof once it is parsed.
        return (null, new CollectorKeyScope(keyId, found.Key.TenantId, found.Key.EnvironmentIds));
    }
}