using System.Text;
using System.Text.Json;

namespace VmmAssess.Core.Snapshots;

/// <summary>
/// One pass over a snapshot's UTF-8 bytes that checks the compiled schema (<see cref="SchemaNode"/>) while it builds
/// the model, token by token on a <see cref="Utf8JsonReader"/>: no document, no second walk, no reflection.
/// It only ever accepts: the first thing it cannot prove valid (a schema violation, a duplicate or escaped property
/// name, invalid JSON, a value the model cannot hold) makes it give up, and <see cref="SnapshotParser"/> then takes the
/// exact three-pass path (document, validator, deserializer), which reports every error with today's messages and
/// JSONPaths. So a document it accepts is one the three passes accept, read into an equal <see cref="Snapshot"/>
/// (tests compare both paths on samples, generated estates and mutated documents).
/// </summary>
internal ref partial struct SnapshotReader
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 32 };
    private const int StackTextLimit = 256;

    private Utf8JsonReader reader;
    private OperatingSystemInfo[]? operatingSystems;
    private int nextOs;

    private SnapshotReader(ReadOnlySpan<byte> utf8Json) => reader = new Utf8JsonReader(utf8Json, ReaderOptions);

    /// <summary>The snapshot, or null when the document needs the exact path (it may still be valid).</summary>
    public static Snapshot? TryRead(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            var snapshotReader = new SnapshotReader(utf8Json);
            snapshotReader.Next();
            var snapshot = snapshotReader.ReadSnapshot(SchemaValidator.SnapshotV1.Root);
            // Past the root only whitespace may follow; the reader throws on anything else.
            return snapshotReader.reader.Read() ? null : snapshot;
        }
        catch (Exception e) when (e is NotProvenException or JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private void Next()
    {
        if (!reader.Read())
        {
            throw NotProvenException.Instance;
        }
    }

    private static NotProvenException GiveUp() => NotProvenException.Instance;

    // Objects: the caller reads `while (NextProperty(node, ref state, out var entry)) { ... }` then `EndObject(node, state)`.

    /// <summary>At a value for <paramref name="node"/>: true at an object, false at an allowed null; gives up otherwise.</summary>
    private bool BeginObject(SchemaNode node)
    {
        if (node.Const is not null || node.Enum is not null || !node.StreamingSupported)
        {
            throw GiveUp();
        }

        return reader.TokenType switch
        {
            JsonTokenType.StartObject when (node.Types & JsonKinds.Object) != 0 => true,
            JsonTokenType.Null when (node.Types & JsonKinds.Null) != 0 => false,
            _ => throw GiveUp(),
        };
    }

    /// <summary>
    /// Moves to the next defined property's value and returns its entry, checking and skipping properties the schema
    /// does not define (bounded in size, as the validator bounds them); false at the end of the object.
    /// </summary>
    private bool NextProperty(SchemaNode node, ref ObjectState state, out PropertyEntry entry)
    {
        while (true)
        {
            Next();
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                entry = null!;
                return false;
            }

            if (reader.ValueIsEscaped)
            {
                throw GiveUp();
            }

            var found = node.FindUtf8(reader.ValueSpan, state.Previous);
            if (found is not null)
            {
                var bit = 1UL << found.Index;
                if ((state.Seen & bit) != 0)
                {
                    throw GiveUp(); // duplicate name
                }

                state.Seen |= bit;
                state.Previous = found.Index;
                Next();
                entry = found;
                return true;
            }

            NoteUnknownName(ref state);
            Next();
            var start = reader.TokenStartIndex;
            SkipCheckingNames();
            // The validator bounds the raw value (quotes included); close calls go to the exact path.
            if (node.Entries.Count > 0 && reader.BytesConsumed - start > SchemaValidator.MaxUnknownPropertyBytes - 2)
            {
                throw GiveUp();
            }
        }
    }

    private static void EndObject(SchemaNode node, in ObjectState state)
    {
        if ((state.Seen & node.RequiredMask) != node.RequiredMask)
        {
            throw GiveUp(); // a required property is missing
        }
    }

    private void NoteUnknownName(ref ObjectState state)
    {
        var name = reader.ValueSpan;
        if (state.Unknown is { } seen)
        {
            foreach (var other in seen)
            {
                if (name.SequenceEqual(other))
                {
                    throw GiveUp();
                }
            }
        }

        (state.Unknown ??= []).Add(name.ToArray());
    }

    /// <summary>Skips the current value; objects inside it must not repeat a name either (the document parser refuses them).</summary>
    private void SkipCheckingNames()
    {
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            var state = new ObjectState();
            while (true)
            {
                Next();
                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    return;
                }

                if (reader.ValueIsEscaped)
                {
                    throw GiveUp();
                }

                NoteUnknownName(ref state);
                Next();
                SkipCheckingNames();
            }
        }

        if (reader.TokenType == JsonTokenType.StartArray)
        {
            while (true)
            {
                Next();
                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    return;
                }

                SkipCheckingNames();
            }
        }
    }

    /// <summary>At a value for <paramref name="node"/>: true at an array (then <c>NextItem</c> walks it), false at an allowed null.</summary>
    private bool BeginArray(SchemaNode node)
    {
        if (node.Const is not null || node.Enum is not null || node.Items is null)
        {
            throw GiveUp();
        }

        return reader.TokenType switch
        {
            JsonTokenType.StartArray when (node.Types & JsonKinds.Array) != 0 => true,
            JsonTokenType.Null when (node.Types & JsonKinds.Null) != 0 => false,
            _ => throw GiveUp(),
        };
    }

    /// <summary>Moves to the next item; false at the end of the array.</summary>
    private bool NextItem()
    {
        Next();
        return reader.TokenType != JsonTokenType.EndArray;
    }

    /// <summary>Checks any value against <paramref name="node"/> and moves past it (schema properties the model does not keep).</summary>
    private void CheckValue(SchemaNode node)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String or JsonTokenType.Null:
                _ = CheckString(node);
                break;
            case JsonTokenType.Number:
                _ = CheckNumber(node);
                break;
            case JsonTokenType.True or JsonTokenType.False:
                _ = ReadBoolean(node);
                break;
            case JsonTokenType.StartObject:
                if (BeginObject(node))
                {
                    var state = new ObjectState();
                    while (NextProperty(node, ref state, out var entry))
                    {
                        CheckValue(entry.Schema);
                    }

                    EndObject(node, state);
                }

                break;
            case JsonTokenType.StartArray:
                if (BeginArray(node))
                {
                    while (NextItem())
                    {
                        CheckValue(node.Items!);
                    }
                }

                break;
            default:
                throw GiveUp();
        }
    }

    /// <summary>
    /// Checks a string (or null) value against <paramref name="node"/>: const, enum, type, length, pattern, date-time.
    /// Returns false for an allowed null. Decides on the raw UTF-8 where that settles it, as the validator does.
    /// </summary>
    private bool CheckString(SchemaNode node)
    {
        if (node.Const is not null)
        {
            return reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(node.ConstUtf8) ? true : throw GiveUp();
        }

        if (node.Enum is not null)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return node.EnumAllowsNull ? false : throw GiveUp();
            }

            if (reader.TokenType == JsonTokenType.String)
            {
                foreach (var allowed in node.EnumUtf8)
                {
                    if (reader.ValueTextEquals(allowed))
                    {
                        return true;
                    }
                }
            }

            throw GiveUp();
        }

        if (reader.TokenType == JsonTokenType.Null)
        {
            return (node.Types & JsonKinds.Null) != 0 ? false : throw GiveUp();
        }

        if (reader.TokenType != JsonTokenType.String || (node.Types & JsonKinds.String) == 0)
        {
            throw GiveUp();
        }

        if (node.ChecksStrings)
        {
            CheckStringConstraints(node);
        }

        return true;
    }

    private void CheckStringConstraints(SchemaNode node)
    {
        var content = reader.ValueSpan;
        // Escapes, long text, DEL, C1 controls (lead byte 0xC2) and the bidi controls (lead byte 0xE2) take the exact check.
        var plain = !reader.ValueIsEscaped && content.Length <= StackTextLimit && content.IndexOfAny((byte)0x7F, (byte)0xC2, (byte)0xE2) < 0;
        // Without escapes a string has at least as many UTF-8 bytes as characters and text elements.
        if (!plain
            || (node.MinLength is { } min && !(min <= 0 || (min == 1 && content.Length > 0)))
            || (node.MaxLength is { } max && content.Length > max))
        {
            if (!SchemaValidator.TextIsValid(node, reader.GetString()!))
            {
                throw GiveUp();
            }

            return;
        }

        if ((node.Pattern is null && !node.IsDateTime) || CheckedStrings.Contains(node, content))
        {
            return;
        }

        Span<char> buffer = stackalloc char[StackTextLimit];
        var text = buffer[..Encoding.UTF8.GetChars(content, buffer)];
        if (!SchemaValidator.PlainTextIsValid(node, text))
        {
            throw GiveUp();
        }

        CheckedStrings.Add(node, content);
    }

    /// <summary>Checks a number (or null) against <paramref name="node"/>; false for an allowed null.</summary>
    private bool CheckNumber(SchemaNode node)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return node.Const is null && (node.Enum is null ? (node.Types & JsonKinds.Null) != 0 : node.EnumAllowsNull) ? false : throw GiveUp();
        }

        if (node.Const is not null || node.Enum is not null || reader.TokenType != JsonTokenType.Number)
        {
            throw GiveUp();
        }

        var kind = reader.TryGetInt64(out _) ? JsonKinds.Integer : JsonKinds.Number;
        if ((node.Types & kind) == 0 || !reader.TryGetDouble(out var number)
            || (node.Minimum is { } minimum && number < minimum) || (node.Maximum is { } maximum && number > maximum))
        {
            throw GiveUp();
        }

        return true;
    }

    private int? ReadInt32(SchemaNode node) =>
        !CheckNumber(node) ? null : reader.TryGetInt32(out var value) ? value : throw GiveUp();

    private bool? ReadBoolean(SchemaNode node)
    {
        var isNull = reader.TokenType == JsonTokenType.Null;
        if (node.Const is not null || (node.Enum is not null && !(isNull && node.EnumAllowsNull)))
        {
            throw GiveUp();
        }

        return reader.TokenType switch
        {
            JsonTokenType.True when (node.Types & JsonKinds.Boolean) != 0 => true,
            JsonTokenType.False when (node.Types & JsonKinds.Boolean) != 0 => false,
            JsonTokenType.Null when node.Enum is not null || (node.Types & JsonKinds.Null) != 0 => null,
            _ => throw GiveUp(),
        };
    }

    private string? ReadString(SchemaNode node) => CheckString(node) ? reader.GetString() : null;

    /// <summary>A string that repeats across an estate, shared through <see cref="PooledStringConverter"/>'s table.</summary>
    private string? ReadPooledString(SchemaNode node) => CheckString(node) ? PooledStringConverter.Read(ref reader) : null;

    private DateTimeOffset? ReadDateTimeOffset(SchemaNode node) =>
        !CheckString(node) ? null : reader.TryGetDateTimeOffset(out var value) ? value : throw GiveUp();

    private struct ObjectState()
    {
        public ulong Seen;
        public int Previous = -1;
        public List<byte[]>? Unknown;
    }

    /// <summary>Not an error: this reader cannot prove the document valid, the exact path decides.</summary>
    private sealed class NotProvenException : Exception
    {
        public static readonly NotProvenException Instance = new();
    }
}
