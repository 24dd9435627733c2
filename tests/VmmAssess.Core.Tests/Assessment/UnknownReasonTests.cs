using System.Text.Json;

namespace VmmAssess.Core.Tests.Assessment;

/// <summary>
/// A collector run that could not reach VMM gives Unknown rows; the result says why: the snapshot's collection errors,
/// the JSON path each Unknown finding missed, and how to collect it.
/// </summary>
public class UnknownReasonTests
{
    /// <summary>What the collector posts when the virtualmachinemanager module is missing and the server cannot be reached over CIM.</summary>
    private static Snapshot Unreachable() => new()
    {
        SnapshotId = new Guid("5a1e7c3d-2b9f-4e8a-b6d1-0c3f9e2a7b45"),
        TenantId = "contoso",
        EnvironmentId = "contoso-dc2-vmm",
        CollectedAt = TestSnapshots.CollectedAt,
        TargetVersion = TargetVersion.Vmm2022,
        CollectionErrors =
        [
            new CollectionError("vmm:module", null, "The 'virtualmachinemanager' module could not be loaded: install the VMM console on this computer."),
            new CollectionError("cim:session", "VMM01.contoso.com", "WinRM cannot complete the operation: the server is unreachable."),
        ],
    };

    [Fact]
    public void Unknown_findings_name_the_missing_data_and_the_collection_errors_that_explain_it()
    {
        var result = Assess.Evaluate(Unreachable());

        Assert.Equal(["CE1", "CE2"], result.CollectionErrors.Select(e => e.Id));
        Assert.Equal(("vmm:module", (string?)null), (result.CollectionErrors[0].Source, result.CollectionErrors[0].Target));
        var unknown = result.Findings.Where(f => f.Status == FindingStatus.Unknown).ToList();
        Assert.NotEmpty(unknown);
        Assert.All(unknown, f =>
        {
            Assert.NotEmpty(f.MissingData!);
            Assert.Contains("CE1", f.CollectionErrorIds!);
            Assert.StartsWith("Run Get-VmmAssessmentSnapshot where the virtualmachinemanager PowerShell module is installed", f.HowToCollect, StringComparison.Ordinal);
        });

        var os = unknown.Single(f => f.RuleId == "VMM-SRV-001");
        Assert.Equal(["$.managementServers[*].os.build", "$.managementServers[*].os.installationType"], os.MissingData);
        Assert.Equal(["CE1", "CE2"], os.CollectionErrorIds); // the CIM session error explains a management server's OS too
        Assert.Contains("local administrator rights and WinRM (TCP 5985) access", os.HowToCollect, StringComparison.Ordinal);
        Assert.Equal(["CE1"], unknown.Single(f => f.RuleId == "VMM-OPS-001").CollectionErrorIds);
    }

    [Fact]
    public void Coverage_says_what_it_is_computed_from_and_points_at_the_collection_errors()
    {
        var result = Assess.Evaluate(Unreachable());

        Assert.StartsWith($"{result.Counts.Pass + result.Counts.Fail} of {result.Counts.Pass + result.Counts.Fail + result.Counts.Unknown} applicable rules had the data they need", result.CoverageBasis, StringComparison.Ordinal);
        Assert.EndsWith("The collector reported 2 collection error(s); see collectionErrors.", result.CoverageBasis, StringComparison.Ordinal);
    }

    [Fact]
    public void A_single_missing_field_names_its_path_and_how_to_state_it_without_blaming_an_unrelated_error()
    {
        var snapshot = TestSnapshots.Baseline.WithDkm(null) with { CollectionErrors = [new CollectionError("sql:msdb-backupset", "SQLFCI", "SELECT permission denied")] };

        var finding = Assess.Rule("VMM-DKM-002", snapshot).Expect(FindingStatus.Unknown);

        Assert.Equal(["$.vmm.dkm.enabled"], finding.MissingData);
        Assert.Null(finding.CollectionErrorIds);
        Assert.Equal("State Distributed Key Management with -DkmContainer '<distinguished name>' or -NoDkm: no documented cmdlet or registry value exposes it on a standalone server.", finding.HowToCollect);
    }

    [Fact]
    public void A_filtered_path_ignores_items_the_rule_does_not_judge()
    {
        // VMware hosts have no os: that is not missing data for the Hyper-V host rule, whose Unknown comes from an unmapped build.
        var snapshot = TestSnapshots.Baseline.AddHosts(TestSnapshots.HyperVHost("HV-NEW.contoso.com", Builds.Unmapped));

        var finding = Assess.Rule("VMM-HOST-001", snapshot).Expect(FindingStatus.Unknown);

        Assert.Empty(finding.MissingData!);
        Assert.Null(finding.HowToCollect);
    }

    [Fact]
    public void Findings_that_are_not_unknown_carry_no_reason_and_the_json_leaves_the_fields_out()
    {
        var result = Assess.Evaluate(TestSnapshots.Baseline);
        var json = JsonSerializer.Serialize(result, CoreJsonContext.Default.AssessmentResult);

        Assert.All(result.Findings, f => Assert.Null(f.MissingData));
        Assert.DoesNotContain("\"missingData\"", json, StringComparison.Ordinal);
        Assert.Contains("\"collectionErrors\":[]", json, StringComparison.Ordinal);
    }
}
