using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace VmmAssess.Core.Snapshots;

/// <summary>
/// Reads the values that large estates repeat thousands of times (OS captions and builds, cluster, vCenter and
/// version strings) through a small per-thread table, so equal values share one string instead of each host
/// allocating its own copy. Only unescaped ASCII values up to 128 bytes are pooled, matched on their exact bytes,
/// so the string read is always equal to what <see cref="Utf8JsonReader.GetString"/> returns; writing is unchanged.
/// </summary>
internal sealed class PooledStringConverter : JsonConverter<string>
{
    private const int Slots = 512;
    private const int MaxPooledBytes = 128;

    [ThreadStatic]
    private static string?[]? table;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Read(ref reader);

    /// <summary>The current string token's value, shared with an earlier equal value when there is one.</summary>
    internal static string? Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > MaxPooledBytes
            || !Ascii.IsValid(reader.ValueSpan))
        {
            return reader.GetString();
        }

        // ASCII only, so the cached string is compared with the bytes directly and no copy of them is kept.
        var bytes = reader.ValueSpan;
        var entries = table ??= new string?[Slots];
        var hash = new HashCode();
        hash.AddBytes(bytes);
        ref var entry = ref entries[hash.ToHashCode() & (Slots - 1)];
        if (entry is { } cached && Ascii.Equals(bytes, cached))
        {
            return cached;
        }

        var value = reader.GetString()!;
        entry = value;
        return value;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value);
    }
}
