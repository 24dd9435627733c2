using System.Text.Json.Nodes;
using VmmAssess.Core.Snapshots;
using VmmAssess.Core.Tests.TestData;

namespace VmmAssess.Core.Tests.Snapshots;

/// <summary>What an integrator reads when a snapshot is rejected: every problem, each located by its JSONPath.</summary>
public class SchemaValidatorTests
{
    private const string KeyMessage = "must be 1 to 64 characters from A-Z, a-z, 0-9, '.', '_' and '-', and not only dots";
    private const string TimestampMessage = "must be an ISO 8601 date and time with an offset, e.g. 2026-11-26T09:30:00+01:00";

    [Fact]
    public void Baseline_document_is_valid()
    {
        var result = JsonDocs.Baseline().ParseSnapshot();

        Assert.Empty(result.ErrorTexts());
        Assert.True(result.IsValid);
        Assert.NotNull(result.Snapshot);
    }

    [Fact]
    public void Missing_required_field_names_its_path()
    {
        var result = JsonDocs.Baseline().Without("$.hosts[3].os.build").ParseSnapshot();

        Assert.Equal(["$.hosts[3].os.build: required"], result.ErrorTexts());
        Assert.False(result.IsValid);
        Assert.Null(result.Snapshot);
    }

    [Fact]
    public void Null_in_a_required_non_nullable_field_is_reported_as_required()
    {
        var result = JsonDocs.Baseline().Set("$.hosts[3].os.build", null).ParseSnapshot();

        Assert.Equal(["$.hosts[3].os.build: required"], result.ErrorTexts());
    }

    [Fact]
    public void Error_renders_as_path_colon_message()
    {
        Assert.Equal("$.hosts[3].os.build: required", new ValidationError("$.hosts[3].os.build", "required").ToString());
    }

    [Fact]
    public void Every_error_is_reported_not_just_the_first()
    {
        var result = JsonDocs.Baseline()
            .Set("$.tenantId", "contoso tenant")
            .Set("$.vmm.runningJobs", -1)
            .Set("$.hosts[0].platform", "HyperV2")
            .Without("$.managementServers[1].name")
            .Set("$.libraryServers[0].os.build", "10.0")
            .ParseSnapshot();

        Assert.Equal(
            [
                "$.tenantId: " + KeyMessage,
                "$.vmm.runningJobs: must be at least 0",
                "$.managementServers[1].name: required",
                "$.libraryServers[0].os.build: must be a Windows build such as 10.0.17763",
                "$.hosts[0].platform: must be one of \"HyperV\", \"VMwareESX\", \"XenServer\" or null",
            ],
            result.ErrorTexts());
    }

    [Fact]
    public void Empty_object_reports_each_required_top_level_field()
    {
        var result = JsonDocs.Parse("{}");

        Assert.Equal(
            ["$.schemaVersion: required", "$.snapshotId: required", "$.tenantId: required", "$.environmentId: required", "$.collectedAt: required", "$.targetVersion: required"],
            result.ErrorTexts());
    }

    [Theory]
    [InlineData("$.vmm.highlyAvailable", "\"yes\"", "$.vmm.highlyAvailable: expected boolean or null, got string")]
    [InlineData("$.vmm.updateRollup", "\"11\"", "$.vmm.updateRollup: expected integer or null, got string")]
    [InlineData("$.vmm.runningJobs", "1.5", "$.vmm.runningJobs: expected integer or null, got number")]
    [InlineData("$.hosts", "{}", "$.hosts: expected array or null, got object")]
    [InlineData("$.vmm", "[]", "$.vmm: expected object or null, got array")]
    [InlineData("$.tenantId", "42", "$.tenantId: expected string, got integer")]
    [InlineData("$.hosts[1]", "null", "$.hosts[1]: expected object, got null")]
    [InlineData("$.cluster.nodes[0]", "true", "$.cluster.nodes[0]: expected string, got boolean")]
    [InlineData("$.collectionErrors", "[{\"source\": \"WSMan\"}]", "$.collectionErrors[0].message: required")]
    public void Wrong_types_name_expected_and_actual_kind(string path, string json, string expected)
    {
        var result = JsonDocs.Baseline().Set(path, JsonNode.Parse(json)).ParseSnapshot();

        Assert.Equal([expected], result.ErrorTexts());
    }

    [Theory]
    [InlineData("$.targetVersion", "\"2012R2\"", "$.targetVersion: must be one of \"2016\", \"2019\", \"2022\", \"2025\"")]
    [InlineData("$.targetVersion", "2025", "$.targetVersion: must be one of \"2016\", \"2019\", \"2022\", \"2025\"")]
    [InlineData("$.targetVersion", "null", "$.targetVersion: must be one of \"2016\", \"2019\", \"2022\", \"2025\"")]
    [InlineData("$.vmm.product", "\"2012 R2\"", "$.vmm.product: must be one of \"2012R2\", \"2016\", \"1801\", \"1807\", \"2019\", \"2022\", \"2025\" or null")]
    [InlineData("$.vmm.serviceAccount.kind", "\"gMSA\"", "$.vmm.serviceAccount.kind: must be one of \"LocalSystem\", \"Domain\", \"GroupManaged\" or null")]
    [InlineData("$.database.highAvailability", "\"alwayson\"", "$.database.highAvailability: must be one of \"None\", \"FailoverCluster\", \"AlwaysOn\" or null")]
    [InlineData("$.hosts[2].os.installationType", "\"ServerCore\"", "$.hosts[2].os.installationType: must be one of \"Server\", \"Server Core\" or null")]
    [InlineData("$.schemaVersion", "\"2.0\"", "$.schemaVersion: must be \"1.0\"")]
    [InlineData("$.schemaVersion", "1.0", "$.schemaVersion: must be \"1.0\"")]
    public void Enum_and_const_violations_list_the_allowed_values(string path, string json, string expected)
    {
        var result = JsonDocs.Baseline().Set(path, JsonNode.Parse(json)).ParseSnapshot();

        Assert.Equal([expected], result.ErrorTexts());
    }

    [Theory]
    [InlineData("$.vmm.product")]
    [InlineData("$.vmm.updateRollup")]
    [InlineData("$.vmm.lastDatabaseBackup")]
    [InlineData("$.vmm")]
    [InlineData("$.hosts")]
    [InlineData("$.hosts[0].platform")]
    [InlineData("$.hosts[0].os")]
    [InlineData("$.database.highAvailability")]
    [InlineData("$.operationsManager")]
    public void Optional_parts_may_be_null(string path)
    {
        Assert.Empty(JsonDocs.Baseline().Set(path, null).ParseSnapshot().ErrorTexts());
    }

    [Theory]
    [InlineData("contoso")]
    [InlineData("a")]
    [InlineData("Contoso_EU-1.prod")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123")] // 64 characters
    public void Tenant_and_environment_keys_accept_1_to_64_allowed_characters(string key)
    {
        var result = JsonDocs.Baseline().Set("$.tenantId", key).Set("$.environmentId", key).ParseSnapshot();

        Assert.Empty(result.ErrorTexts());
        Assert.Equal(key, result.Snapshot!.TenantId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("contoso tenant")]
    [InlineData("contoso/hq")]
    [InlineData("müller")]
    [InlineData("contoso\n")] // .NET's "$" also matches before a final newline; the contract's pattern must not.
    [InlineData("01234567890123456789012345678901234567890123456789012345678901234")] // 65 characters
    public void Tenant_and_environment_keys_reject_anything_else(string key)
    {
        var result = JsonDocs.Baseline().Set("$.tenantId", key).Set("$.environmentId", key).ParseSnapshot();

        Assert.Equal(["$.tenantId: " + KeyMessage, "$.environmentId: " + KeyMessage], result.ErrorTexts());
    }

    [Theory]
    [InlineData("3f2b8c1e-9d4a-4e7b-8c2d-1a5f6e7d8c9b", true)]
    [InlineData("3F2B8C1E-9D4A-4E7B-8C2D-1A5F6E7D8C9B", true)]
    [InlineData("3f2b8c1e9d4a4e7b8c2d1a5f6e7d8c9b", false)]
    [InlineData("{3f2b8c1e-9d4a-4e7b-8c2d-1a5f6e7d8c9b}", false)]
    [InlineData("3f2b8c1e-9d4a-4e7b-8c2d-1a5f6e7d8c9g", false)]
    [InlineData("3f2b8c1e-9d4a-4e7b-8c2d-1a5f6e7d8c9b\n", false)]
    public void Snapshot_id_must_be_a_hyphenated_guid(string id, bool valid)
    {
        var result = JsonDocs.Baseline().Set("$.snapshotId", id).ParseSnapshot();

        Assert.Equal(valid ? [] : ["$.snapshotId: must be a GUID, e.g. 3f2b8c1e-9d4a-4e7b-8c2d-1a5f6e7d8c9b"], result.ErrorTexts());
        if (valid)
        {
            Assert.Equal(Guid.Parse(id), result.Snapshot!.SnapshotId);
        }
    }

    [Theory]
    [InlineData("2026-11-24T14:30:00Z")]
    [InlineData("2026-11-24T14:30:00+05:30")]
    [InlineData("2026-11-24T14:30:00-05:00")]
    [InlineData("2026-11-24T14:30:00.1234567+01:00")]
    public void Timestamps_with_an_offset_are_accepted_and_keep_it(string timestamp)
    {
        var result = JsonDocs.Baseline().Set("$.collectedAt", timestamp).Set("$.vmm.lastDatabaseBackup", timestamp).ParseSnapshot();

        var expected = DateTimeOffset.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Empty(result.ErrorTexts());
        Assert.Equal(expected, result.Snapshot!.CollectedAt);
        Assert.Equal(expected.Offset, result.Snapshot.CollectedAt.Offset);
        Assert.Equal(expected.Offset, result.Snapshot.Vmm!.LastDatabaseBackup!.Value.Offset);
    }

    [Theory]
    [InlineData("2026-11-24T14:30:00")] // no offset: ambiguous, so ages could not be measured
    [InlineData("2026-11-24 14:30:00Z")]
    [InlineData("2026-11-24")]
    [InlineData("24.11.2026 14:30")]
    [InlineData("2026-11-24T14:30:00+0100")]
    [InlineData("2026-11-24T14:30:00Z\n")]
    public void Timestamps_without_an_offset_or_in_other_formats_are_rejected(string timestamp)
    {
        var result = JsonDocs.Baseline().Set("$.collectedAt", timestamp).Set("$.vmm.lastDatabaseBackup", timestamp).ParseSnapshot();

        Assert.Equal(["$.collectedAt: " + TimestampMessage, "$.vmm.lastDatabaseBackup: " + TimestampMessage], result.ErrorTexts());
    }

    [Theory]
    [InlineData("2026-02-30T10:00:00Z")]
    [InlineData("2026-11-24T25:00:00Z")]
    [InlineData("2026-13-01T10:00:00+01:00")]
    public void Timestamps_that_match_the_format_but_do_not_exist_are_rejected(string timestamp)
    {
        var result = JsonDocs.Baseline().Set("$.collectedAt", timestamp).ParseSnapshot();

        Assert.Equal(["$.collectedAt: is not a valid date and time"], result.ErrorTexts());
    }

    [Theory]
    [InlineData("$.database.version", "SQL2019", "$.database.version: must be a SQL Server build such as 15.0.2000.5")]
    [InlineData("$.database.version", "15", "$.database.version: must be a SQL Server build such as 15.0.2000.5")]
    [InlineData("$.managementServers[0].os.build", "Windows Server 2025", "$.managementServers[0].os.build: must be a Windows build such as 10.0.17763")]
    [InlineData("$.vmm.updateRollup", 1001, "$.vmm.updateRollup: must be at most 1000")]
    [InlineData("$.vmm.updateRollup", -1, "$.vmm.updateRollup: must be at least 0")]
    [InlineData("$.managementServers[1].winRm.maxConnections", -5, "$.managementServers[1].winRm.maxConnections: must be at least 0")]
    [InlineData("$.hosts[0].name", "", "$.hosts[0].name: must not be empty")]
    [InlineData("$.collectionErrors", null, null)]
    public void Patterns_lengths_and_ranges_are_checked(string path, object? value, string? expected)
    {
        var node = value switch
        {
            string text => JsonValue.Create(text),
            int number => (JsonNode)JsonValue.Create(number),
            _ => null,
        };

        var result = JsonDocs.Baseline().Set(path, node).ParseSnapshot();

        Assert.Equal(expected is null ? [] : [expected], result.ErrorTexts());
    }

    [Fact]
    public void Max_length_counts_characters()
    {
        var ok = JsonDocs.Baseline().Set("$.collector.version", new string('9', 64)).ParseSnapshot();
        var tooLong = JsonDocs.Baseline().Set("$.collector.version", new string('9', 65)).ParseSnapshot();

        Assert.Empty(ok.ErrorTexts());
        Assert.Equal(["$.collector.version: must be at most 64 characters"], tooLong.ErrorTexts());
    }

    [Fact]
    public void Unknown_properties_are_allowed_at_every_level()
    {
        var result = JsonDocs.Baseline()
            .Set("$.futureTopLevel", new JsonObject { ["anything"] = new JsonArray(1, "two", null) })
            .Set("$.vmm.futureFlag", true)
            .Set("$.hosts[0].futureProperty", "x")
            .ParseSnapshot();

        Assert.Empty(result.ErrorTexts());
        Assert.Equal("HV01.contoso.com", result.Snapshot!.Hosts![0].Name);
    }

    [Fact]
    public void Errors_are_capped_so_a_huge_broken_document_gives_a_bounded_answer()
    {
        var hosts = new JsonArray();
        for (var i = 0; i < 300; i++)
        {
            hosts.Add(new JsonObject { ["platform"] = "HyperV" });
        }

        var result = JsonDocs.Baseline().Set("$.hosts", hosts).ParseSnapshot();

        Assert.Equal(200, result.Errors.Count);
        Assert.Equal("$.hosts[0].name: required", result.Errors[0].ToString());
        Assert.Equal("$.hosts[199].name: required", result.Errors[^1].ToString());
    }

    [Theory]
    [InlineData("$.tenantId", ".", "$.tenantId: " + KeyMessage)]
    [InlineData("$.environmentId", "..", "$.environmentId: " + KeyMessage)]
    [InlineData("$.hosts[0].name", "HV01\u0000", "$.hosts[0].name: must not contain the control or bidirectional-override character U+0000")]
    [InlineData("$.hosts[0].name", "\u001b[31mHV01", "$.hosts[0].name: must not contain the control or bidirectional-override character U+001B")]
    [InlineData("$.hosts[0].name", "HV\u202e10", "$.hosts[0].name: must not contain the control or bidirectional-override character U+202E")]
    [InlineData("$.hosts[0].name", "HV\u009b01", "$.hosts[0].name: must not contain the control or bidirectional-override character U+009B")]
    [InlineData("$.hosts[0].name", "HV\n01", "$.hosts[0].name: must not contain the control or bidirectional-override character U+000A")]
    [InlineData("$.collectedAt", "1600-12-31T23:59:59Z", "$.collectedAt: must not be earlier than 1601-01-01T00:00:00Z")]
    public void Hostile_text_and_out_of_range_timestamps_are_refused_with_their_path(string path, string value, string expected)
    {
        var result = JsonDocs.Baseline().Set(path, System.Text.RegularExpressions.Regex.Unescape(value)).ParseSnapshot();

        Assert.Equal([expected], result.ErrorTexts());
    }

    [Fact]
    public void A_name_of_one_letter_and_many_combining_marks_is_refused_by_its_utf16_length()
    {
        var name = "A" + new string('\u0301', 100_000);

        var result = JsonDocs.Baseline().Set("$.hosts[0].name", name).ParseSnapshot();

        Assert.Equal(["$.hosts[0].name: must be at most 512 UTF-16 code units (combining marks count)"], result.ErrorTexts());
    }

    [Fact]
    public void Free_text_keeps_its_line_breaks()
    {
        var result = JsonDocs.Baseline().Set("$.collectionErrors", new JsonArray(new JsonObject { ["source"] = "WSMan", ["message"] = "line one\r\nline two" })).ParseSnapshot();

        Assert.Empty(result.ErrorTexts());
    }

    [Fact]
    public void Duplicate_property_names_are_refused()
    {
        var json = JsonDocs.Baseline().ToJsonString();
        var duplicated = "{\"tenantId\":\"other\"," + json[1..];

        var result = SnapshotParser.Parse(System.Text.Encoding.UTF8.GetBytes(duplicated));

        Assert.False(result.IsValid);
        Assert.Contains("duplicate", Assert.Single(result.Errors).Message, StringComparison.OrdinalIgnoreCase);
    }
}
