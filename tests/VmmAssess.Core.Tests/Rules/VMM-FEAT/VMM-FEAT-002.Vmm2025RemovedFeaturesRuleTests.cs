namespace VmmAssess.Core.Tests.Rules;

/// <summary>VMM 2025 drops Azure VM management and SPF (WN25, SPF25).</summary>
public class Vmm2025RemovedFeaturesRuleTests
{
    private const string Id = "VMM-FEAT-002";

    [Fact]
    public void Pass_when_neither_azure_subscriptions_nor_spf_are_used()
    {
        Assert.Equal("No feature removed in VMM 2025 is in use.", Assess.Rule(Id, TestSnapshots.Baseline).Expect(FindingStatus.Pass).Message);
    }

    [Fact]
    public void Fail_for_azure_subscriptions()
    {
        var finding = Assess.Rule(Id, TestSnapshots.Baseline.WithFeatures(f => f with { AzureSubscriptions = 2 })).Expect(FindingStatus.Fail);

        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal("The environment uses features that VMM 2025 removed.", finding.Message);
        var evidence = Assert.Single(finding.Evidence);
        Assert.Equal(("VMM", "features.azureSubscriptions", "2"), (evidence.Object, evidence.Property, evidence.Actual));
        Assert.Contains("Azure Arc-enabled SCVMM", evidence.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public void Fail_for_spf_and_azure_lists_both()
    {
        var finding = Assess.Rule(Id, TestSnapshots.Baseline.WithFeatures(f => f with { AzureSubscriptions = 1, SpfInstalled = true })).Expect(FindingStatus.Fail);

        Assert.Equal(["features.azureSubscriptions", "features.spfInstalled"], finding.Evidence.Select(e => e.Property));
        Assert.Equal("false (SPF is discontinued)", finding.Evidence[1].Expected);
    }

    [Fact]
    public void Fail_when_one_feature_is_used_even_if_the_other_is_unknown()
    {
        Assess.Rule(Id, TestSnapshots.Baseline.WithFeatures(f => f with { SpfInstalled = true, AzureSubscriptions = null })).Expect(FindingStatus.Fail);
    }

    [Fact]
    public void Unknown_when_part_of_the_answer_is_missing()
    {
        var partial = Assess.Rule(Id, TestSnapshots.Baseline.WithFeatures(f => f with { SpfInstalled = null })).Expect(FindingStatus.Unknown);

        Assert.Equal("The snapshot says only part of what VMM 2025 removed is in use.", partial.Message);
        Assess.Rule(Id, TestSnapshots.Baseline.WithFeatures(f => f with { SpfInstalled = null, AzureSubscriptions = null })).Expect(FindingStatus.Unknown);
        Assess.Rule(Id, TestSnapshots.Baseline.WithVmm(v => v with { Features = null })).Expect(FindingStatus.Unknown);
    }

    [Theory]
    [InlineData(TargetVersion.Vmm2016)]
    [InlineData(TargetVersion.Vmm2019)]
    [InlineData(TargetVersion.Vmm2022)]
    public void Not_applicable_before_2025(TargetVersion target)
    {
        var snapshot = TestSnapshots.ReadyFor(target).WithFeatures(f => f with { SpfInstalled = true, AzureSubscriptions = 3 });

        Assess.Rule(Id, snapshot).Expect(FindingStatus.NotApplicable);
    }
}
