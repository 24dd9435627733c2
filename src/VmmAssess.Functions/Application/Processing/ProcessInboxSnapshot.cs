using VmmAssess.Functions.Application.Access;
using VmmAssess.Functions.Infrastructure.Messaging;
using VmmAssess.Functions.Infrastructure.Tables;

namespace VmmAssess.Functions.Application.Processing;

/// <summary>
/// A snapshot a collector put straight on the inbox queue: assessed only when its signature proves the tenant
/// (docs/security.md, "Signed queue messages"); otherwise stored as Rejected, unattributed, with the reason, and the
/// message completes (a forgery is permanent). The body's tenant and environment must be the key's.
/// </summary>
public sealed class ProcessInboxSnapshot(AccessRows access, ProcessSnapshot process, TimeProvider time)
{
    public const string KeyIdProperty = "VmmAssess-KeyId";
    public const string SignatureProperty = "VmmAssess-Signature";

    public async Task<ProcessingOutcome> ExecuteAsync(ReadOnlyMemory<byte> body, ServiceBusMessageMetadata metadata, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var (reason, proof) = await VerifyAsync(body, metadata, cancellationToken).ConfigureAwait(false);
        return proof is not null
            ? await process.ExecuteAsync(body, metadata, cancellationToken, proof).ConfigureAwait(false)
            : await process.RejectUnattributedAsync(body, metadata, reason ?? "not verified", cancellationToken).ConfigureAwait(false);
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