namespace VmmAssess.Core.Rules;

/// <summary>VMM-DKM-001: without DKM, an upgrade on a different computer loses encrypted data.</summary>
internal sealed class DkmDifferentComputerRule : Rule
{
    public override RuleMetadata Metadata { get; } = new(
        Id: "VMM-DKM-001",
        Title: "Upgrade on a different computer without DKM",
        Category: RuleCategory.Common,
        Severity: Severity.Warning,
        Targets: AllTargets,
        Description: "Installing the new version on a different computer against the existing database preserves encrypted data only when the keys are stored in Active Directory (DKM). Without DKM, such an upgrade is not supported when application settings, service settings, SQL deployment product keys or Web Deploy passwords are stored.",
        Remediation: "Upgrade on the same computer, or configure Distributed Key Management before moving VMM to a new server (with VMM 2019, give the new server the old server's name).",
        SourceKeys: ["CSA", "UPG16", "U19", "U22", "U25"])
    {
        DataPaths = ["$.vmm.upgradeOnSameComputer", "$.vmm.dkm.enabled"],
    };

    public override RuleOutcome Evaluate(RuleContext context)
    {
        var vmm = context.Vmm;
        if (vmm?.UpgradeOnSameComputer == true)
        {
            return RuleOutcome.Pass("The upgrade runs on the same computer.");
        }

        if (vmm?.Dkm?.Enabled == true)
        {
            return RuleOutcome.Pass("DKM stores the encryption keys in Active Directory.");
        }

        if (vmm?.UpgradeOnSameComputer is null || vmm.Dkm?.Enabled is null)
        {
            return RuleOutcome.Unknown("The snapshot does not say both whether DKM is configured and whether the upgrade runs on the same computer.");
        }

        return RuleOutcome.Fail("The upgrade moves VMM to a different computer without DKM: encrypted data is lost.",
            new Evidence("VMM", "dkm.enabled", "false", "true, or upgradeOnSameComputer true"));
    }
}
