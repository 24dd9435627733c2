using VmmAssess.Core.Snapshots;

namespace VmmAssess.Core.Rules;

/// <summary>VMM-ASR-002: VMM 2012 R2 with Site Recovery must store its keys in Active Directory, or the upgrade does not finish.</summary>
internal sealed class SiteRecoveryDkmRule : Rule
{
    public override RuleMetadata Metadata { get; } = new(
        Id: "VMM-ASR-002",
        Title: "Site Recovery on VMM 2012 R2 needs Distributed Key Management",
        Category: RuleCategory.HighAvailability,
        Severity: Severity.Blocker,
        Targets: AllTargets,
        Description: "Microsoft's Site Recovery upgrade page: \"If you selected Do not store my keys in Active Directory under Distributed Key Management while installing VMM 2012 R2, the upgrades won't finish successfully.\" and \"When you're upgrading VMM 2012 R2, under Distributed Key Management, select Store encryption keys in Active Directory.\" The rule applies to a VMM 2012 R2 source (the first hop of every upgrade from it) with the Site Recovery provider installed on a management server.",
        Remediation: "Before upgrading, pre-create a DKM container in Active Directory and, when running setup for the first hop (VMM 2016), select Store encryption keys in Active Directory under Distributed Key Management.",
        SourceKeys: ["ASR"])
    {
        DataPaths = ["$.vmm.product", "$.managementServers[*].siteRecoveryProvider.installed", "$.vmm.dkm.enabled"],
    };

    public override RuleOutcome Evaluate(RuleContext context)
    {
        if (context.SourceProduct is not { } product)
        {
            return RuleOutcome.Unknown("The snapshot does not say which VMM version runs.");
        }

        if (product != VmmProduct.Vmm2012R2)
        {
            return RuleOutcome.NotApplicable("Applies to upgrades from VMM 2012 R2 with Site Recovery.");
        }

        var servers = context.Snapshot.ManagementServers;
        var withProvider = servers?.Where(s => s?.SiteRecoveryProvider?.Installed == true).Select(s => s.Name).ToList();
        if (withProvider is not { Count: > 0 })
        {
            return servers is null || servers.Any(s => s is not null && s.SiteRecoveryProvider?.Installed is null)
                ? RuleOutcome.Unknown("The snapshot does not say whether the Site Recovery provider is installed on every management server.")
                : RuleOutcome.NotApplicable("No Site Recovery provider is installed.");
        }

        return context.Vmm?.Dkm?.Enabled switch
        {
            true => RuleOutcome.Pass("Site Recovery is in use and the encryption keys are stored in Active Directory (DKM)."),
            false => RuleOutcome.Fail(
                $"Site Recovery is in use on {RuleText.Names(withProvider)} and VMM 2012 R2 does not store its keys in Active Directory: \"the upgrades won't finish successfully\".",
                new Evidence("VMM", "dkm.enabled", "false", "true (Store encryption keys in Active Directory)")),
            null => RuleOutcome.Unknown("Site Recovery is in use, and the snapshot does not say whether DKM stores the keys in Active Directory."),
        };
    }
}
