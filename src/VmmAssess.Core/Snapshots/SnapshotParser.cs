using System.Text.Json;
using System.Text.Unicode;

namespace VmmAssess.Core.Snapshots;

/// <summary>The outcome of reading a snapshot: either a snapshot or every problem found, each with its JSONPath.</summary>
public sealed record SnapshotParseResult(Snapshot? Snapshot, IReadOnlyList<ValidationError> Errors)
{
    public bool IsValid => Snapshot is not null && Errors.Count == 0;
}

/// <summary>Parses and validates snapshot contract v1 documents (UTF-8 JSON).</summary>
public static class SnapshotParser
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32, AllowDuplicateProperties = false };

    public static SnapshotParseResult Parse(ReadOnlyMemory<byte> utf8Json)
    {
        var span = utf8Json.Span;
        if (span.StartsWith("\uFEFF"u8))
        {
            utf8Json = utf8Json[3..];
        }

        if (utf8Json.IsEmpty)
        {
            return Invalid("$", "the document is empty");
        }

        if (!Utf8.IsValid(utf8Json.Span))
        {
            return Invalid("$", "is not valid UTF-8");
        }

        // One pass that validates while it builds the model; whatever it cannot prove valid is decided, and every error
        // reported, by the three passes (document, schema walk, deserializer), so results and messages are unchanged.
        return SnapshotReader.TryRead(utf8Json.Span) is { } snapshot
            ? new SnapshotParseResult(snapshot, [])
            : ParseInThreePasses(utf8Json);
    }

    /// <summary>The exact path: parse a document, walk it with the validator, then deserialize (BOM and UTF-8 already checked).</summary>
    internal static SnapshotParseResult ParseInThreePasses(ReadOnlyMemory<byte> utf8Json)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8Json, DocumentOptions);
            return Parse(document.RootElement, utf8Json);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" (line {line + 1}, byte {ex.BytePositionInLine + 1})" : "";
            // Duplicate names are refused (AllowDuplicateProperties = false): which copy wins differs between readers.
            return ex.Message.Contains("duplicate", StringComparison.OrdinalIgnoreCase)
                ? Invalid("$", "has a duplicate property name" + where)
                : Invalid("$", "is not valid JSON" + where);
        }
    }

    public static SnapshotParseResult Parse(JsonElement root) => Parse(root, null);

    /// <summary>
    /// Validates <paramref name="root"/>, then deserializes it; from <paramref name="utf8Json"/> when the caller has the
    /// document's bytes (the same text, read once more without materializing the element), which halves the cost.
    /// </summary>
    private static SnapshotParseResult Parse(JsonElement root, ReadOnlyMemory<byte>? utf8Json)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Invalid("$", $"expected object, got {root.ValueKind.ToString().ToLowerInvariant()}");
        }

        try
        {
            var errors = SchemaValidator.SnapshotV1.Validate(root);
            if (errors.Count > 0)
            {
                return new SnapshotParseResult(null, errors);
            }

            var snapshot = utf8Json is { } bytes
                ? JsonSerializer.Deserialize(bytes.Span, CoreJsonContext.Default.Snapshot)
                : root.Deserialize(CoreJsonContext.Default.Snapshot);
            return snapshot is null ? Invalid("$", "required") : new SnapshotParseResult(snapshot, []);
        }
        catch (JsonException ex)
        {
            // The schema admits the document but a value does not fit the model (for instance an integer beyond 32 bits).
            return Invalid(ex.Path ?? "$", "value is out of range");
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json cannot turn an escaped unpaired surrogate ("\ud800") into a string.
            return Invalid("$", "contains an escaped character that is not valid Unicode (an unpaired surrogate)");
        }
    }

    private static SnapshotParseResult Invalid(string path, string message) => new(null, [new ValidationError(path, message)]);
}
