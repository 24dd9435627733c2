using System.Text.Json.Serialization;
using VmmAssess.Functions.Api.Contracts;

namespace VmmAssess.Functions.Api;

/// <summary>Source-generated JSON of the API's requests and responses only (stored documents and queue messages have
/// contexts of their own); same conventions as Core's CoreJsonContext (camelCase, enums as strings, nulls left out).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(AssessmentResponse))]
[JsonSerializable(typeof(ReadinessResponse))]
[JsonSerializable(typeof(HistoryPageResponse))]
[JsonSerializable(typeof(TenantReadinessResponse))]
[JsonSerializable(typeof(PortfolioPageResponse))]
[JsonSerializable(typeof(RuleCatalogResponse))]
[JsonSerializable(typeof(SnapshotAcceptedResponse))]
[JsonSerializable(typeof(ReassessRequest))]
[JsonSerializable(typeof(ReassessResponse))]
[JsonSerializable(typeof(DeadLetterListResponse))]
[JsonSerializable(typeof(ReplayResponse))]
[JsonSerializable(typeof(CollectorKeyRequest))]
[JsonSerializable(typeof(IssuedCollectorKeyResponse))]
[JsonSerializable(typeof(CollectorKeyListResponse))]
[JsonSerializable(typeof(GrantListResponse))]
[JsonSerializable(typeof(AuditPageResponse))]
[JsonSerializable(typeof(TenantDeletionResponse))]
[JsonSerializable(typeof(WaiverRequest))]
[JsonSerializable(typeof(WaiverResponse))]
[JsonSerializable(typeof(WaiverPageResponse))]
[JsonSerializable(typeof(SubscriptionRequest))]
[JsonSerializable(typeof(CreatedSubscriptionResponse))]
[JsonSerializable(typeof(SubscriptionResponse))]
[JsonSerializable(typeof(SubscriptionListResponse))]
[JsonSerializable(typeof(PingResponse))]
public sealed partial class ApiJsonContext : JsonSerializerContext;
