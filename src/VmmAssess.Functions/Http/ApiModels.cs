using VmmAssess.Core.Assessment;
using VmmAssess.Functions.Storage;

namespace VmmAssess.Functions.Http;

public sealed record HistoryPage(string TenantId, string EnvironmentId, IReadOnlyList<ReadinessSummary> Items, string? ContinuationToken);

public sealed record TenantReadiness(string TenantId, ReadinessTotals Totals, IReadOnlyList<ReadinessSummary> Environments);

/// <summary>A portfolio page. <see cref="Totals"/> counts every environment of every tenant, independent of the filters.</summary>
public sealed record PortfolioPage(ReadinessTotals Totals, IReadOnlyList<ReadinessSummary> Items, string? ContinuationToken);

public sealed record RuleCatalogResponse(string RulePackVersion, IReadOnlyList<RuleDescriptor> Rules);

/// <summary>The webhook's answer (202): where to poll and how the snapshot travels.</summary>
public sealed record SnapshotAccepted(string TenantId, Guid SnapshotId, string EnvironmentId, AssessmentStatus Status, string StatusUrl, bool Replayed);

public sealed record ReassessRequest(string? TenantId);

public sealed record ReassessResponse(int Queued);

public sealed record DeadLetterMessage(
    long SequenceNumber,
    string? MessageId,
    DateTimeOffset EnqueuedTime,
    int DeliveryCount,
    string? DeadLetterReason,
    string? DeadLetterErrorDescription,
    string? ContentType,
    long BodyBytes,
    string? TenantId,
    string? SnapshotId);

public sealed record DeadLetterList(string Queue, IReadOnlyList<DeadLetterMessage> Messages);

public sealed record ReplayResponse(IReadOnlyList<ReplayedMessage> Messages)
{
    [System.Text.Json.Serialization.JsonPropertyOrder(-1)]
    public int Replayed => Messages.Count;
}

/// <summary>One dead-lettered message sent back to the queue: the id it was sent with, and whether that is its own.</summary>
public sealed record ReplayedMessage(
    long SequenceNumber,
    string? OriginalMessageId,
    string MessageId,
    bool MessageIdKept,
    string? TenantId,
    string? SnapshotId);
