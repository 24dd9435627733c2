using System.Text;
using System.Text.Json.Nodes;
using VmmAssess.Core.Snapshots;
using VmmAssess.Core.Tests.TestData;

namespace VmmAssess.Core.Tests.Snapshots;

/// <summary>Reading a snapshot file or request body: the envelope problems (not JSON, BOM, empty, wrong root) and the model it yields.</summary>
public class SnapshotParserTests
{
    public static TheoryData<string> SampleNames => new(RepoFiles.SamplePaths.Select(Path.GetFileNameWithoutExtension)!);

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void Shipped_samples_are_valid(string sample)
    {
        var result = SnapshotParser.Parse(RepoFiles.Sample(sample));

        Assert.Empty(result.ErrorTexts());
        Assert.True(result.IsValid);
    }

    [Fact]
    public void Sample_fields_map_onto_the_model()
    {
        var snapshot = SnapshotParser.Parse(RepoFiles.Sample("contoso-2012r2-to-2016")).Snapshot!;

        Assert.Equal(new Guid("0f8c2b9e-6a41-4d3e-9b7a-2c5d8e1f4a60"), snapshot.SnapshotId);
        Assert.Equal(TargetVersion.Vmm2016, snapshot.TargetVersion);
        Assert.Equal(VmmProduct.Vmm2012R2, snapshot.Vmm!.Product);
        Assert.Equal(11, snapshot.Vmm.UpdateRollup);
        Assert.Equal(ServiceAccountKind.LocalSystem, snapshot.Vmm.ServiceAccount!.Kind);
        Assert.Equal("CONTOSO\\svc-vmm", snapshot.Vmm.PlannedServiceAccount!.Name);
        Assert.Equal(new DateTimeOffset(2026, 11, 19, 22, 0, 0, TimeSpan.Zero), snapshot.Vmm.LastDatabaseBackup);
        Assert.Equal(5, snapshot.Hosts!.Count);
        Assert.Equal(HostPlatform.VMwareESX, snapshot.Hosts[3].Platform);
        Assert.Equal("vc01.contoso.com", snapshot.Hosts[3].VCenter);
        Assert.Equal("5.1.0", Assert.Single(snapshot.VCenters!).Version);
        Assert.Equal(15, snapshot.ManagementServers![0].WinRm!.MaxConcurrentOperationsPerUser);

        var fabrikam = SnapshotParser.Parse(RepoFiles.Sample("fabrikam-2019-ha-to-2022")).Snapshot!;
        Assert.Equal(InstallationType.ServerCore, fabrikam.Hosts![0].Os!.InstallationType);
        Assert.Equal(DatabaseHighAvailability.AlwaysOn, fabrikam.Database!.HighAvailability);
        Assert.Equal(TimeSpan.FromHours(-5), fabrikam.CollectedAt.Offset);
        Assert.Equal("Access is denied.", Assert.Single(fabrikam.CollectionErrors!).Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    [InlineData(null)]
    public void Database_full_backup_recorded_is_optional_and_read(bool? value)
    {
        var document = JsonDocs.Baseline().Set("$.vmm.lastDatabaseBackup", null).Set("$.vmm.databaseFullBackupRecorded", value);

        var result = document.ParseSnapshot();

        Assert.True(result.IsValid, string.Join("; ", result.ErrorTexts()));
        Assert.Equal(value, result.Snapshot!.Vmm!.DatabaseFullBackupRecorded);
    }

    [Fact]
    public void Database_full_backup_recorded_absent_is_unknown_and_must_otherwise_be_a_boolean()
    {
        var baseline = JsonDocs.Baseline();
        baseline["vmm"]!.AsObject().Remove("databaseFullBackupRecorded");
        var absent = baseline.ParseSnapshot();
        Assert.True(absent.IsValid, string.Join("; ", absent.ErrorTexts()));
        Assert.Null(absent.Snapshot!.Vmm!.DatabaseFullBackupRecorded);

        var text = JsonDocs.Baseline().Set("$.vmm.databaseFullBackupRecorded", "no").ParseSnapshot();
        Assert.False(text.IsValid);
        Assert.Contains(text.ErrorTexts(), e => e.Contains("databaseFullBackupRecorded", StringComparison.Ordinal));
    }

    [Fact]
    public void Byte_order_mark_is_accepted()
    {
        var withBom = Encoding.UTF8.GetPreamble().Concat(RepoFiles.Sample("northwind-2022-to-2025")).ToArray();

        var result = SnapshotParser.Parse(withBom);

        Assert.True(result.IsValid, string.Join("; ", result.ErrorTexts()));
        Assert.Equal("northwind", result.Snapshot!.TenantId);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF })]
    public void Empty_body_is_reported_as_empty(byte[] body)
    {
        Assert.Equal(["$: the document is empty"], SnapshotParser.Parse(body).ErrorTexts());
    }

    [Theory]
    [InlineData("{")]
    [InlineData("   ")]
    [InlineData("{\"tenantId\": }")]
    [InlineData("{\"tenantId\": \"a\",}")]
    [InlineData("{'tenantId': 'a'}")]
    [InlineData("{\"a\":1} {\"b\":2}")]
    [InlineData("<snapshot/>")]
    public void Invalid_json_gives_one_error_at_the_root_with_its_position(string text)
    {
        var error = Assert.Single(JsonDocs.Parse(text).Errors);

        Assert.Equal("$", error.Path);
        Assert.StartsWith("is not valid JSON (line 1, byte ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_json_position_points_at_the_broken_line()
    {
        var error = Assert.Single(JsonDocs.Parse("{\n  \"tenantId\": \"contoso\",\n  \"environmentId\": oops\n}").Errors);

        Assert.StartsWith("is not valid JSON (line 3, byte ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]", "array")]
    [InlineData("[{\"tenantId\": \"contoso\"}]", "array")]
    [InlineData("42", "number")]
    [InlineData("\"snapshot\"", "string")]
    [InlineData("null", "null")]
    [InlineData("true", "true")]
    public void Non_object_root_is_rejected(string text, string kind)
    {
        Assert.Equal([$"$: expected object, got {kind}"], JsonDocs.Parse(text).ErrorTexts());
    }

    [Fact]
    public void Invalid_utf8_is_an_error_not_an_exception()
    {
        var bytes = JsonDocs.Baseline().Set("$.tenantId", "contoso").Utf8();
        var index = Encoding.UTF8.GetString(bytes).IndexOf("contoso", StringComparison.Ordinal);
        bytes[index] = 0xFF;

        Assert.Equal(["$: is not valid UTF-8"], SnapshotParser.Parse(bytes).ErrorTexts());
    }

    [Fact]
    public void Escaped_unpaired_surrogate_is_an_error_at_its_path()
    {
        var json = Encoding.UTF8.GetString(JsonDocs.Baseline().Utf8()).Replace("\"contoso-dc1-vmm\"", "\"contoso\\ud800\"", StringComparison.Ordinal);

        Assert.Equal(["$.environmentId: is not valid Unicode (an escaped unpaired surrogate)"], JsonDocs.Parse(json).ErrorTexts());
    }

    [Fact]
    public void Integer_beyond_the_model_range_is_reported_at_its_path()
    {
        var result = JsonDocs.Baseline().Set("$.vmm.runningJobs", 3_000_000_000L).ParseSnapshot();

        Assert.Equal(["$.vmm.runningJobs: value is out of range"], result.ErrorTexts());
    }

    [Fact]
    public void Deeply_nested_document_is_rejected_without_exhausting_the_stack()
    {
        var text = "{\"extra\":" + new string('[', 10_000) + new string(']', 10_000) + "}";

        var error = Assert.Single(JsonDocs.Parse(text).Errors);

        Assert.StartsWith("is not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_and_null_optional_parts_parse_as_null()
    {
        var result = JsonDocs.Baseline().Without("$.vmm").Set("$.hosts", null).Without("$.database").ParseSnapshot();

        Assert.True(result.IsValid);
        Assert.Null(result.Snapshot!.Vmm);
        Assert.Null(result.Snapshot.Hosts);
        Assert.Null(result.Snapshot.Database);
    }

    [Fact]
    public void Minimal_document_with_only_identity_fields_is_valid()
    {
        var result = JsonDocs.Parse("""
            {"schemaVersion":"1.0","snapshotId":"3f2b8c1e-9d4a-4e7b-8c2d-1a5f6e7d8c9b","tenantId":"t","environmentId":"e",
             "collectedAt":"2026-11-24T10:00:00Z","targetVersion":"2022"}
            """);

        Assert.True(result.IsValid, string.Join("; ", result.ErrorTexts()));
        Assert.Equal(TargetVersion.Vmm2022, result.Snapshot!.TargetVersion);
        Assert.Null(result.Snapshot.ManagementServers);
    }

    [Fact]
    public void Parsing_a_json_element_gives_the_same_answer_as_parsing_bytes()
    {
        var document = JsonDocs.Baseline().Set("$.tenantId", "bad tenant");
        using var parsed = System.Text.Json.JsonDocument.Parse(document.Utf8());

        Assert.Equal(document.ParseSnapshot().ErrorTexts(), SnapshotParser.Parse(parsed.RootElement).ErrorTexts());
        Assert.Single(SnapshotParser.Parse(parsed.RootElement).Errors);
    }

    [Fact]
    public void Unknown_values_survive_as_unknown_only_where_the_schema_allows_them()
    {
        // A product the contract does not know is an error, not a silently ignored value.
        var result = JsonDocs.Baseline().Set("$.vmm.product", JsonValue.Create("2028")).ParseSnapshot();

        Assert.False(result.IsValid);
        Assert.StartsWith("$.vmm.product: must be one of", Assert.Single(result.ErrorTexts()), StringComparison.Ordinal);
    }
}
