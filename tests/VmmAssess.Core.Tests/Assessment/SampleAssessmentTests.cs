namespace VmmAssess.Core.Tests.Assessment;

/// <summary>The shipped samples give the readiness a reader of them expects (README's first command runs them).</summary>
public class SampleAssessmentTests
{
    private static AssessmentResult AssessSample(string name)
    {
        var parsed = SnapshotParser.Parse(RepoFiles.Sample(name));
        Assert.True(parsed.IsValid, string.Join("; ", parsed.ErrorTexts()));
        return Assess.Evaluate(parsed.Snapshot!);
    }

    private static FindingStatus StatusOf(AssessmentResult result, string ruleId) => result.Findings.Single(f => f.RuleId == ruleId).Status;

    private static List<string> FailingBlockers(AssessmentResult result) =>
        result.Findings.Where(f => f.Status == FindingStatus.Fail && f.Severity == Severity.Blocker).Select(f => f.RuleId).ToList();

    [Fact]
    public void Contoso_2012_r2_to_2016_is_not_ready()
    {
        var result = AssessSample("contoso-2012r2-to-2016");

        Assert.Equal(Readiness.NotReady, result.Readiness);
        Assert.Equal(TargetVersion.Vmm2016, result.TargetVersion);
        // A WS2012 Hyper-V host, a WS2012 library server and SQL Server 2008 R2 block the upgrade.
        Assert.Equal(["VMM-HOST-001", "VMM-LIB-001", "VMM-SQL-001"], FailingBlockers(result));
        Assert.Equal(["CON-HV03.contoso.com"], result.Findings.Single(f => f.RuleId == "VMM-HOST-001").EvidenceObjects());
        Assert.Equal(["CON-LIB02.contoso.com"], result.Findings.Single(f => f.RuleId == "VMM-LIB-001").EvidenceObjects());

        // UR11 is a direct source of 2016, but UR11 with a NetScaler needs the database script.
        Assert.Equal(FindingStatus.Pass, StatusOf(result, "VMM-PATH-001"));
        Assert.True(result.UpgradePath.Direct);
        Assert.Equal(FindingStatus.Fail, StatusOf(result, "VMM-PATH-002"));

        // What the 2012 R2 → 2016 planning page warns about, all present here.
        foreach (var ruleId in new[] { "VMM-PRO-001", "VMM-OM-001", "VMM-WINRM-001", "VMM-ACCT-001", "VMM-VMW-001", "VMM-FEAT-001", "VMM-OPS-001", "VMM-OPS-003", "VMM-SRV-001", "VMM-SRV-002" })
        {
            Assert.True(StatusOf(result, ruleId) == FindingStatus.Fail, ruleId);
        }

        Assert.Equal(["esx01.contoso.com"], result.Findings.Single(f => f.RuleId == "VMM-VMW-001").EvidenceObjects()); // 5.0; 5.5 is supported
        // FRD: "Citrix XenServer and VMware vCenter 4.1/5.1 support … Removed. Replacement: Use VMware 5.5 and 5.8" (D14).
        Assert.Equal(FindingStatus.Fail, StatusOf(result, "VMM-VMW-002"));
        Assert.Equal(FindingStatus.NotApplicable, StatusOf(result, "VMM-HA-001"));
        Assert.Equal(FindingStatus.NotApplicable, StatusOf(result, "VMM-FEAT-002"));
        Assert.Contains(result.Checklist, c => c.Id == "CHK-TEMPLATES");
        Assert.Contains(result.Checklist, c => c.Id == "CHK-SCOM-RECONNECT-2016"); // no management pack on VMM 2016 RTM
        Assert.Contains(result.Checklist, c => c.Id == "CHK-LIBRARY-SHARE");
        Assert.Equal(1.0, result.Coverage);
    }

    [Fact]
    public void Fabrikam_ha_2019_to_2022_is_not_ready_because_of_the_availability_group()
    {
        var result = AssessSample("fabrikam-2019-ha-to-2022");

        Assert.Equal(Readiness.NotReady, result.Readiness);
        Assert.Equal(["VMM-SQL-002"], FailingBlockers(result));
        foreach (var ruleId in new[] { "VMM-SRV-001", "VMM-SRV-002", "VMM-OPS-002", "VMM-OM-001", "VMM-ASR-001" })
        {
            Assert.True(StatusOf(result, ruleId) == FindingStatus.Fail, ruleId);
        }

        foreach (var ruleId in new[] { "VMM-HA-001", "VMM-SQL-003", "VMM-LIB-002", "VMM-ACCT-002", "VMM-DKM-002", "VMM-PATH-001", "VMM-HOST-001", "VMM-VMW-001" })
        {
            Assert.True(StatusOf(result, ruleId) == FindingStatus.Pass, ruleId);
        }

        Assert.Equal(["CHK-CLUSTER-LEVEL", "CHK-AG-READD", "CHK-SCOM-RECONNECT", "CHK-ASR-REDEPLOY"],
            result.Checklist.Select(c => c.Id).Where(id => id is "CHK-CLUSTER-LEVEL" or "CHK-AG-READD" or "CHK-SCOM-RECONNECT" or "CHK-ASR-REDEPLOY"));
    }

    [Fact]
    public void Fabrikam_without_the_availability_group_would_be_ready_with_conditions()
    {
        var snapshot = SnapshotParser.Parse(RepoFiles.Sample("fabrikam-2019-ha-to-2022")).Snapshot!
            .WithDatabase(d => d with { InAvailabilityGroup = false });

        Assert.Equal(Readiness.ReadyWithConditions, Assess.Evaluate(snapshot).Readiness);
    }

    [Fact]
    public void Northwind_2022_to_2025_is_ready_with_full_coverage()
    {
        var result = AssessSample("northwind-2022-to-2025");

        Assert.Equal(Readiness.Ready, result.Readiness);
        Assert.Equal(0, result.Counts.Fail);
        Assert.Equal(0, result.Counts.Unknown);
        Assert.Equal(1.0, result.Coverage);
        Assert.Equal("VMM 2022 → VMM 2025", result.UpgradePath.Summary);
        Assert.NotEmpty(result.Checklist); // Ready still comes with the steps every upgrade needs.
    }

    /// <summary>
    /// 2012 R2 → 2022 needs three hops (U16: from "VMM 2012 R2 UR9 or later"; U19: from 2016 UR6; U22: from 2019); SQL
    /// Server 2014 passes SR16 but not SR19/SR22, Windows Server 2012 R2 hosts pass SR16/SR19 but not SR22.
    /// </summary>
    [Fact]
    public void Litware_2012_r2_to_2022_is_not_ready_and_plans_three_hops()
    {
        var result = AssessSample("litware-2012r2-to-2022");

        Assert.Equal(Readiness.NotReady, result.Readiness);
        Assert.Equal("VMM 2012 R2 UR9+ → VMM 2016 UR6+ → VMM 2019 → VMM 2022", result.UpgradePath.Summary);
        Assert.Equal(3, result.UpgradePlan.Hops.Count);
        Assert.Equal(["VMM-HOST-001", "VMM-LIB-001", "VMM-PATH-001", "VMM-SQL-001"], FailingBlockers(result).Order(StringComparer.Ordinal));
        Assert.Equal(1.0, result.Coverage);
    }
}
