using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;

namespace VmmAssess.Core.Tests.Properties;

/// <summary>Whatever arrives over HTTP or from a file, the parser answers with a snapshot or with errors; it never throws.</summary>
public class ParserPropertyTests
{
    private static readonly int Iterations = PropertyBudget.Iterations(300);

    private static readonly byte[][] Samples = RepoFiles.SamplePaths.Select(File.ReadAllBytes).ToArray();

    private static readonly string[] ContractNames =
    [
        "schemaVersion", "snapshotId", "tenantId", "environmentId", "collectedAt", "collector", "targetVersion", "vmm", "product", "updateRollup",
        "highlyAvailable", "serviceAccount", "kind", "name", "dkm", "enabled", "runningJobs", "lastDatabaseBackup", "loadBalancers", "features",
        "managementServers", "os", "build", "installationType", "winRm", "maxConnections", "cluster", "nodes", "database", "version",
        "highAvailability", "hosts", "platform", "vCenters", "operationsManager", "collectionErrors", "source", "message",
    ];

    private static readonly string[] ContractValues =
    [
        "1.0", "2016", "2019", "2022", "2025", "2012R2", "HyperV", "VMwareESX", "Server Core", "AlwaysOn", "LocalSystem", "Domain",
        "3f2b8c1e-9d4a-4e7b-8c2d-1a5f6e7d8c9b", "2026-11-24T10:00:00+01:00", "2026-02-30T10:00:00Z", "10.0.17763", "15.0.2000.5", "contoso", "",
    ];

    /// <summary>Random JSON values shaped like snapshots: contract property names and values, wrong types, deep nesting, extreme numbers.</summary>
    private static Gen<JsonNode?> JsonValueGen(int depth) => depth <= 0
        ? Scalar
        : Gen.Frequency(
            (4, Scalar),
            (2, Gen.Select(Gen.OneOf(Gen.OneOfConst(ContractNames), Gen.String[0, 6]), JsonValueGen(depth - 1)).Array[0, 6].Select(ToObject)),
            (1, JsonValueGen(depth - 1).Array[0, 4].Select(items => (JsonNode?)new JsonArray(items.Select(i => i?.DeepClone()).ToArray()))));

    private static readonly Gen<JsonNode?> Scalar = Gen.Frequency(
        (1, Gen.Const((JsonNode?)null)),
        (1, Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b))),
        (2, Gen.OneOfConst(0L, -1L, 1L, 11L, 1000L, 1001L, int.MaxValue + 1L, long.MaxValue, long.MinValue).Select(n => (JsonNode?)JsonValue.Create(n))),
        (1, Gen.OneOfConst(0.5, 1e300, -1e-300, 3.0).Select(d => (JsonNode?)JsonValue.Create(d))),
        (3, Gen.OneOfConst(ContractValues).Select(s => (JsonNode?)JsonValue.Create(s))),
        (1, Gen.String[0, 12].Select(s => (JsonNode?)JsonValue.Create(s))));

    private static JsonNode? ToObject((string Name, JsonNode? Value)[] properties)
    {
        var result = new JsonObject();
        foreach (var (name, value) in properties)
        {
            result[name] = value?.DeepClone();
        }

        return result;
    }

    [Fact]
    public void Random_bytes_never_make_the_parser_throw()
    {
        Gen.Frequency(
                (2, Gen.Byte.Array[0, 64]),
                (1, Gen.String[0, 64].Select(s => Encoding.UTF8.GetBytes(s))),
                (1, Gen.Byte.Array[0, 16].Select(b => Encoding.UTF8.GetPreamble().Concat(b).ToArray())))
            .Sample(b => { AssertAnswers(b); }, iter: Iterations, print: Hex);
    }

    [Fact]
    public void Random_json_never_makes_the_parser_throw()
    {
        JsonValueGen(4).Sample(node => AssertAnswers(Encoding.UTF8.GetBytes(node?.ToJsonString() ?? "null")), iter: Iterations, print: n => n?.ToJsonString() ?? "null");
    }

    [Fact]
    public void Byte_level_mutations_of_the_samples_never_make_the_parser_throw()
    {
        var mutation = Gen.Select(Gen.Int[0, 3], Gen.Int[0, int.MaxValue], Gen.Int[1, 8], Gen.Byte.Array[1, 4], (kind, position, length, bytes) => (kind, position, length, bytes));
        Gen.Select(Gen.Int[0, Samples.Length - 1], mutation.Array[1, 4])
            .Select((sample, mutations) =>
            {
                var data = Samples[sample].ToList();
                foreach (var (kind, position, length, bytes) in mutations)
                {
                    var at = position % (data.Count + 1);
                    switch (kind)
                    {
                        case 0 when at < data.Count: data[at] = bytes[0]; break;                         // flip
                        case 1: data.RemoveRange(at, Math.Min(length, data.Count - at)); break;          // delete
                        case 2: data.InsertRange(at, bytes); break;                                       // insert
                        default: data.RemoveRange(at, data.Count - at); break;                            // truncate
                    }
                }

                return data.ToArray();
            })
            .Sample(b => { AssertAnswers(b); }, iter: Iterations, print: b => Encoding.UTF8.GetString(b));
    }

    [Fact]
    public void Replacing_any_value_of_a_sample_never_makes_the_parser_or_the_evaluator_throw()
    {
        Gen.Select(Gen.Int[0, Samples.Length - 1], Gen.Int[0, int.MaxValue], JsonValueGen(2), Gen.Bool)
            .Select((sample, pick, value, remove) =>
            {
                var document = JsonNode.Parse(Samples[sample])!;
                var nodes = Descendants(document).ToList();
                var target = nodes[pick % nodes.Count];
                switch (target.Parent)
                {
                    case JsonObject parent:
                        var name = target.GetPropertyName();
                        if (remove)
                        {
                            parent.Remove(name);
                        }
                        else
                        {
                            parent[name] = value?.DeepClone();
                        }

                        break;
                    case JsonArray array:
                        array[target.GetElementIndex()] = value?.DeepClone();
                        break;
                }

                return document.ToJsonString();
            })
            .Sample(json =>
            {
                var result = AssertAnswers(Encoding.UTF8.GetBytes(json));
                if (result.IsValid)
                {
                    var assessment = Assess.Evaluate(result.Snapshot!);
                    Assert.DoesNotContain(assessment.Findings, f => f.Message.StartsWith(AssessmentEvaluator.InternalErrorPrefix, StringComparison.Ordinal));
                }
            }, iter: Iterations);
    }

    [Fact]
    public void A_serialized_valid_snapshot_round_trips_through_the_parser()
    {
        SnapshotGenerators.ValidSnapshot.Sample(snapshot =>
        {
            var json = JsonSerializer.SerializeToUtf8Bytes(snapshot, CoreJsonContext.Default.Snapshot);

            var parsed = SnapshotParser.Parse(json);

            Assert.True(parsed.IsValid, string.Join("; ", parsed.ErrorTexts()) + "\n" + Encoding.UTF8.GetString(json));
            Assert.Equal(Encoding.UTF8.GetString(json), JsonSerializer.Serialize(parsed.Snapshot!, CoreJsonContext.Default.Snapshot));
        }, iter: Iterations, print: EvaluatorPropertyTests.Describe);
    }

    /// <summary>The parser's contract: a valid snapshot with no errors, or no snapshot and at least one error located by a JSONPath.</summary>
    private static SnapshotParseResult AssertAnswers(byte[] body)
    {
        var result = SnapshotParser.Parse(body);
        if (result.IsValid)
        {
            Assert.NotNull(result.Snapshot);
            Assert.Empty(result.Errors);
        }
        else
        {
            Assert.Null(result.Snapshot);
            Assert.NotEmpty(result.Errors);
            Assert.All(result.Errors, e => Assert.StartsWith("$", e.Path, StringComparison.Ordinal));
            Assert.All(result.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
        }

        return result;
    }

    private static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a,
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>())
        {
            yield return child;
            foreach (var descendant in Descendants(child))
            {
                yield return descendant;
            }
        }
    }

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes);
}
