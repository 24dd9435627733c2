namespace VmmAssess.Core.Tests.Rules;

/// <summary>WN25: VMM 2025 no longer manages Azure VMs; use Azure Arc-enabled SCVMM. SPF is VMM-FEAT-003 (D13).</summary>
public class Vmm2025RemovedFeaturesRuleTests
{
    private const string Id = "VMM-FEAT-002";

    [Fact]
    public void Pass_when_no_azure_subscription_is_managed()
    {
        Assert.Equal("No Azure subscription is managed in VMM.", Assess.Rule(Id, TestSnapshots.Baseline).Expect(FindingStatus.Pass).Message);
    }

    [Fact]
    public void Fail_for_azure_subscriptions()
    {
        var finding = Assess.Rule(Id, TestSnapshots.Baseline.WithFeatures(f => f with { AzureSubscriptions = 2 })).Expect(FindingStatus.Fail);

        Assert.Equal(Severity.Warning, finding.Severity);
        var evidence = Assert.Single(finding.Evidence);
        Assert.Equal(("VMM", "features.azureSubscriptions", "2"), (evidence.Object, evidence.Property, evidence.Actual));
        Assert.Contains("Azure Arc-enabled SCVMM", evidence.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public void Pass_when_only_spf_is_installed_which_VMM_FEAT_003_reports()
    {
        var snapshot = TestSnapshots.Baseline.WithFeatures(f => f with { SpfInstalled = true });

        Assess.Rule(Id, snapshot).Expect(FindingStatus.Pass);
        Assert.Equal(Readiness.Ready, Assess.Evaluate(snapshot).Readiness);
    }

    [Fact]
    public void Unknown_when_azure_subscriptions_are_not_collected()
    {
        Assess.Rule(Id, TestSnapshots.Baseline.WithFeatures(f => f with { AzureSubscriptions = null })).Expect(FindingStatus.Unknown);
        Assess.Rule(Id, TestSnapshots.Baseline.WithVmm(v => v with { Features = null })).Expect(FindingStatus.Unknown);
    }

    [Theory]
    [InlineData(TargetVersion.Vmm2016)]
    [InlineData(TargetVersion.Vmm2019)]
    [InlineData(TargetVersion.Vmm2022)]
    public void Not_applicable_before_2025(TargetVersion target)
    {
        Assess.Rule(Id, TestSnapshots.ReadyFor(target).WithFeatures(f => f with { AzureSubscriptions = 3 })).Expect(FindingStatus.NotApplicable);
    }
}
