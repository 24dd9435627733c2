using System.CommandLine;
using System.Text.Json;
using VmmAssess.Cli.Reports;
using VmmAssess.Core.Snapshots;

namespace VmmAssess.Cli;

/// <summary>`vmmassess validate`: contract errors fail; properties the contract does not know are warned about (a typo loses data).</summary>
internal static class ValidateCommand
{
    public static Command Create(CliEnvironment env)
    {
        var path = new Argument<string>("file") { Description = "The snapshot to check against contract v1." };
        var format = CliApplication.FormatOption("text", ["text", "json"]);
        var command = new Command("validate", "Check a snapshot against the contract; every problem is named with its JSON path, unknown properties are warned about.") { path, format };
        command.SetAction(parse =>
        {
            var file = SnapshotFiles.Read(SnapshotFiles.Resolve([parse.GetValue(path)!], recursive: false) is [var single] ? single
                : throw new UsageException("validate takes one file."));
            var warnings = file.Utf8Json is { } bytes ? UnknownProperties.Find(bytes) : [];
            if (parse.GetValue(format) == "json")
            {
                env.Stdout.WriteLine(JsonSerializer.Serialize(new ValidationReport(file.Path, file.Result.IsValid, file.Result.Errors, warnings), CliJsonContext.Default.ValidationReport));
            }

            foreach (var warning in warnings)
            {
                env.Stderr.WriteLine($"warning: {warning}");
            }

            if (!file.Result.IsValid)
            {
                CliApplication.WriteErrors(env.Stderr, file);
                return ExitCodes.InvalidSnapshot;
            }

            if (parse.GetValue(format) != "json")
            {
                var snapshot = file.Result.Snapshot!;
                var note = warnings.Count > 0 ? $"; {warnings.Count} unknown propert{(warnings.Count == 1 ? "y was" : "ies were")} ignored" : "";
                env.Stdout.WriteLine($"{file.Path}: valid snapshot (tenant {snapshot.TenantId}, environment {snapshot.EnvironmentId}){note}.");
            }

            return ExitCodes.Assessed;
        });
        return command;
    }
}

/// <summary>
/// Properties the snapshot contract does not define. The contract allows them (a newer collector may add some), so they
/// are warnings, but a misspelt "hots" would otherwise silently assess an estate without hosts.
/// </summary>
internal static class UnknownProperties
{
    private static readonly Lazy<JsonDocument> Schema = new(() =>
    {
        // The contract as the Core embeds it, so the names checked are those of the schema the snapshot was validated against.
        using var stream = typeof(SnapshotParser).Assembly.GetManifestResourceStream("VmmAssess.Core.snapshot-v1.schema.json")
            ?? throw new InvalidOperationException("The snapshot schema is not embedded in VmmAssess.Core.");
        return JsonDocument.Parse(stream);
    });

    public static IReadOnlyList<ValidationWarning> Find(byte[] utf8Json)
    {
        var warnings = new List<ValidationWarning>();
        try
        {
            var span = utf8Json.AsSpan();
            using var document = JsonDocument.Parse(span.StartsWith("\uFEFF"u8) ? utf8Json.AsMemory(3) : utf8Json, new JsonDocumentOptions { MaxDepth = 32 });
            Walk(document.RootElement, Schema.Value.RootElement, "$", warnings);
        }
        catch (JsonException)
        {
            // Not JSON at all: the contract errors already say so.
        }

        return warnings;
    }

    private static void Walk(JsonElement value, JsonElement schema, string path, List<ValidationWarning> warnings)
    {
        schema = Resolve(schema);
        if (value.ValueKind == JsonValueKind.Object && schema.TryGetProperty("properties", out var properties))
        {
            var known = properties.EnumerateObject().Select(p => p.Name).ToList();
            foreach (var property in value.EnumerateObject())
            {
                if (properties.TryGetProperty(property.Name, out var propertySchema))
                {
                    Walk(property.Value, propertySchema, $"{path}.{property.Name}", warnings);
                }
                else
                {
                    var nearest = Nearest(property.Name, known);
                    warnings.Add(new ValidationWarning($"{path}.{property.Name}",
                        "is not a property of the snapshot contract and is ignored" + (nearest is null ? "" : $"; did you mean {nearest}?"), nearest));
                }
            }
        }
        else if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                Walk(item, items, $"{path}[{index++}]", warnings);
            }
        }
    }

    private static JsonElement Resolve(JsonElement schema)
    {
        while (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var reference)
               && reference.GetString() is { } pointer && pointer.StartsWith("#/$defs/", StringComparison.Ordinal))
        {
            schema = Schema.Value.RootElement.GetProperty("$defs").GetProperty(pointer["#/$defs/".Length..]);
        }

        return schema;
    }

    /// <summary>The known name closest by edit distance, when close enough to be a typo (or differs only in case).</summary>
    internal static string? Nearest(string name, IEnumerable<string> known)
    {
        var best = known
            .Select(k => (Name: k, Distance: Distance(name.ToLowerInvariant(), k.ToLowerInvariant())))
            .OrderBy(k => k.Distance).ThenBy(k => k.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        return best.Name is not null && best.Distance <= Math.Max(1, Math.Min(3, name.Length / 3)) ? best.Name : null;
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours ("hsots").</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}

/// <summary>A property the contract does not define, where, and the known name it most likely meant.</summary>
internal sealed record ValidationWarning(string Path, string Message, string? DidYouMean)
{
    public override string ToString() => $"{Path}: {Message}";
}
