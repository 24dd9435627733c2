using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using VmmAssess.Core.Snapshots;
using VmmAssess.Core.Tests.TestData;

namespace VmmAssess.Core.Tests.Snapshots;

/// <summary>
/// The one-pass reader (validating while it builds the model) against the exact three passes (document, schema walk,
/// deserializer) that decided before it: whatever it accepts, the three passes accept and read into the same snapshot;
/// whatever they reject, it leaves to them (so every error keeps its message and JSONPath).
/// </summary>
public class SnapshotReaderTests
{
    private const string Marker = "__mutated__";

    /// <summary>Awkward values as raw JSON: wrong types, empty, escapes, unpaired surrogates, huge numbers, long, non-ASCII and control text.</summary>
    private static readonly string[] RawValues =
    [
        "null", "true", "false", "0", "-1", "1.5", "3.0", "1e400", "1000", "1001", "2147483648", "99999999999999999999",
        "\"\"", "\"a\"", "\"\\u0000\"", "\"\\ud800\"", "\"x\\u0041y\"", "\"\u202E\"", "\"\u0085\"", "\"\u007F\"", "\"é\"",
        "\"" + new string('x', 70) + "\"", "\"" + new string('y', 300) + "\"", "\"" + string.Concat(Enumerable.Repeat("e\u0301", 200)) + "\"",
        "\"Server Core\"", "\"2016\"", "\"2012R2\"", "\"HyperV\"", "\"10.0.17763\"", "\"15.0.2000.5\"", "\"contoso\\n\"", "\"line\\nbreak\"",
        "\"2026-11-24T10:00:00Z\"", "\"2026-02-30T10:00:00Z\"", "\"1600-12-31T23:59:59Z\"", "\"2026-11-24T10:00:00.1234567+14:00\"",
        "\"3f2b8c1e-9d4a-4e7b-8c2d-1a5f6e7d8c9b\"", "\"3F2B8C1E-9D4A-4E7B-8C2D-1A5F6E7D8C9B\"",
        "{}", "[]", "[null]", "[\"a\"]", "{\"a\":1,\"a\":2}", "{\"name\":\"x\"}", "{\"build\":\"10.0.14393\"}", "[{\"a\":[{\"b\":1,\"b\":2}]}]",
    ];

    public static TheoryData<string> Documents()
    {
        var data = new TheoryData<string> { "baseline" };
        foreach (var path in RepoFiles.SamplePaths)
        {
            data.Add(Path.GetFileNameWithoutExtension(path));
        }

        return data;
    }

    private static JsonObject Load(string name) => name == "baseline" ? JsonDocs.Baseline() : JsonDocs.Sample(name);

    [Theory]
    [MemberData(nameof(Documents))]
    public void Valid_documents_are_read_in_one_pass_into_the_snapshot_the_three_passes_read(string name)
    {
        var utf8 = Encoding.UTF8.GetBytes(Load(name).ToJsonString());

        var onePass = SnapshotReader.TryRead(utf8);
        var exact = SnapshotParser.ParseInThreePasses(utf8);

        Assert.True(exact.IsValid);
        Assert.NotNull(onePass);
        Assert.Equal(Serialize(exact.Snapshot!), Serialize(onePass));
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_property_set_to_an_awkward_value_or_removed_gets_the_three_passes_answer(string name)
    {
        var document = Load(name);
        var checkedCount = 0;
        var readInOnePass = 0;
        foreach (var path in Paths(document, "$"))
        {
            foreach (var raw in RawValues.Append(null))
            {
                var mutated = Mutate(document, path, raw);
                if (mutated is null)
                {
                    continue;
                }

                var utf8 = Encoding.UTF8.GetBytes(mutated);
                var exact = SnapshotParser.ParseInThreePasses(utf8);
                var onePass = SnapshotReader.TryRead(utf8);
                if (onePass is not null)
                {
                    Assert.True(exact.IsValid, $"{path} = {raw ?? "(removed)"}: the one-pass reader accepted what the validator rejects: {string.Join("; ", exact.Errors)}");
                    Assert.Equal(Serialize(exact.Snapshot!), Serialize(onePass));
                    readInOnePass++;
                }

                // The public entry point answers exactly as the three passes do.
                Assert.Equal(Describe(exact), Describe(SnapshotParser.Parse(utf8)));
                checkedCount++;
            }
        }

        Assert.True(checkedCount > 500, $"only {checkedCount} mutations");
        Assert.True(readInOnePass > checkedCount / 10, $"the one-pass reader took only {readInOnePass} of {checkedCount} documents");
    }

    public static TheoryData<string, string> EnvelopeCases() => new()
    {
        { "duplicate property", "{\"tenantId\":\"a\",\"tenantId\":\"b\"," },
        { "escaped property name", "{\"tenant\\u0049d\":\"c\"," },
        { "escaped duplicate of a later name", "{\"schema\\u0056ersion\":\"1.0\"," },
        { "unknown property", "{\"future\":{\"x\":[1,2,{\"y\":null}]}," },
        { "duplicate inside an unknown property", "{\"future\":{\"x\":1,\"x\":2}," },
        { "duplicate unknown properties", "{\"future\":1,\"future\":2," },
        { "large unknown property", "{\"future\":\"" + new string('z', SchemaValidator.MaxUnknownPropertyBytes - 2) + "\"," },
        { "unknown property one byte too large", "{\"future\":\"" + new string('z', SchemaValidator.MaxUnknownPropertyBytes - 1) + "\"," },
        { "deep unknown property", "{\"future\":" + new string('[', 40) + new string(']', 40) + "," },
        { "comment", "{/* c */" },
        { "trailing comma", "{\"future\":1,," },
    };

    [Theory]
    [MemberData(nameof(EnvelopeCases))]
    public void Names_unknown_properties_and_syntax_get_the_three_passes_answer(string name, string start)
    {
        var baseline = JsonDocs.Baseline().ToJsonString();
        foreach (var text in new[] { start + baseline[1..], baseline + " x", baseline + " ", baseline[..^1] })
        {
            var utf8 = Encoding.UTF8.GetBytes(text);
            var exact = SnapshotParser.ParseInThreePasses(utf8);
            var onePass = SnapshotReader.TryRead(utf8);

            Assert.True(onePass is null || (exact.IsValid && Serialize(exact.Snapshot!) == Serialize(onePass)), name);
            Assert.Equal(Describe(exact), Describe(SnapshotParser.Parse(utf8)));
        }
    }

    private static string Serialize(Snapshot snapshot) => JsonSerializer.Serialize(snapshot, CoreJsonContext.Default.Snapshot);

    private static string Describe(SnapshotParseResult result) =>
        result.IsValid ? "valid " + Serialize(result.Snapshot!) : string.Join("\n", result.Errors);

    /// <summary>Every property and item path of the document.</summary>
    private static IEnumerable<string> Paths(JsonNode? node, string path)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    var child = $"{path}.{key}";
                    yield return child;
                    foreach (var inner in Paths(value, child))
                    {
                        yield return inner;
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var child = $"{path}[{i}]";
                    yield return child;
                    foreach (var inner in Paths(array[i], child))
                    {
                        yield return inner;
                    }
                }

                break;
        }
    }

    /// <summary>The document with the value at <paramref name="path"/> replaced by raw JSON text, or removed when it is null.</summary>
    private static string? Mutate(JsonObject document, string path, string? raw)
    {
        var copy = document.DeepClone().AsObject();
        if (raw is null)
        {
            return path.EndsWith(']') ? null : copy.Without(path).ToJsonString();
        }

        return copy.Set(path, Marker).ToJsonString().Replace($"\"{Marker}\"", raw, StringComparison.Ordinal);
    }
}
