using System.Text.Json.Serialization;
using VmmAssess.Core.Assessment;
using VmmAssess.Core.Rules;
using VmmAssess.Core.Snapshots;
using VmmAssess.Functions.Http;
using VmmAssess.Functions.Messaging;
using VmmAssess.Functions.Storage;

namespace VmmAssess.Functions;

/// <summary>Source-generated JSON for the API and the stored documents; same conventions as Core's CoreJsonContext
/// (camelCase, enums as strings, nulls left out).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(AssessmentResult))]
[JsonSerializable(typeof(Finding))]
[JsonSerializable(typeof(IReadOnlyList<ValidationError>))]
[JsonSerializable(typeof(AssessmentView))]
[JsonSerializable(typeof(ReadinessSummary))]
[JsonSerializable(typeof(HistoryPage))]
[JsonSerializable(typeof(TenantReadiness))]
[JsonSerializable(typeof(PortfolioPage))]
[JsonSerializable(typeof(RuleCatalogResponse))]
[JsonSerializable(typeof(SnapshotAccepted))]
[JsonSerializable(typeof(ClaimCheck))]
[JsonSerializable(typeof(ReassessRequest))]
[JsonSerializable(typeof(ReassessResponse))]
[JsonSerializable(typeof(DeadLetterList))]
[JsonSerializable(typeof(ReplayResponse))]
public sealed partial class ApiJsonContext : JsonSerializerContext;
