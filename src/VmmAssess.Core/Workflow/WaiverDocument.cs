using System.Globalization;
using System.Text;
using System.Text.Json;
using VmmAssess.Core.Rules;
using VmmAssess.Core.Snapshots;

namespace VmmAssess.Core.Workflow;

/// <summary>The outcome of reading waivers: the waivers when every one is valid, and every problem found, each with its JSONPath.</summary>
public sealed record WaiverParseResult(IReadOnlyList<Waiver> Waivers, IReadOnlyList<ValidationError> Errors)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>
/// Reads a waiver file, <c>{ "waivers": [ { "id", "tenantId", "environmentId"?, "ruleId", "objects"?, "reason",
/// "createdBy", "createdAt", "expiresAt", "ticket"? } ] }</c> (docs/workflow.md). Unknown properties are refused (a
/// misspelt "expires" must not pass silently); rule ids are checked against the catalog and written as it spells them.
/// </summary>
public static class WaiverDocument
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16, AllowDuplicateProperties = false };

    private static readonly string[] Properties =
        ["id", "tenantId", "environmentId", "ruleId", "objects", "reason", "createdBy", "createdAt", "expiresAt", "ticket"];

    public static WaiverParseResult Parse(string json, RuleCatalog catalog) => Parse(Encoding.UTF8.GetBytes(json ?? ""), catalog);

    public static WaiverParseResult Parse(ReadOnlyMemory<byte> utf8Json, RuleCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        if (utf8Json.Span.StartsWith("\uFEFF"u8))
        {
            utf8Json = utf8Json[3..];
        }

        if (utf8Json.IsEmpty)
        {
            return Invalid("$", "the document is empty");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" (line {line + 1}, byte {ex.BytePositionInLine + 1})" : "";
            return Invalid("$", (ex.Message.Contains("duplicate", StringComparison.OrdinalIgnoreCase) ? "has a duplicate property name" : "is not valid JSON") + where);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Invalid("$", $"expected an object {{ \"waivers\": [ ... ] }}, got {Kind(root)}");
            }

            var errors = new List<ValidationError>();
            foreach (var property in root.EnumerateObject())
            {
                if (property.Name != "waivers")
                {
                    errors.Add(new($"$.{property.Name}", "unknown property (a waiver file has only \"waivers\")"));
                }
            }

            if (!root.TryGetProperty("waivers", out var list))
            {
                errors.Add(new("$.waivers", "is required"));
                return new([], errors);
            }

            if (list.ValueKind != JsonValueKind.Array)
            {
                errors.Add(new("$.waivers", $"expected an array, got {Kind(list)}"));
                return new([], errors);
            }

            var waivers = new List<Waiver>();
            var firstById = new Dictionary<string, string>(StringComparer.Ordinal);
            var index = 0;
            foreach (var element in list.EnumerateArray())
            {
                var path = string.Create(CultureInfo.InvariantCulture, $"$.waivers[{index++}]");
                var waiver = Read(element, catalog, path, errors);
                if (waiver is null)
                {
                    continue;
                }

                if (firstById.TryGetValue(waiver.Id, out var first))
                {
                    errors.Add(new($"{path}.id", $"'{waiver.Id}' is already the id of {first}"));
                    continue;
                }

                firstById[waiver.Id] = path;
                waivers.Add(waiver);
            }

            return errors.Count == 0 ? new(waivers, errors) : new([], errors);
        }
    }

    /// <summary>
    /// One waiver object at <paramref name="path"/>: types and unknown properties, then <see cref="WaiverValidation.Validate"/>.
    /// Null (with the problems added to <paramref name="errors"/>) when it is not a valid waiver.
    /// </summary>
    public static Waiver? Read(JsonElement element, RuleCatalog catalog, string path, List<ValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(errors);
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(path, $"expected a waiver object, got {Kind(element)}"));
            return null;
        }

        var before = errors.Count;
        foreach (var property in element.EnumerateObject())
        {
            if (Array.IndexOf(Properties, property.Name) < 0)
            {
                errors.Add(new($"{path}.{property.Name}", $"unknown property (a waiver has {string.Join(", ", Properties)})"));
            }
        }

        var waiver = new Waiver(
            String(element, "id", path, errors) ?? "",
            String(element, "tenantId", path, errors) ?? "",
            String(element, "environmentId", path, errors),
            String(element, "ruleId", path, errors) ?? "",
            Strings(element, "objects", path, errors),
            String(element, "reason", path, errors) ?? "",
            String(element, "createdBy", path, errors) ?? "",
            Time(element, "createdAt", path, errors),
            Time(element, "expiresAt", path, errors),
            String(element, "ticket", path, errors));

        // A property of the wrong type was reported above; validating its placeholder would only repeat it as "required".
        var reported = errors.Skip(before).Select(e => e.Path).ToHashSet(StringComparer.Ordinal);
        errors.AddRange(WaiverValidation.Validate(waiver, catalog, path).Where(e => !reported.Contains(e.Path)));
        if (errors.Count > before)
        {
            return null;
        }

        return waiver with { RuleId = catalog.Find(waiver.RuleId)!.Id };
    }

    /// <summary>Writes waivers in the file format (indented, camelCase), e.g. for an API export the CLI can read.</summary>
    public static string Write(IReadOnlyList<Waiver> waivers) =>
        JsonSerializer.Serialize(new WaiverFile(waivers), WorkflowJsonContext.Indented.WaiverFile);

    private static string? String(JsonElement element, string name, string path, List<ValidationError> errors)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(new($"{path}.{name}", $"expected a string, got {Kind(value)}"));
            return null;
        }

        return value.GetString();
    }

    private static string[]? Strings(JsonElement element, string name, string path, List<ValidationError> errors)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new($"{path}.{name}", $"expected an array of object names or patterns, got {Kind(value)}"));
            return null;
        }

        var items = new List<string>();
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                errors.Add(new(string.Create(CultureInfo.InvariantCulture, $"{path}.{name}[{i}]"), $"expected a string, got {Kind(item)}"));
            }
            else
            {
                items.Add(item.GetString()!);
            }

            i++;
        }

        return [.. items];
    }

    /// <summary>ISO 8601 with an offset, as in snapshots: a time without one would mean different instants on different machines.</summary>
    private static DateTimeOffset Time(JsonElement element, string name, string path, List<ValidationError> errors)
    {
        var text = String(element, name, path, errors);
        if (text is null)
        {
            return default;
        }

        if (!HasOffset(text) || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            errors.Add(new($"{path}.{name}", $"must be an ISO 8601 date and time with an offset, e.g. 2026-11-26T09:30:00Z; got '{text}'"));
            return default;
        }

        return time;
    }

    private static bool HasOffset(string text)
    {
        var t = text.IndexOf('T', StringComparison.Ordinal);
        if (t != 10 || text.Length < 20)
        {
            return false;
        }

        var tail = text[(t + 1)..];
        return tail.EndsWith('Z') || tail.EndsWith('z') || tail.LastIndexOfAny(['+', '-']) is var sign && sign > 0 && tail.Length - sign == 6 && tail[^3] == ':';
    }

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static WaiverParseResult Invalid(string path, string message) => new([], [new ValidationError(path, message)]);
}
