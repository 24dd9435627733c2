namespace VmmAssess.Core.Rules;

/// <summary>VMM-DKM-002: highly available VMM requires Distributed Key Management.</summary>
internal sealed class HaDkmRule : Rule
{
    public override RuleMetadata Metadata { get; } = new(
        Id: "VMM-DKM-002",
        Title: "Distributed Key Management for highly available VMM",
        Category: RuleCategory.HighAvailability,
        Severity: Severity.Blocker,
        Targets: AllTargets,
        Description: "A highly available VMM requires DKM, so that every node can decrypt the data in the shared database.",
        Remediation: "Pre-create the DKM container in Active Directory (same domain as the installing account, with Full Control for it) and select it during setup.",
        SourceKeys: ["CSA", "PI"])
    {
        DataPaths = ["$.vmm.highlyAvailable", "$.vmm.dkm.enabled"],
    };

    public override RuleOutcome Evaluate(RuleContext context)
    {
        if (HaGate.NotHighlyAvailable(context) is { } gate)
        {
            return gate;
        }

        var dkm = context.Vmm?.Dkm;
        return dkm?.Enabled switch
        {
            true => RuleOutcome.Pass($"DKM is configured ({dkm.Container})."),
            false => RuleOutcome.Fail("Highly available VMM requires DKM, which is not configured.", new Evidence("VMM", "dkm.enabled", "false", "true")),
            null => RuleOutcome.Unknown("The snapshot does not say whether DKM is configured."),
        };
    }
}
