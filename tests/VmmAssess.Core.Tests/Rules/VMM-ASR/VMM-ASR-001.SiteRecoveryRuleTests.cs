namespace VmmAssess.Core.Tests.Rules;

/// <summary>Site Recovery settings are not upgraded: uninstall, redeploy, keep the active node (ASR, U16–U25, TPB).</summary>
public class SiteRecoveryRuleTests
{
    private const string Id = "VMM-ASR-001";

    [Fact]
    public void Pass_when_no_provider_is_installed()
    {
        Assert.Equal("No Site Recovery provider is installed.", Assess.Rule(Id, TestSnapshots.Baseline).Expect(FindingStatus.Pass).Message);
    }

    [Fact]
    public void Fail_lists_every_node_with_the_provider_and_its_version()
    {
        var finding = Assess.Rule(Id, TestSnapshots.Baseline.WithSiteRecoveryProvider(true, "5.1.8095.0")).Expect(FindingStatus.Fail);

        Assert.Equal(Severity.Action, finding.Severity);
        Assert.Equal("The Site Recovery provider is installed on 2 management servers: plan its removal, the active node and the redeployment.", finding.Message);
        Assert.Equal(["VMMN1.contoso.com", "VMMN2.contoso.com"], finding.EvidenceObjects());
        var evidence = finding.EvidenceFor("VMMN1.contoso.com");
        Assert.Equal(("siteRecoveryProvider.installed", "true", "provider 5.1.8095.0: redeploy after the upgrade"), (evidence.Property, evidence.Actual, evidence.Expected));
    }

    [Fact]
    public void Applies_to_standalone_vmm_too()
    {
        var finding = Assess.Rule(Id, TestSnapshots.StandaloneBaseline.WithSiteRecoveryProvider(true, null)).Expect(FindingStatus.Fail);

        Assert.Equal("The Site Recovery provider is installed on 1 management server: plan its removal, the active node and the redeployment.", finding.Message);
        Assert.Equal("redeploy after the upgrade", finding.Evidence[0].Expected);
    }

    [Fact]
    public void Unknown_when_the_provider_state_is_not_collected()
    {
        Assess.Rule(Id, TestSnapshots.Baseline.WithSiteRecoveryProvider(null)).Expect(FindingStatus.Unknown);
        Assess.Rule(Id, TestSnapshots.Baseline.WithEachManagementServer(s => s with { SiteRecoveryProvider = null })).Expect(FindingStatus.Unknown);
        Assess.Rule(Id, TestSnapshots.Baseline with { ManagementServers = null }).Expect(FindingStatus.Unknown);
    }

    [Fact]
    public void Not_applicable_without_management_servers()
    {
        Assess.Rule(Id, TestSnapshots.Baseline.WithManagementServers()).Expect(FindingStatus.NotApplicable);
    }

    /// <summary>TPB (2012 R2 → 2016): the Hyper-V Recovery Manager provider "3.3.140.0 or later" must be on the VMM server before upgrading.</summary>
    [Fact]
    public void Fail_from_2012_r2_names_a_provider_older_than_3_3_140()
    {
        var from2012R2 = TestSnapshots.ReadyFor(TargetVersion.Vmm2016).Standalone();

        var old = Assess.Rule(Id, from2012R2.WithSiteRecoveryProvider(true, "3.3.120.0")).Expect(FindingStatus.Fail);
        Assert.Equal("provider 3.3.120.0: update it to 3.3.140.0 or later before the upgrade, redeploy after it", old.Evidence[0].Expected);
        var current = Assess.Rule(Id, from2012R2.WithSiteRecoveryProvider(true, "5.1.8095.0")).Expect(FindingStatus.Fail);
        Assert.Equal("provider 5.1.8095.0: redeploy after the upgrade", current.Evidence[0].Expected);
    }
}
