using VmmAssess.Core.Snapshots;

namespace VmmAssess.Core.Rules;

/// <summary>VMM-ASR-001: Hyper-V Recovery Manager / Azure Site Recovery needs steps around the upgrade.</summary>
internal sealed class SiteRecoveryRule : Rule
{
    public override RuleMetadata Metadata { get; } = new(
        Id: "VMM-ASR-001",
        Title: "Azure Site Recovery provider",
        Category: RuleCategory.HighAvailability,
        Severity: Severity.Action,
        Targets: AllTargets,
        Description: "Site Recovery settings cannot be upgraded: redeploy them after the upgrade. Uninstall the provider first, upgrade the recovery site before the primary, keep the VMM node names and, for highly available VMM, give the active node role back to the same node as before the upgrade. With 2012 R2, keys must be stored in Active Directory or the upgrade does not finish (VMM-ASR-002). From VMM 2012 R2, the pre-upgrade tasks ask for the Hyper-V Recovery Manager provider \"3.3.140.0 or later\" on the VMM server before upgrading (a Technical Preview era page); an older provider version is named in the evidence.",
        Remediation: "Record the VMM IDs, uninstall the Site Recovery provider, upgrade the recovery site first, then reinstall the latest provider and redeploy Site Recovery settings; for HA VMM, make the previously active node active again.",
        SourceKeys: ["ASR", "U16", "U19", "U22", "U25", "TPB"])
    {
        DataPaths = ["$.managementServers[*].siteRecoveryProvider.installed"],
    };

    public override RuleOutcome Evaluate(RuleContext context) =>
        ItemChecks.Check(
            context.Snapshot.ManagementServers,
            "management servers",
            _ => true,
            server => new ItemChecks.Verdict(
                server.SiteRecoveryProvider?.Installed is { } installed ? !installed : null,
                new Evidence(server.Name, "siteRecoveryProvider.installed", server.SiteRecoveryProvider?.Installed?.ToString().ToLowerInvariant(),
                    Expected(context, server.SiteRecoveryProvider?.Version))),
            "The snapshot lists no management server.",
            "No Site Recovery provider is installed.",
            count => $"The Site Recovery provider is installed on {ItemChecks.Plural(count, "management server", "management servers")}: plan its removal, the active node and the redeployment.");

    private static readonly Version MinimumProviderFrom2012R2 = new(3, 3, 140, 0);

    private static string Expected(RuleContext context, string? version)
    {
        if (version is null)
        {
            return "redeploy after the upgrade";
        }

        return context.SourceProduct == VmmProduct.Vmm2012R2 && Version.TryParse(version, out var installed) && installed < MinimumProviderFrom2012R2
            ? $"provider {version}: update it to 3.3.140.0 or later before the upgrade, redeploy after it"
            : $"provider {version}: redeploy after the upgrade";
    }
}
