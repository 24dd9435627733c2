namespace VmmAssess.Core.Tests.Rules;

/// <summary>PRO configurations are not kept by the 2012 R2 → 2016 upgrade (PCU); the later pages do not repeat it.</summary>
public class ProConfigurationsRuleTests
{
    private const string Id = "VMM-PRO-001";
    private static readonly Snapshot To2016 = TestSnapshots.ReadyFor(TargetVersion.Vmm2016);

    [Fact]
    public void Pass_when_no_pro_configuration_exists()
    {
        var finding = Assess.Rule(Id, To2016).Expect(FindingStatus.Pass);

        Assert.Equal("No PRO configuration would be lost.", finding.Message);
    }

    [Fact]
    public void Fail_when_pro_is_configured_shows_how_many_configurations_are_lost()
    {
        var snapshot = To2016.WithOperationsManager(o => o with { Connected = true, ProEnabled = true, ProConfigurations = 4 });

        var finding = Assess.Rule(Id, snapshot).Expect(FindingStatus.Fail);

        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal("PRO is configured; its configurations are lost in the upgrade.", finding.Message);
        var evidence = finding.EvidenceFor("SCOM01.contoso.com");
        Assert.Equal(("proConfigurations", "4", "0"), (evidence.Property, evidence.Actual, evidence.Expected));
    }

    [Theory]
    [InlineData(true, null)]
    [InlineData(null, 2)]
    [InlineData(false, 1)]
    public void Fail_when_either_pro_signal_says_configured(bool? enabled, int? configurations)
    {
        var snapshot = To2016.WithOperationsManager(o => o with { ProEnabled = enabled, ProConfigurations = configurations });

        Assess.Rule(Id, snapshot).Expect(FindingStatus.Fail);
    }

    [Fact]
    public void Unknown_when_pro_state_is_not_collected()
    {
        var neither = To2016.WithOperationsManager(o => o with { ProEnabled = null, ProConfigurations = null });

        Assert.Equal("The snapshot does not say whether PRO is configured.", Assess.Rule(Id, neither).Expect(FindingStatus.Unknown).Message);
        Assess.Rule(Id, To2016 with { OperationsManager = null }).Expect(FindingStatus.Unknown);
    }

    [Fact]
    public void Unknown_when_the_source_version_is_missing()
    {
        Assess.Rule(Id, To2016.WithSource(null, null)).Expect(FindingStatus.Unknown);
    }

    [Theory]
    [InlineData(TargetVersion.Vmm2019)]
    [InlineData(TargetVersion.Vmm2022)]
    [InlineData(TargetVersion.Vmm2025)]
    public void Fails_on_the_first_hop_of_a_multi_hop_upgrade_from_2012_R2(TargetVersion target)
    {
        var snapshot = TestSnapshots.ReadyFor(target).WithSource(VmmProduct.Vmm2012R2, 14)
            .WithOperationsManager(o => o with { ProEnabled = true, ProConfigurations = 3 });

        var finding = Assess.Rule(Id, snapshot).Expect(FindingStatus.Fail);

        Assert.Equal("PRO is configured; its configurations are lost in the first hop (VMM 2012 R2 to 2016).", finding.Message);
    }

    [Fact]
    public void Not_applicable_to_sources_after_2012_R2()
    {
        var snapshot = TestSnapshots.ReadyFor(TargetVersion.Vmm2022).WithOperationsManager(o => o with { ProEnabled = true, ProConfigurations = 3 });

        Assess.Rule(Id, snapshot).Expect(FindingStatus.NotApplicable);
    }
}
