using VmmAssess.Core.Workflow;

namespace VmmAssess.Core.Tests.Workflow;

/// <summary>The waiver file: what it accepts, and the error (with its path) for each thing it refuses.</summary>
public class WaiverDocumentTests
{
    private const string Valid = """
        {
          "id": "W-1", "tenantId": "contoso", "environmentId": "contoso-dc1-vmm", "ruleId": "VMM-HOST-001",
          "objects": ["HV-OLD*"], "reason": "Retired after the upgrade", "createdBy": "alice@msp.example",
          "createdAt": "2026-11-01T09:00:00Z", "expiresAt": "2027-02-01T09:00:00Z", "ticket": "HALO-1234"
        }
        """;

    private static WaiverParseResult Parse(params string[] waivers) =>
        WaiverDocument.Parse($"{{ \"waivers\": [ {string.Join(", ", waivers)} ] }}", RuleCatalog.Default);

    private static string With(string property, string json)
    {
        var waiver = System.Text.Json.Nodes.JsonNode.Parse(Valid)!.AsObject();
        if (json == "<absent>")
        {
            waiver.Remove(property);
        }
        else
        {
            waiver[property] = System.Text.Json.Nodes.JsonNode.Parse(json);
        }

        return waiver.ToJsonString();
    }

    private static string Error(WaiverParseResult result) => string.Join("\n", result.Errors.Select(e => e.ToString()));

    [Fact]
    public void A_valid_file_reads_every_field()
    {
        var result = Parse(Valid, With("id", "\"W-2\"").Replace("\"environmentId\":\"contoso-dc1-vmm\",", "", StringComparison.Ordinal));

        Assert.True(result.IsValid, Error(result));
        Assert.Equal(
            new Waiver("W-1", "contoso", "contoso-dc1-vmm", "VMM-HOST-001", ["HV-OLD*"], "Retired after the upgrade", "alice@msp.example",
                new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 2, 1, 9, 0, 0, TimeSpan.Zero), "HALO-1234") with { Objects = null },
            result.Waivers[0] with { Objects = null });
        Assert.Equal(["HV-OLD*"], result.Waivers[0].Objects);
        Assert.Null(result.Waivers[1].EnvironmentId);
    }

    [Fact]
    public void The_rule_id_is_matched_to_the_catalog_and_written_as_it_spells_it()
    {
        var result = Parse(With("ruleId", "\"vmm-host-001\""));

        Assert.Equal("VMM-HOST-001", Assert.Single(result.Waivers).RuleId);
    }

    [Theory]
    [InlineData("expiresAt", "<absent>", "$.waivers[1].expiresAt: is required: a waiver expires at most one year after it is created")]
    [InlineData("expiresAt", "\"2026-10-01T09:00:00Z\"", "$.waivers[1].expiresAt: must be after createdAt (2026-11-01T09:00:00Z), got 2026-10-01T09:00:00Z")]
    [InlineData("expiresAt", "\"2027-11-01T09:00:01Z\"", "$.waivers[1].expiresAt: must be at most one year after createdAt, i.e. no later than 2027-11-01T09:00:00Z; got 2027-11-01T09:00:01Z")]
    [InlineData("expiresAt", "\"2027-02-01T09:00:00\"", "$.waivers[1].expiresAt: must be an ISO 8601 date and time with an offset, e.g. 2026-11-26T09:30:00Z; got '2027-02-01T09:00:00'")]
    [InlineData("expiresAt", "20270201", "$.waivers[1].expiresAt: expected a string, got a number")]
    [InlineData("ruleId", "\"VMM-NOPE-001\"", "$.waivers[1].ruleId: unknown rule id 'VMM-NOPE-001': not a rule of rule pack 2026.11.2 (list them with `vmmassess rules` or GET /api/rules)")]
    [InlineData("reason", "\"  \"", "$.waivers[1].reason: must not be empty")]
    [InlineData("createdBy", "<absent>", "$.waivers[1].createdBy: is required")]
    [InlineData("tenantId", "\"contoso tenant\"", "$.waivers[1].tenantId: must be 1 to 64 characters from A-Z, a-z, 0-9, '.', '_' and '-', and not only dots")]
    [InlineData("objects", "[\"HV01\", \" \"]", "$.waivers[1].objects[1]: must not be empty")]
    [InlineData("ticket", "\"\"", "$.waivers[1].ticket: must not be empty")]
    [InlineData("environmentId", "\"..\"", "$.waivers[1].environmentId: must be 1 to 64 characters from A-Z, a-z, 0-9, '.', '_' and '-', and not only dots")]
    [InlineData("expiresAt", "\"2027-11-01T12:00:00+01:00\"", "$.waivers[1].expiresAt: must be at most one year after createdAt, i.e. no later than 2027-11-01T09:00:00Z; got 2027-11-01T12:00:00+01:00")]
    [InlineData("objects", "[]", "$.waivers[1].objects: must name at least one object or pattern; leave objects out to waive the whole finding")]
    [InlineData("objects", "[\"HV01\", 7]", "$.waivers[1].objects[1]: expected a string, got a number")]
    [InlineData("objects", "[\"HV01\", \"*\"]", "$.waivers[1].objects[1]: is only wildcards, which names no object in particular; leave objects out to waive the whole finding")]
    [InlineData("objects", "[\" HV01\"]", "$.waivers[1].objects[0]: must not start or end with white space (VMM names do not)")]
    [InlineData("objects", "[\"HV01\\u202eexe\"]", "$.waivers[1].objects[0]: must not contain the control or bidirectional-override character U+202E")]
    [InlineData("reason", "\"accepted\\u001b[31m\"", "$.waivers[1].reason: must not contain the control or bidirectional-override character U+001B")]
    [InlineData("ticket", "\"CHG-1\\nCHG-2\"", "$.waivers[1].ticket: must not contain the control or bidirectional-override character U+000A")]
    [InlineData("expires", "\"2027-01-01T00:00:00Z\"", "$.waivers[1].expires: unknown property (a waiver has id, tenantId, environmentId, ruleId, objects, reason, createdBy, createdAt, expiresAt, ticket)")]
    public void Each_refusal_names_its_path(string property, string json, string expected)
    {
        var result = Parse(With("id", "\"W-0\""), With(property, json));

        Assert.False(result.IsValid);
        Assert.Empty(result.Waivers);
        Assert.Equal(expected, Error(result));
    }

    [Fact]
    public void A_waiver_names_at_most_100_objects_as_the_API_does_and_a_reason_may_span_lines()
    {
        var names = string.Join(", ", Enumerable.Range(1, WaiverValidation.MaxObjects + 1).Select(i => $"\"HV{i:000}\""));

        Assert.Equal("$.waivers[1].objects: must name at most 100 objects or patterns, got 101", Error(Parse(With("id", "\"W-0\""), With("objects", $"[{names}]"))));
        Assert.True(Parse(With("id", "\"W-0\""), With("reason", "\"Agreed in the CAB.\\r\\nRe-check after the upgrade.\"")).IsValid);
    }

    [Fact]
    public void A_duplicate_id_names_the_first_one()
    {
        Assert.Equal("$.waivers[1].id: 'W-1' is already the id of $.waivers[0]", Error(Parse(Valid, Valid)));
    }

    [Theory]
    [InlineData("", "$: the document is empty")]
    [InlineData("[]", "$: expected an object { \"waivers\": [ ... ] }, got an array")]
    [InlineData("{}", "$.waivers: is required")]
    [InlineData("{ \"waivers\": {} }", "$.waivers: expected an array, got an object")]
    [InlineData("{ \"waivers\": [], \"waiver\": [] }", "$.waiver: unknown property (a waiver file has only \"waivers\")")]
    [InlineData("{ \"waivers\": [ 1 ] }", "$.waivers[0]: expected a waiver object, got a number")]
    [InlineData("{ \"waivers\": [ }", "$: is not valid JSON (line 1, byte 16)")]
    [InlineData("{ \"waivers\": [], \"waivers\": [] }", "$: has a duplicate property name")]
    public void A_malformed_file_says_what_is_wrong(string json, string expected)
    {
        Assert.Equal(expected, Error(WaiverDocument.Parse(json, RuleCatalog.Default)));
    }

    [Fact]
    public void The_api_validates_one_waiver_with_the_same_messages_and_refuses_a_past_expiry()
    {
        var waiver = Parse(Valid).Waivers[0];

        Assert.Empty(WaiverValidation.Validate(waiver, RuleCatalog.Default, now: waiver.CreatedAt));
        Assert.Equal(
            ["$.expiresAt: is in the past (2027-02-01T09:00:00Z; now is 2027-03-01T00:00:00Z)"],
            WaiverValidation.Validate(waiver, RuleCatalog.Default, now: new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero)).Select(e => e.ToString()));
        Assert.Equal(
            ["$.ruleId: unknown rule id 'VMM-X-9': not a rule of rule pack 2026.11.2 (list them with `vmmassess rules` or GET /api/rules)", "$.expiresAt: is required: a waiver expires at most one year after it is created"],
            WaiverValidation.Validate(waiver with { RuleId = "VMM-X-9", ExpiresAt = default }, RuleCatalog.Default).Select(e => e.ToString()));
    }

    [Fact]
    public void Written_waivers_read_back_the_same()
    {
        var waivers = Parse(Valid).Waivers;

        var again = WaiverDocument.Parse(WaiverDocument.Write(waivers), RuleCatalog.Default);

        Assert.True(again.IsValid, Error(again));
        Assert.Equal(waivers[0] with { Objects = null }, again.Waivers[0] with { Objects = null });
        Assert.Equal(waivers[0].Objects, again.Waivers[0].Objects);
    }
}
