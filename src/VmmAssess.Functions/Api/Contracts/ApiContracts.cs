using VmmAssess.Functions.Application.Queries;
using VmmAssess.Functions.Infrastructure.Messaging;

namespace VmmAssess.Functions.Api.Contracts;

// The HTTP API's JSON shapes (docs/openapi.json). Property names and their order are public API; each response type is
// built from the application's result by its From method, so a domain or storage change cannot change an answer unseen.

/// <summary>How old a snapshot is when it is read (the engine has no clock, so the age is computed here), and whether
/// it is older than <see cref="StaleAfter"/>: an MSP should collect again before acting on it.</summary>
public static class SnapshotAge
{
    public static readonly TimeSpan StaleAfter = TimeSpan.FromDays(30);

    public static double Days(DateTimeOffset collectedAt, DateTimeOffset now) => Math.Round(Math.Max(0, (now - collectedAt).TotalDays), 1);

    public static bool IsStale(DateTimeOffset collectedAt, DateTimeOffset now) => now - collectedAt > StaleAfter;
}

/// <summary>An assessment: status, and the result (Completed) or the errors (Rejected); the snapshot's age at reading;
/// (Completed) what changed since the environment's previous assessment, as stored with it.</summary>
public sealed record AssessmentResponse(
    string TenantId, Guid SnapshotId, string? EnvironmentId, AssessmentStatus Status, DateTimeOffset? ReceivedAt, DateTimeOffset? CollectedAt,
    DateTimeOffset? AssessedAt, IReadOnlyList<ValidationError>? Errors, AssessmentResult? Result, double? SnapshotAgeDays, bool? SnapshotStale,
    AssessmentDelta? Changes)
{
    public static AssessmentResponse From(StoredAssessment stored, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var r = stored.Record;
        return new(r.Partition, r.SnapshotId, r.EnvironmentId, r.Status, r.ReceivedAt, r.CollectedAt, r.AssessedAt, stored.Errors, stored.Result,
            r.CollectedAt is { } c ? SnapshotAge.Days(c, now) : null, r.CollectedAt is { } collected ? SnapshotAge.IsStale(collected, now) : null, stored.Changes);
    }
}

/// <summary>The readiness of one environment as of one assessment; in a history page, <see cref="Changes"/> summarises
/// its comparison with the assessment before it (absent for assessments stored before comparisons existed).</summary>
public sealed record ReadinessResponse(
    string TenantId, string EnvironmentId, Guid SnapshotId, DateTimeOffset CollectedAt, DateTimeOffset AssessedAt, TargetVersion TargetVersion,
    Readiness Readiness, double Coverage, FindingCounts Counts, string RulePackVersion, string UpgradePath, IReadOnlyList<string> FailingRuleIds,
    double SnapshotAgeDays, bool SnapshotStale, ChangeDigest? Changes = null)
{
    public static ReadinessResponse From(ReadinessSummary s, DateTimeOffset now, ChangeDigest? changes = null)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new(s.TenantId.Value, s.EnvironmentId.Value, s.SnapshotId, s.CollectedAt, s.AssessedAt, s.TargetVersion, s.Readiness, s.Coverage, s.Counts, s.RulePackVersion, s.UpgradePath, s.FailingRuleIds,
            SnapshotAge.Days(s.CollectedAt, now), SnapshotAge.IsStale(s.CollectedAt, now), changes);
    }

    public static IReadOnlyList<ReadinessResponse> From(IEnumerable<ReadinessSummary> summaries, DateTimeOffset now) => summaries.Select(s => From(s, now)).ToArray();

    public static IReadOnlyList<ReadinessResponse> From(IEnumerable<HistoryEntry> entries, DateTimeOffset now) => entries.Select(e => From(e.Readiness, now, e.Changes)).ToArray();
}

public sealed record ReadinessTotalsResponse(int Environments, int NotReady, int Unknown, int ReadyWithConditions, int Ready)
{
    public static ReadinessTotalsResponse From(ReadinessTotals t) => new(t.Environments, t.NotReady, t.Unknown, t.ReadyWithConditions, t.Ready);
}

public sealed record HistoryPageResponse(string TenantId, string EnvironmentId, IReadOnlyList<ReadinessResponse> Items, string? ContinuationToken);

public sealed record TenantReadinessResponse(string TenantId, ReadinessTotalsResponse Totals, IReadOnlyList<ReadinessResponse> Environments)
{
    public static TenantReadinessResponse From(TenantReadiness readiness, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(readiness);
        return new(readiness.TenantId.Value, ReadinessTotalsResponse.From(readiness.Totals), ReadinessResponse.From(readiness.Environments, now));
    }
}

/// <summary>A portfolio page. <see cref="Totals"/> counts every environment of every tenant, independent of the filters.</summary>
public sealed record PortfolioPageResponse(ReadinessTotalsResponse Totals, IReadOnlyList<ReadinessResponse> Items, string? ContinuationToken);

public sealed record RuleCatalogResponse(string RulePackVersion, IReadOnlyList<RuleDescriptor> Rules)
{
    public static RuleCatalogResponse From(RuleCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(catalog.RulePackVersion, catalog.Descriptors);
    }
}

/// <summary>The webhook's and rerun's answer (202): where to poll.</summary>
public sealed record SnapshotAcceptedResponse(string TenantId, Guid SnapshotId, string EnvironmentId, AssessmentStatus Status, string StatusUrl, bool Replayed)
{
    public static SnapshotAcceptedResponse From(SnapshotReceipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        return new(receipt.TenantId.Value, receipt.SnapshotId, receipt.EnvironmentId, receipt.Status, Routes.AssessmentUrl(receipt.TenantId, receipt.SnapshotId), receipt.Replayed);
    }
}

public sealed record ReassessRequest(string? TenantId);

public sealed record ReassessResponse(int Queued);

public sealed record DeadLetterMessageResponse(
    long SequenceNumber, string? MessageId, DateTimeOffset EnqueuedTime, int DeliveryCount, string? DeadLetterReason, string? DeadLetterErrorDescription,
    string? ContentType, long BodyBytes, string? TenantId, string? SnapshotId)
{
    public static DeadLetterMessageResponse From(DeadLetteredMessage m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return new(m.SequenceNumber, m.MessageId, m.EnqueuedTime, m.DeliveryCount, m.DeadLetterReason, m.DeadLetterErrorDescription, m.ContentType, m.BodyBytes, m.TenantId, m.SnapshotId);
    }
}

public sealed record DeadLetterListResponse(string Queue, IReadOnlyList<DeadLetterMessageResponse> Messages);

public sealed record ReplayResponse(IReadOnlyList<ReplayedMessageResponse> Messages)
{
    [System.Text.Json.Serialization.JsonPropertyOrder(-1)]
    public int Replayed => Messages.Count;
}

/// <summary>One dead-lettered message sent back to the queue: the id it was sent with, and whether that is its own.</summary>
public sealed record ReplayedMessageResponse(long SequenceNumber, string? OriginalMessageId, string MessageId, bool MessageIdKept, string? TenantId, string? SnapshotId)
{
    public static ReplayedMessageResponse From(ResentMessage m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return new(m.Original.SequenceNumber, m.Original.MessageId, m.MessageId, m.MessageIdKept, m.Original.TenantId, m.Original.SnapshotId);
    }
}

public sealed record CollectorKeyRequest(IReadOnlyList<string>? EnvironmentIds, DateTimeOffset? ExpiresAt, string? Description);

/// <summary>A collector key as listed: never its secret.</summary>
public sealed record CollectorKeyResponse(
    string KeyId, string TenantId, IReadOnlyList<string> EnvironmentIds, string? Description, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt)
{
    public static CollectorKeyResponse From(CollectorKeyRecord k)
    {
        ArgumentNullException.ThrowIfNull(k);
        return new(k.KeyId, k.TenantId.Value, k.EnvironmentIds.Select(e => e.Value).ToArray(), k.Description, k.CreatedAt, k.ExpiresAt, k.RevokedAt, k.LastUsedAt);
    }
}

/// <summary>A newly issued key: <see cref="Key"/> is shown this once and stored only as a hash.</summary>
public sealed record IssuedCollectorKeyResponse(string KeyId, string Key, string TenantId, IReadOnlyList<string> EnvironmentIds, string? Description, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

public sealed record CollectorKeyListResponse(string TenantId, IReadOnlyList<CollectorKeyResponse> Keys);

public sealed record GrantListResponse(Guid PrincipalId, IReadOnlyList<string> TenantIds);

public sealed record AuditEntryResponse(DateTimeOffset At, string PrincipalId, PrincipalKind PrincipalKind, string? KeyId, string Action, string? TenantId, string? Target, int Status)
{
    public static AuditEntryResponse From(AuditEntry e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new(e.At, e.PrincipalId, e.PrincipalKind, e.KeyId, e.Action, e.TenantId, e.Target, e.Status);
    }
}

public sealed record AuditPageResponse(IReadOnlyList<AuditEntryResponse> Items, string? ContinuationToken);

/// <summary>What an operator sends to create a waiver; the server sets the id, <c>createdBy</c> and <c>createdAt</c>.</summary>
[System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
public sealed record WaiverRequest(string? EnvironmentId, string? RuleId, IReadOnlyList<string>? Objects, string? Reason, DateTimeOffset? ExpiresAt, string? Ticket)
{
    public WaiverDraft ToDraft() => new(EnvironmentId, RuleId, Objects, Reason, ExpiresAt, Ticket);
}

/// <summary>A waiver: the waiver file's shape (<see cref="Waiver"/>), then its state now and its revocation, if any.</summary>
public sealed record WaiverResponse(
    string Id, string TenantId, string? EnvironmentId, string RuleId, IReadOnlyList<string>? Objects, string Reason, string CreatedBy, DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt, string? Ticket, WaiverState Status, DateTimeOffset? RevokedAt, string? RevokedBy)
{
    public static WaiverResponse From(WaiverRecord record, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(record);
        var w = record.Waiver;
        return new(w.Id, w.TenantId, w.EnvironmentId, w.RuleId, w.Objects, w.Reason, w.CreatedBy, w.CreatedAt, w.ExpiresAt, w.Ticket, record.StateAt(now), record.RevokedAt, record.RevokedBy);
    }
}

public sealed record WaiverPageResponse(string TenantId, IReadOnlyList<WaiverResponse> Items, string? ContinuationToken);
