using System.Text.Json.Serialization;
using Azure.Data.Tables;

namespace VmmAssess.Functions.Infrastructure.Tables;

/// <summary>
/// Where an assessment's comparison with its environment's previous assessment is stored, apart from the result's own
/// columns: the whole <see cref="AssessmentDelta"/> gzip-compressed in the header's binary columns <c>Changes00</c>, …
/// (so <c>GET .../assessments/{id}</c> reads it with the header, no extra read), and its <see cref="ChangeDigest"/> as
/// JSON text in the history row's <c>ChangeDigest</c> column (so a history page summarises it from the rows it reads).
/// Rows written before comparisons existed have neither column and read as "no comparison".
/// </summary>
internal static class DeltaColumns
{
    public const string HeaderPrefix = "Changes";
    public const string DigestColumn = "ChangeDigest";

    public static void WriteDelta(TableEntity header, AssessmentDelta? delta)
    {
        if (delta is not null)
        {
            RowMapping.WriteDocument(header, HeaderPrefix, delta, StoredDeltaJsonContext.Default.AssessmentDelta);
        }
    }

    public static AssessmentDelta? ReadDelta(TableEntity header) => RowMapping.ReadDocument(header, HeaderPrefix, StoredDeltaJsonContext.Default.AssessmentDelta);

    public static TableEntity WriteDigest(TableEntity history, AssessmentDelta? delta)
    {
        if (delta is not null)
        {
            history[DigestColumn] = JsonSerializer.Serialize(ChangeDigest.From(delta), StoredDeltaJsonContext.Default.ChangeDigest);
        }

        return history;
    }

    public static ChangeDigest? ReadDigest(TableEntity history) =>
        history.GetString(DigestColumn) is { Length: > 0 } text ? JsonSerializer.Deserialize(text, StoredDeltaJsonContext.Default.ChangeDigest) : null;
}

/// <summary>Source-generated JSON of the stored comparison (same conventions as <see cref="StoredJsonContext"/>).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(AssessmentDelta))]
[JsonSerializable(typeof(ChangeDigest))]
internal sealed partial class StoredDeltaJsonContext : JsonSerializerContext;
