using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace VmmAssess.Core.Snapshots;

/// <summary>
/// Validates a JSON document against the published snapshot schema (schemas/snapshot-v1.schema.json, embedded
/// in this assembly), so the file that integrators read and the checks the product runs can never drift apart.
/// It interprets the subset of JSON Schema 2020-12 that the contract uses (type, const, enum, pattern,
/// minLength/maxLength, minimum/maximum, required, properties, items, format date-time, local $ref) and reports
/// every violation with its JSONPath instead of stopping at the first.
/// </summary>
public sealed partial class SchemaValidator
{
    private const int MaxErrors = 200;
    private readonly SchemaNode root;

    private SchemaValidator(SchemaNode root) => this.root = root;

    public static SchemaValidator SnapshotV1 { get; } = Load("VmmAssess.Core.snapshot-v1.schema.json");

    /// <summary>The compiled schema, which <see cref="SnapshotReader"/> checks while it reads.</summary>
    internal SchemaNode Root => root;

    private static SchemaValidator Load(string resourceName)
    {
        using var stream = typeof(SchemaValidator).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"Embedded schema '{resourceName}' is missing from {typeof(SchemaValidator).Assembly.GetName().Name}.");
        using var document = JsonDocument.Parse(stream);
        return new SchemaValidator(SchemaCompiler.Compile(document.RootElement));
    }

    public IReadOnlyList<ValidationError> Validate(JsonElement instance)
    {
        var errors = new List<ValidationError>();
        var path = new JsonPath();
        Validate(root, instance, path, errors);
        return errors;
    }

    // The walk allocates nothing while the document is valid: paths are kept as a stack of segments and only turned into
    // text for an error, property names are matched as UTF-8 against the schema, and string values are checked on their
    // raw UTF-8 (or a stack copy) unless they contain escapes, which take the exact, allocating path.
    private static void Validate(SchemaNode node, JsonElement value, JsonPath path, List<ValidationError> errors)
    {
        if (errors.Count >= MaxErrors)
        {
            return;
        }

        if (node.Const is { } constant)
        {
            if (value.ValueKind != JsonValueKind.String || !value.ValueEquals(node.ConstUtf8))
            {
                Add(errors, path, $"must be \"{constant}\"");
            }

            return;
        }

        if (node.Enum is { } allowed)
        {
            var ok = value.ValueKind switch
            {
                JsonValueKind.Null => node.EnumAllowsNull,
                JsonValueKind.String => EnumContains(node.EnumUtf8, value),
                _ => false,
            };
            if (!ok)
            {
                Add(errors, path, $"must be one of {string.Join(", ", allowed.Select(a => "\"" + a + "\""))}{(node.EnumAllowsNull ? " or null" : "")}");
            }

            return;
        }

        var kind = Classify(value);
        if (node.Types != JsonKinds.Any && (node.Types & kind) == 0)
        {
            Add(errors, path, $"expected {Describe(node.Types)}, got {Describe(kind)}");
            return;
        }

        switch (kind)
        {
            case JsonKinds.String:
                ValidateString(node, value, path, errors);
                break;
            case JsonKinds.Integer:
            case JsonKinds.Number:
                ValidateNumber(node, value, path, errors);
                break;
            case JsonKinds.Object:
                ValidateObject(node, value, path, errors);
                break;
            case JsonKinds.Array when node.Items is { } items:
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    path.PushIndex(index);
                    Validate(items, item, path, errors);
                    path.Pop();
                    index++;
                }

                break;
        }
    }

    private static bool EnumContains(byte[][] allowed, JsonElement value)
    {
        foreach (var candidate in allowed)
        {
            if (value.ValueEquals(candidate))
            {
                return true;
            }
        }

        return false;
    }

    private const int StackTextLimit = 256;

    private static void ValidateString(SchemaNode node, JsonElement value, JsonPath path, List<ValidationError> errors)
    {
        if (!node.ChecksStrings)
        {
            return;
        }

        var raw = JsonMarshal.GetRawUtf8Value(value);
        var content = raw.Length >= 2 && raw[0] == (byte)'"' ? raw[1..^1] : raw;
        // Escapes, long text, DEL, C1 controls (UTF-8 lead byte 0xC2) and the bidi controls (lead byte 0xE2) take the exact path.
        if (content.IndexOf((byte)'\\') >= 0 || content.Length > StackTextLimit || content.IndexOfAny((byte)0x7F, (byte)0xC2, (byte)0xE2) >= 0)
        {
            ValidateStringExactly(node, value, path, errors);
            return;
        }

        // No escapes: the value is these UTF-8 bytes (valid, the parser checked). A string has at least as many UTF-8
        // bytes as UTF-16 chars and at least as many chars as text elements, so the byte count settles the usual cases.
        if ((node.MinLength is { } min && !(min <= 0 || (min == 1 && content.Length > 0)))
            || (node.MaxLength is { } max && content.Length > max))
        {
            ValidateStringExactly(node, value, path, errors);
            return;
        }

        if (node.Pattern is null && !node.IsDateTime)
        {
            return;
        }

        Span<char> buffer = stackalloc char[StackTextLimit];
        var text = buffer[..Encoding.UTF8.GetChars(content, buffer)];
        if (node.Pattern is { } pattern && !pattern.IsMatch(text))
        {
            Add(errors, path, node.PatternMessage ?? $"must match {pattern}");
        }
        else if (node.IsDateTime)
        {
            ValidateDateTime(text, path, errors);
        }
    }

    private static void ValidateStringExactly(SchemaNode node, JsonElement value, JsonPath path, List<ValidationError> errors)
    {
        string text;
        try
        {
            text = value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            Add(errors, path, "is not valid Unicode (an escaped unpaired surrogate)");
            return;
        }

        ValidateText(node, text, path, errors);
    }

    /// <summary>Whether <paramref name="text"/> passes the node's string checks, by the exact (allocating) path.</summary>
    internal static bool TextIsValid(SchemaNode node, string text)
    {
        var errors = new List<ValidationError>();
        ValidateText(node, text, new JsonPath(), errors);
        return errors.Count == 0;
    }

    /// <summary>Whether a string without escapes or unusual characters passes the node's pattern and date-time checks.</summary>
    internal static bool PlainTextIsValid(SchemaNode node, ReadOnlySpan<char> text)
    {
        if (node.Pattern is { } pattern && !pattern.IsMatch(text))
        {
            return false;
        }

        if (!node.IsDateTime)
        {
            return true;
        }

        var errors = new List<ValidationError>(0);
        ValidateDateTime(text, new JsonPath(), errors);
        return errors.Count == 0;
    }

    private static void ValidateText(SchemaNode node, string text, JsonPath path, List<ValidationError> errors)
    {
        var length = new StringInfo(text).LengthInTextElements;
        if (node.MinLength is { } min && length < min)
        {
            Add(errors, path, min == 1 ? "must not be empty" : $"must be at least {min} characters");
        }

        if (node.MaxLength is { } max && length > max)
        {
            Add(errors, path, $"must be at most {max} characters");
        }
        else if (node.MaxLength is { } limit && text.Length > limit * MaxCodeUnitsPerCharacter)
        {
            // A text element can carry any number of combining marks: bound the stored size too.
            Add(errors, path, $"must be at most {limit * MaxCodeUnitsPerCharacter} UTF-16 code units (combining marks count)");
        }

        if (node.MaxLength is { } textLimit && ForbiddenCharacter(text, allowLineBreaks: textLimit > NameMaxLength) is { } bad)
        {
            Add(errors, path, $"must not contain the control or bidirectional-override character U+{(int)bad:X4}");
        }

        if (node.Pattern is { } pattern && !pattern.IsMatch(text))
        {
            Add(errors, path, node.PatternMessage ?? $"must match {pattern}");
        }
        else if (node.IsDateTime)
        {
            ValidateDateTime(text, path, errors);
        }
    }

    /// <summary>The earliest instant a timestamp may name: Azure Table Storage refuses dates before 1601 (Azurite accepts them).</summary>
    public static readonly DateTimeOffset EarliestTimestamp = new(1601, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Largest value of a property the contract does not define (64 KiB of JSON).</summary>
    public const int MaxUnknownPropertyBytes = 64 * 1024;

    /// <summary>UTF-16 code units allowed per character of <c>maxLength</c> (a surrogate pair is two).</summary>
    public const int MaxCodeUnitsPerCharacter = 2;

    /// <summary>Strings up to this <c>maxLength</c> are names: no line breaks either.</summary>
    private const int NameMaxLength = 256;

    private static void ValidateDateTime(ReadOnlySpan<char> text, JsonPath path, List<ValidationError> errors)
    {
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
        {
            Add(errors, path, "is not a valid date and time");
        }
        else if (instant < EarliestTimestamp)
        {
            Add(errors, path, "must not be earlier than 1601-01-01T00:00:00Z");
        }
    }

    /// <summary>The first C0/C1 control (line breaks and tab allowed in free text) or bidi embedding/override/isolate character.</summary>
    private static char? ForbiddenCharacter(string text, bool allowLineBreaks)
    {
        foreach (var c in text)
        {
            if (c is '\t' or '\n' or '\r' ? !allowLineBreaks : char.IsControl(c) || c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069'))
            {
                return c;
            }
        }

        return null;
    }

    private static void ValidateNumber(SchemaNode node, JsonElement value, JsonPath path, List<ValidationError> errors)
    {
        var number = value.GetDouble();
        if (node.Minimum is { } min && number < min)
        {
            Add(errors, path, $"must be at least {min.ToString(CultureInfo.InvariantCulture)}");
        }

        if (node.Maximum is { } max && number > max)
        {
            Add(errors, path, $"must be at most {max.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    private static void ValidateObject(SchemaNode node, JsonElement value, JsonPath path, List<ValidationError> errors)
    {
        for (var i = 0; i < node.Required.Length; i++)
        {
            if (!value.TryGetProperty(node.RequiredUtf8[i], out var present) || (present.ValueKind == JsonValueKind.Null && !node.AllowsNull(node.Required[i])))
            {
                path.PushName(node.Required[i]);
                Add(errors, path, "required");
                path.Pop();
            }
        }

        if (node.Properties.Count == 0)
        {
            return;
        }

        foreach (var property in value.EnumerateObject())
        {
            var entry = node.Find(property);
            if (entry is null)
            {
                // Unknown properties are allowed so that newer collectors can talk to older backends, within a bound:
                // a body that is mostly one unknown value is not a snapshot and would be stored as it came.
                if (JsonMarshal.GetRawUtf8Value(property.Value).Length > MaxUnknownPropertyBytes)
                {
                    path.PushProperty(property);
                    Add(errors, path, $"is not part of the contract and larger than {MaxUnknownPropertyBytes} bytes");
                    path.Pop();
                }

                continue;
            }

            if (property.Value.ValueKind == JsonValueKind.Null && entry.SkipWhenNull)
            {
                continue; // Already reported as "required".
            }

            path.PushProperty(property);
            Validate(entry.Schema, property.Value, path, errors);
            path.Pop();
        }
    }

    private static void Add(List<ValidationError> errors, JsonPath path, string message)
    {
        if (errors.Count < MaxErrors)
        {
            errors.Add(new ValidationError(path.ToString(), message));
        }
    }
}
