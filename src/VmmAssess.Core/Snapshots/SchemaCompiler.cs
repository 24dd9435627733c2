using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace VmmAssess.Core.Snapshots;

/// <summary>
/// Turns the embedded JSON Schema into the tree of <see cref="SchemaNode"/>s that <see cref="SchemaValidator"/> walks:
/// resolves local <c>$ref</c>s, reads the keywords the contract uses and precomputes their UTF-8 forms, once at start.
/// </summary>
internal static class SchemaCompiler
{
    public static SchemaNode Compile(JsonElement document)
    {
        var defs = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (document.TryGetProperty("$defs", out var defsElement))
        {
            foreach (var def in defsElement.EnumerateObject())
            {
                defs[def.Name] = def.Value.Clone();
            }
        }

        return Compile(document, defs, new Dictionary<string, SchemaNode>(StringComparer.Ordinal));
    }

    private static SchemaNode Compile(JsonElement schema, Dictionary<string, JsonElement> defs, Dictionary<string, SchemaNode> compiled)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            var target = reference.GetString()!;
            const string prefix = "#/$defs/";
            if (!target.StartsWith(prefix, StringComparison.Ordinal) || !defs.TryGetValue(target[prefix.Length..], out var definition))
            {
                throw new InvalidOperationException($"Unsupported $ref '{target}' in the snapshot schema.");
            }

            var name = target[prefix.Length..];
            if (!compiled.TryGetValue(name, out var node))
            {
                node = Compile(definition, defs, compiled);
                compiled[name] = node;
            }

            return node;
        }

        var result = new SchemaNode();
        if (schema.TryGetProperty("type", out var type))
        {
            result.Types = type.ValueKind == JsonValueKind.Array
                ? type.EnumerateArray().Aggregate(JsonKinds.None, (acc, t) => acc | ParseKind(t.GetString()!))
                : ParseKind(type.GetString()!);
        }

        if (schema.TryGetProperty("const", out var constant))
        {
            result.Const = constant.GetString();
        }

        if (schema.TryGetProperty("enum", out var values))
        {
            result.Enum = values.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToArray();
            result.EnumAllowsNull = values.EnumerateArray().Any(v => v.ValueKind == JsonValueKind.Null);
        }

        if (schema.TryGetProperty("pattern", out var pattern))
        {
            result.Pattern = new Regex(EcmaEndAnchors(pattern.GetString()!), RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromSeconds(1));
        }

        if (schema.TryGetProperty("x-message", out var message))
        {
            result.PatternMessage = message.GetString();
        }

        result.IsDateTime = schema.TryGetProperty("format", out var format) && format.ValueEquals("date-time");
        result.MinLength = schema.TryGetProperty("minLength", out var minLength) ? minLength.GetInt32() : null;
        result.MaxLength = schema.TryGetProperty("maxLength", out var maxLength) ? maxLength.GetInt32() : null;
        result.Minimum = schema.TryGetProperty("minimum", out var minimum) ? minimum.GetDouble() : null;
        result.Maximum = schema.TryGetProperty("maximum", out var maximum) ? maximum.GetDouble() : null;
        if (schema.TryGetProperty("required", out var required))
        {
            result.Required = required.EnumerateArray().Select(r => r.GetString()!).ToArray();
        }

        if (schema.TryGetProperty("properties", out var properties))
        {
            foreach (var property in properties.EnumerateObject())
            {
                result.Properties[property.Name] = Compile(property.Value, defs, compiled);
            }
        }

        if (schema.TryGetProperty("items", out var items))
        {
            result.Items = Compile(items, defs, compiled);
        }

        return result.Seal();
    }

    /// <summary>
    /// JSON Schema patterns are ECMA-262 regular expressions, where "$" matches only at the very end of the input;
    /// in .NET it also matches before a final newline, which let "contoso\n" through the key pattern. Outside
    /// character classes, an unescaped "$" becomes "\z".
    /// </summary>
    private static string EcmaEndAnchors(string pattern)
    {
        var result = new StringBuilder(pattern.Length + 4);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                result.Append(c).Append(pattern[++i]);
            }
            else if (inClass)
            {
                inClass = c != ']';
                result.Append(c);
            }
            else
            {
                inClass = c == '[';
                result.Append(c == '$' ? "\\z" : c.ToString());
            }
        }

        return result.ToString();
    }

    private static JsonKinds ParseKind(string name) => name switch
    {
        "object" => JsonKinds.Object,
        "array" => JsonKinds.Array,
        "string" => JsonKinds.String,
        "integer" => JsonKinds.Integer,
        "number" => JsonKinds.Number | JsonKinds.Integer,
        "boolean" => JsonKinds.Boolean,
        "null" => JsonKinds.Null,
        _ => throw new InvalidOperationException($"Unsupported schema type '{name}'."),
    };
}

[Flags]
internal enum JsonKinds
{
    None = 0,
    Object = 1,
    Array = 2,
    String = 4,
    Integer = 8,
    Number = 16,
    Boolean = 32,
    Null = 64,
    Any = 127,
}

internal sealed class SchemaNode
{
    private PropertyEntry[] entries = [];

    public JsonKinds Types { get; set; } = JsonKinds.Any;
    public string? Const { get; set; }
    public byte[] ConstUtf8 { get; private set; } = [];
    public string[]? Enum { get; set; }
    public byte[][] EnumUtf8 { get; private set; } = [];
    public bool EnumAllowsNull { get; set; }
    public Regex? Pattern { get; set; }
    public string? PatternMessage { get; set; }
    public bool IsDateTime { get; set; }
    public int? MinLength { get; set; }
    public int? MaxLength { get; set; }
    public double? Minimum { get; set; }
    public double? Maximum { get; set; }
    public string[] Required { get; set; } = [];
    public byte[][] RequiredUtf8 { get; private set; } = [];
    public Dictionary<string, SchemaNode> Properties { get; } = new(StringComparer.Ordinal);
    public SchemaNode? Items { get; set; }

    /// <summary>Whether a string value can fail this node at all (length, pattern or date-time).</summary>
    public bool ChecksStrings { get; private set; }

    /// <summary>Precomputes the UTF-8 forms the walk compares against; called once the node is complete.</summary>
    /// <summary>Whether the property may be present as null.</summary>
    public bool AllowsNull(string property) =>
        Properties.TryGetValue(property, out var child) && ((child.Types & JsonKinds.Null) != 0 || child.EnumAllowsNull);

    public SchemaNode Seal()
    {
        ConstUtf8 = Const is null ? [] : Encoding.UTF8.GetBytes(Const);
        EnumUtf8 = Enum?.Select(Encoding.UTF8.GetBytes).ToArray() ?? [];
        RequiredUtf8 = Required.Select(Encoding.UTF8.GetBytes).ToArray();
        ChecksStrings = MinLength is not null || MaxLength is not null || Pattern is not null || IsDateTime;
        entries = Properties.Select((p, index) => new PropertyEntry(
            p.Key,
            Encoding.UTF8.GetBytes(p.Key),
            p.Value,
            Required.Contains(p.Key) && !AllowsNull(p.Key),
            index)).ToArray();
        StreamingSupported = entries.Length <= 64 && Required.All(Properties.ContainsKey);
        RequiredMask = entries.Where(e => Required.Contains(e.Name)).Aggregate(0UL, (mask, e) => mask | (1UL << e.Index));
        return this;
    }

    // One reference, replaced whole, so threads reading it concurrently never see half of an update.
    private FieldMap? fieldMap;

    private sealed record FieldMap(string[] Names, int[]? Fields);

    /// <summary>
    /// For each of this node's properties, its position in <paramref name="names"/> (a model type's properties), or -1
    /// for a property the model does not keep; null when the model has a property the schema does not define (the
    /// deserializer would read it as an unknown property, so the streaming reader must not be used). Cached per node.
    /// </summary>
    public int[]? FieldsOf(string[] names)
    {
        if (fieldMap is { } cached && ReferenceEquals(cached.Names, names))
        {
            return cached.Fields;
        }

        int[]? fields = names.All(Properties.ContainsKey)
            ? entries.Select(e => Array.IndexOf(names, e.Name)).ToArray()
            : null;
        fieldMap = new FieldMap(names, fields);
        return fields;
    }

    /// <summary>The properties the schema defines, in its order (<see cref="PropertyEntry.Index"/>).</summary>
    public IReadOnlyList<PropertyEntry> Entries => entries;

    /// <summary>Whether <see cref="SnapshotReader"/> can check this node's objects with a 64-bit mask of properties seen.</summary>
    public bool StreamingSupported { get; private set; }

    /// <summary>Bit <see cref="PropertyEntry.Index"/> set for every required property.</summary>
    public ulong RequiredMask { get; private set; }

    /// <summary>
    /// The entry named by unescaped UTF-8 <paramref name="name"/>, or null; the search starts after <paramref name="previous"/>
    /// because documents usually list properties in the schema's order.
    /// </summary>
    public PropertyEntry? FindUtf8(ReadOnlySpan<byte> name, int previous)
    {
        var count = entries.Length;
        for (int i = 0, at = previous + 1; i < count; i++, at++)
        {
            var entry = entries[at >= count ? at - count : at];
            if (name.SequenceEqual(entry.Utf8Name))
            {
                return entry;
            }
        }

        return null;
    }

    /// <summary>The schema of a document property, matched on its UTF-8 name; a name with escapes is decoded
    /// (as System.Text.Json does, throwing on an escaped unpaired surrogate) and looked up by text.</summary>
    public PropertyEntry? Find(JsonProperty property)
    {
        var rawName = JsonMarshal.GetRawUtf8PropertyName(property);
        if (rawName.IndexOf((byte)'\\') >= 0)
        {
            var name = property.Name;
            return Array.Find(entries, e => e.Name == name);
        }

        foreach (var entry in entries)
        {
            if (rawName.SequenceEqual(entry.Utf8Name))
            {
                return entry;
            }
        }

        return null;
    }
}

internal sealed record PropertyEntry(string Name, byte[] Utf8Name, SchemaNode Schema, bool SkipWhenNull, int Index);
