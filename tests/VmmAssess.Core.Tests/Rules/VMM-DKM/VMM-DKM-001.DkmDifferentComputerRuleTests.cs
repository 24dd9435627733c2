namespace VmmAssess.Core.Tests.Rules;

/// <summary>Installing on a different computer preserves encrypted data only with DKM (CSA, UPG16).</summary>
public class DkmDifferentComputerRuleTests
{
    private const string Id = "VMM-DKM-001";

    private static Snapshot With(bool? sameComputer, bool? dkm) =>
        TestSnapshots.StandaloneBaseline.WithDkm(dkm).WithVmm(v => v with { UpgradeOnSameComputer = sameComputer });

    [Fact]
    public void Pass_on_the_same_computer_even_without_dkm()
    {
        var finding = Assess.Rule(Id, With(sameComputer: true, dkm: false)).Expect(FindingStatus.Pass);

        Assert.Equal("The upgrade runs on the same computer.", finding.Message);
    }

    [Fact]
    public void Pass_on_a_different_computer_with_dkm()
    {
        var finding = Assess.Rule(Id, With(sameComputer: false, dkm: true)).Expect(FindingStatus.Pass);

        Assert.Equal("DKM stores the encryption keys in Active Directory.", finding.Message);
    }

    [Fact]
    public void Fail_on_a_different_computer_without_dkm()
    {
        var finding = Assess.Rule(Id, With(sameComputer: false, dkm: false)).Expect(FindingStatus.Fail);

        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal("The upgrade moves VMM to a different computer without DKM: encrypted data is lost.", finding.Message);
        var evidence = finding.EvidenceFor("VMM");
        Assert.Equal(("dkm.enabled", "false", "true, or upgradeOnSameComputer true"), (evidence.Property, evidence.Actual, evidence.Expected));
    }

    [Theory]
    [InlineData(false, null)]
    [InlineData(null, false)]
    [InlineData(null, null)]
    public void Unknown_when_either_fact_is_missing_and_the_other_does_not_settle_it(bool? sameComputer, bool? dkm)
    {
        Assess.Rule(Id, With(sameComputer, dkm)).Expect(FindingStatus.Unknown);
    }

    [Fact]
    public void Either_fact_alone_settles_it()
    {
        Assess.Rule(Id, With(sameComputer: true, dkm: null)).Expect(FindingStatus.Pass);
        Assess.Rule(Id, With(sameComputer: null, dkm: true)).Expect(FindingStatus.Pass);
    }

    [Fact]
    public void Unknown_without_vmm_data()
    {
        Assess.Rule(Id, TestSnapshots.StandaloneBaseline with { Vmm = null }).Expect(FindingStatus.Unknown);
    }
}
