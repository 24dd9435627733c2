namespace VmmAssess.Core.Tests.Rules;

/// <summary>The CSA table (facts sheet §8): whether encrypted data survives the service account chosen at setup.</summary>
public class ServiceAccountChangeRuleTests
{
    private const string Id = "VMM-ACCT-001";
    private const string Account = "CONTOSO\\svc-vmm";
    private const string OtherAccount = "CONTOSO\\svc-vmm2";

    private static Snapshot With(ServiceAccount? current, ServiceAccount? planned, bool? dkm) =>
        TestSnapshots.StandaloneBaseline.WithServiceAccounts(current, planned).WithDkm(dkm);

    private static ServiceAccount LocalSystem => new(ServiceAccountKind.LocalSystem, null);

    private static ServiceAccount Domain(string name) => new(ServiceAccountKind.Domain, name);

    public enum Change { LocalSystemToLocalSystem, LocalSystemToDomain, SameDomainAccount, DifferentDomainAccount, DomainToLocalSystem }

    [Theory]
    [InlineData(Change.LocalSystemToLocalSystem, false, FindingStatus.Pass)]
    [InlineData(Change.LocalSystemToLocalSystem, true, FindingStatus.Pass)]
    [InlineData(Change.LocalSystemToDomain, false, FindingStatus.Fail)]
    [InlineData(Change.LocalSystemToDomain, true, FindingStatus.Pass)]
    [InlineData(Change.SameDomainAccount, false, FindingStatus.Pass)]
    [InlineData(Change.SameDomainAccount, true, FindingStatus.Pass)]
    [InlineData(Change.DifferentDomainAccount, false, FindingStatus.Fail)]
    [InlineData(Change.DifferentDomainAccount, true, FindingStatus.Fail)]
    [InlineData(Change.DomainToLocalSystem, false, FindingStatus.Fail)]
    [InlineData(Change.DomainToLocalSystem, true, FindingStatus.Fail)]
    public void Encrypted_data_survives_per_the_service_account_and_dkm_table(Change change, bool dkm, FindingStatus expected)
    {
        var (current, planned) = change switch
        {
            Change.LocalSystemToLocalSystem => (LocalSystem, LocalSystem),
            Change.LocalSystemToDomain => (LocalSystem, Domain(Account)),
            Change.SameDomainAccount => (Domain(Account), Domain(Account)),
            Change.DifferentDomainAccount => (Domain(Account), Domain(OtherAccount)),
            _ => (Domain(Account), LocalSystem),
        };

        Assess.Rule(Id, With(current, planned, dkm)).Expect(expected);
    }

    [Fact]
    public void Pass_when_setup_keeps_the_same_domain_account()
    {
        var finding = Assess.Rule(Id, With(Domain(Account), Domain(Account), dkm: false)).Expect(FindingStatus.Pass);

        Assert.Equal("Setup keeps the same domain account: encrypted data is preserved.", finding.Message);
        Assert.Empty(finding.Evidence);
    }

    [Fact]
    public void Pass_from_local_system_to_a_domain_account_with_dkm()
    {
        var finding = Assess.Rule(Id, With(LocalSystem, Domain(Account), dkm: true)).Expect(FindingStatus.Pass);

        Assert.Equal("Local System to a domain account with DKM: encrypted data is preserved.", finding.Message);
    }

    [Fact]
    public void Fail_from_local_system_to_a_domain_account_without_dkm_explains_what_is_lost()
    {
        var finding = Assess.Rule(Id, With(LocalSystem, Domain(Account), dkm: false)).Expect(FindingStatus.Fail);

        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal("Local System to a domain account without DKM: encrypted data (Run As credentials, template passwords) is lost.", finding.Message);
        var evidence = finding.EvidenceFor("VMM service account");
        Assert.Equal(("plannedServiceAccount", "Domain CONTOSO\\svc-vmm", "LocalSystem"), (evidence.Property, evidence.Actual, evidence.Expected));
    }

    [Fact]
    public void Fail_for_a_different_domain_account_even_with_dkm()
    {
        var finding = Assess.Rule(Id, With(Domain(Account), Domain(OtherAccount), dkm: true)).Expect(FindingStatus.Fail);

        Assert.Equal("A different domain account loses encrypted data, with or without DKM.", finding.Message);
        Assert.Equal(("Domain CONTOSO\\svc-vmm2", "Domain CONTOSO\\svc-vmm"), (finding.Evidence[0].Actual, finding.Evidence[0].Expected));
    }

    [Fact]
    public void A_group_managed_account_counts_as_a_domain_account()
    {
        var gmsa = new ServiceAccount(ServiceAccountKind.GroupManaged, "CONTOSO\\gmsa-vmm$");

        Assess.Rule(Id, With(LocalSystem, gmsa, dkm: false)).Expect(FindingStatus.Fail);
        Assess.Rule(Id, With(LocalSystem, gmsa, dkm: true)).Expect(FindingStatus.Pass);
        Assess.Rule(Id, With(gmsa, gmsa, dkm: false)).Expect(FindingStatus.Pass);
    }

    [Fact]
    public void Account_names_compare_without_case_and_surrounding_spaces()
    {
        Assess.Rule(Id, With(Domain("CONTOSO\\svc-vmm"), Domain(" contoso\\SVC-VMM "), dkm: false)).Expect(FindingStatus.Pass);
    }

    [Fact]
    public void Without_a_planned_account_setup_keeps_the_current_one()
    {
        Assess.Rule(Id, With(LocalSystem, null, dkm: false)).Expect(FindingStatus.Pass);
        Assess.Rule(Id, With(Domain(Account), null, dkm: false)).Expect(FindingStatus.Pass);
    }

    [Fact]
    public void Unknown_from_local_system_to_a_domain_account_when_dkm_is_not_known()
    {
        var finding = Assess.Rule(Id, With(LocalSystem, Domain(Account), dkm: null)).Expect(FindingStatus.Unknown);

        Assert.Contains("keeps encrypted data only with DKM", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_when_the_current_or_planned_account_is_not_known()
    {
        Assert.Equal("The snapshot does not say which service account VMM runs as.",
            Assess.Rule(Id, With(null, Domain(Account), dkm: true)).Expect(FindingStatus.Unknown).Message);
        Assess.Rule(Id, With(new ServiceAccount(null, Account), Domain(Account), dkm: true)).Expect(FindingStatus.Unknown);
        Assess.Rule(Id, With(Domain(Account), new ServiceAccount(null, Account), dkm: true)).Expect(FindingStatus.Unknown);
        Assess.Rule(Id, TestSnapshots.StandaloneBaseline with { Vmm = null }).Expect(FindingStatus.Unknown);
    }

    [Fact]
    public void Unknown_when_domain_account_names_are_missing()
    {
        var finding = Assess.Rule(Id, With(Domain(Account), new ServiceAccount(ServiceAccountKind.Domain, null), dkm: true)).Expect(FindingStatus.Unknown);

        Assert.Equal("The snapshot does not name both the current and the planned domain account.", finding.Message);
    }
}
