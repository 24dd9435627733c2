using System.Text.Json;
using System.Text.Json.Serialization;

namespace VmmAssess.Core.Snapshots;

/// <summary>
/// Reads the values that large estates repeat thousands of times (OS captions and builds, cluster, vCenter and
/// version strings) through a small per-thread table, so equal values share one string instead of each host
/// allocating its own copy. Only unescaped values up to 128 bytes are pooled, matched on their exact UTF-8 bytes,
/// so the string read is always equal to what <see cref="Utf8JsonReader.GetString"/> returns; writing is unchanged.
/// </summary>
internal sealed class PooledStringConverter : JsonConverter<string>
{
    private const int Slots = 512;
    private const int MaxPooledBytes = 128;

    [ThreadStatic]
    private static Entry[]? table;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Read(ref reader);

    /// <summary>The current string token's value, shared with an earlier equal value when there is one.</summary>
    internal static string? Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > MaxPooledBytes)
        {
            return reader.GetString();
        }

        var bytes = reader.ValueSpan;
        var entries = table ??= new Entry[Slots];
        var hash = new HashCode();
        hash.AddBytes(bytes);
        ref var entry = ref entries[hash.ToHashCode() & (Slots - 1)];
        if (entry.Utf8 is { } cached && bytes.SequenceEqual(cached))
        {
            return entry.Value;
        }

        var value = reader.GetString()!;
        entry = new Entry(bytes.ToArray(), value);
        return value;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value);
    }

    private readonly record struct Entry(byte[]? Utf8, string Value);
}
