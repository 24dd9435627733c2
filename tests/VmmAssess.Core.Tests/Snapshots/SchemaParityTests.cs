using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using VmmAssess.Core.Snapshots;
using VmmAssess.Core.Tests.TestData;

namespace VmmAssess.Core.Tests.Snapshots;

/// <summary>
/// The published schema file and the validator the product runs must agree: integrators validate with an off-the-shelf
/// JSON Schema 2020-12 implementation (JsonSchema.Net here), and a document it accepts must not be rejected by us, nor the reverse.
/// One deliberate difference is left out: a key with a trailing newline ("contoso\n"). JSON Schema patterns are ECMA-262,
/// where "$" matches only at the end; JsonSchema.Net runs them with .NET semantics and accepts it, our validator rejects it
/// (SchemaValidatorTests covers that), because a tenant id with a newline must never become a storage key.
/// </summary>
public class SchemaParityTests
{
    private static readonly Lazy<JsonSchema> PublishedSchema = new(() =>
        JsonSchema.FromText(File.ReadAllText(RepoFiles.SchemaPath), new BuildOptions { SchemaRegistry = new SchemaRegistry(), Dialect = Dialect.Draft202012 }));

    private static readonly EvaluationOptions Options = new() { RequireFormatValidation = true, OutputFormat = OutputFormat.List };

    public static TheoryData<string, string> Documents()
    {
        var data = new TheoryData<string, string>();
        foreach (var path in RepoFiles.SamplePaths)
        {
            data.Add("sample " + Path.GetFileNameWithoutExtension(path), File.ReadAllText(path));
        }

        void Add(string name, JsonNode document) => data.Add(name, document.ToJsonString());

        // Valid variants.
        Add("baseline", JsonDocs.Baseline());
        Add("identity fields only", JsonNode.Parse("""{"schemaVersion":"1.0","snapshotId":"3f2b8c1e-9d4a-4e7b-8c2d-1a5f6e7d8c9b","tenantId":"t","environmentId":"e","collectedAt":"2026-11-24T10:00:00Z","targetVersion":"2016"}""")!);
        Add("unknown properties", JsonDocs.Baseline().Set("$.future", new JsonObject { ["x"] = 1 }).Set("$.hosts[0].future", "y"));
        Add("nulls everywhere optional", JsonDocs.Baseline().Set("$.vmm", null).Set("$.hosts", null).Set("$.database", null).Set("$.cluster", null).Set("$.collector", null));
        Add("nullable enums null", JsonDocs.Baseline().Set("$.vmm.product", null).Set("$.hosts[0].platform", null).Set("$.database.highAvailability", null));
        Add("offset timestamp", JsonDocs.Baseline().Set("$.collectedAt", "2026-11-24T14:30:00.5-05:00"));
        Add("64-character key", JsonDocs.Baseline().Set("$.tenantId", new string('k', 64)));
        Add("four-part windows build", JsonDocs.Baseline().Set("$.hosts[0].os.build", "10.0.17763.1234"));
        Add("empty arrays", JsonDocs.Baseline().Set("$.hosts", new JsonArray()).Set("$.libraryServers", new JsonArray()));

        // Invalid variants, one problem each.
        Add("missing snapshotId", JsonDocs.Baseline().Without("$.snapshotId"));
        Add("missing os.build", JsonDocs.Baseline().Without("$.hosts[3].os.build"));
        Add("null os.build", JsonDocs.Baseline().Set("$.hosts[3].os.build", null));
        Add("missing host name", JsonDocs.Baseline().Without("$.hosts[1].name"));
        Add("empty host name", JsonDocs.Baseline().Set("$.hosts[1].name", ""));
        Add("schemaVersion 2.0", JsonDocs.Baseline().Set("$.schemaVersion", "2.0"));
        Add("target 2012R2", JsonDocs.Baseline().Set("$.targetVersion", "2012R2"));
        Add("target null", JsonDocs.Baseline().Set("$.targetVersion", null));
        Add("target as number", JsonDocs.Baseline().Set("$.targetVersion", 2025));
        Add("product lower-case", JsonDocs.Baseline().Set("$.vmm.product", "2012r2"));
        Add("platform unknown", JsonDocs.Baseline().Set("$.hosts[0].platform", "HyperV2"));
        Add("tenant with space", JsonDocs.Baseline().Set("$.tenantId", "contoso tenant"));
        Add("tenant empty", JsonDocs.Baseline().Set("$.tenantId", ""));
        Add("tenant 65 characters", JsonDocs.Baseline().Set("$.tenantId", new string('k', 65)));
        Add("environment with slash", JsonDocs.Baseline().Set("$.environmentId", "a/b"));
        Add("guid without hyphens", JsonDocs.Baseline().Set("$.snapshotId", "3f2b8c1e9d4a4e7b8c2d1a5f6e7d8c9b"));
        Add("timestamp without offset", JsonDocs.Baseline().Set("$.collectedAt", "2026-11-24T14:30:00"));
        Add("timestamp impossible date", JsonDocs.Baseline().Set("$.collectedAt", "2026-02-30T10:00:00Z"));
        Add("backup timestamp as number", JsonDocs.Baseline().Set("$.vmm.lastDatabaseBackup", 20261124));
        Add("boolean as string", JsonDocs.Baseline().Set("$.vmm.highlyAvailable", "true"));
        Add("integer as string", JsonDocs.Baseline().Set("$.vmm.updateRollup", "5"));
        Add("fractional integer", JsonDocs.Baseline().Set("$.vmm.runningJobs", 1.5));
        Add("negative jobs", JsonDocs.Baseline().Set("$.vmm.runningJobs", -1));
        Add("update rollup too high", JsonDocs.Baseline().Set("$.vmm.updateRollup", 1001));
        Add("hosts as object", JsonDocs.Baseline().Set("$.hosts", new JsonObject()));
        Add("null host item", JsonDocs.Baseline().Set("$.hosts[2]", null));
        Add("windows build short", JsonDocs.Baseline().Set("$.hosts[0].os.build", "10.0"));
        Add("sql version words", JsonDocs.Baseline().Set("$.database.version", "SQL 2019"));
        Add("installation type spelled", JsonDocs.Baseline().Set("$.hosts[0].os.installationType", "ServerCore"));
        Add("collector version too long", JsonDocs.Baseline().Set("$.collector.version", new string('9', 65)));
        Add("collection error without message", JsonDocs.Baseline().Set("$.collectionErrors", new JsonArray(new JsonObject { ["source"] = "WSMan" })));
        Add("cluster node not a string", JsonDocs.Baseline().Set("$.cluster.nodes[0]", 7));
        Add("several problems", JsonDocs.Baseline().Without("$.tenantId").Set("$.vmm.pendingReboot", "no").Set("$.hosts[0].os.build", "x"));
        return data;
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void JsonSchemaNet_and_our_validator_agree_on_valid_and_invalid(string name, string json)
    {
        using var document = JsonDocument.Parse(json);

        var reference = PublishedSchema.Value.Evaluate(document.RootElement, Options);
        var ours = SchemaValidator.SnapshotV1.Validate(document.RootElement);

        Assert.True(reference.IsValid == (ours.Count == 0),
            $"{name}: JsonSchema.Net says {(reference.IsValid ? "valid" : "invalid")}, our validator says {(ours.Count == 0 ? "valid" : string.Join("; ", ours))}.");
    }

    [Fact]
    public void The_embedded_schema_is_the_published_file()
    {
        using var stream = typeof(SchemaValidator).Assembly.GetManifestResourceStream("VmmAssess.Core.snapshot-v1.schema.json");
        Assert.NotNull(stream);
        using var reader = new StreamReader(stream);

        Assert.Equal(File.ReadAllText(RepoFiles.SchemaPath), reader.ReadToEnd());
    }
}
