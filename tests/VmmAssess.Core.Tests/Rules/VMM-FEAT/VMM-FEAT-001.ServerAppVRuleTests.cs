namespace VmmAssess.Core.Tests.Rules;

/// <summary>Server App-V was removed in System Center 2016 (FRD): it matters when the source is 2012 R2.</summary>
public class ServerAppVRuleTests
{
    private const string Id = "VMM-FEAT-001";
    private static readonly Snapshot From2012R2 = TestSnapshots.ReadyFor(TargetVersion.Vmm2016);

    [Fact]
    public void Pass_when_no_service_template_uses_app_v()
    {
        Assert.Equal("No service template uses Server App-V.", Assess.Rule(Id, From2012R2).Expect(FindingStatus.Pass).Message);
    }

    [Fact]
    public void Fail_counts_the_app_v_service_templates()
    {
        var finding = Assess.Rule(Id, From2012R2.WithFeatures(f => f with { ServerAppVServiceTemplates = 3 })).Expect(FindingStatus.Fail);

        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal("3 service template(s) use Server App-V, which the target no longer supports.", finding.Message);
        var evidence = finding.EvidenceFor("VMM");
        Assert.Equal(("features.serverAppVServiceTemplates", "3", "0"), (evidence.Property, evidence.Actual, evidence.Expected));
    }

    [Fact]
    public void Applies_to_2012_R2_sources_on_the_way_to_any_later_target()
    {
        var snapshot = TestSnapshots.ReadyFor(TargetVersion.Vmm2022).WithSource(VmmProduct.Vmm2012R2, 14).WithFeatures(f => f with { ServerAppVServiceTemplates = 1 });

        Assess.Rule(Id, snapshot).Expect(FindingStatus.Fail);
    }

    [Fact]
    public void Unknown_when_app_v_templates_are_not_counted()
    {
        Assess.Rule(Id, From2012R2.WithFeatures(f => f with { ServerAppVServiceTemplates = null })).Expect(FindingStatus.Unknown);
        Assess.Rule(Id, From2012R2.WithVmm(v => v with { Features = null })).Expect(FindingStatus.Unknown);
    }

    [Fact]
    public void Unknown_when_the_source_version_is_missing()
    {
        Assess.Rule(Id, From2012R2.WithSource(null, 14)).Expect(FindingStatus.Unknown);
    }

    [Theory]
    [InlineData(VmmProduct.Vmm2016, TargetVersion.Vmm2019)]
    [InlineData(VmmProduct.Vmm2019, TargetVersion.Vmm2022)]
    [InlineData(VmmProduct.Vmm2022, TargetVersion.Vmm2025)]
    public void Not_applicable_when_the_source_already_lacks_app_v(VmmProduct source, TargetVersion target)
    {
        var snapshot = TestSnapshots.ReadyFor(target).WithSource(source, 9).WithFeatures(f => f with { ServerAppVServiceTemplates = 5 });

        var finding = Assess.Rule(Id, snapshot).Expect(FindingStatus.NotApplicable);

        Assert.Equal("Server App-V was already removed in the source version.", finding.Message);
    }
}
