using VmmAssess.Core.Snapshots;

namespace VmmAssess.Core.Rules;

/// <summary>VMM-ACCT-002: highly available VMM requires a domain service account.</summary>
internal sealed class HaServiceAccountRule : Rule
{
    public override RuleMetadata Metadata { get; } = new(
        Id: "VMM-ACCT-002",
        Title: "Domain service account for highly available VMM",
        Category: RuleCategory.HighAvailability,
        Severity: Severity.Blocker,
        Targets: AllTargets,
        Description: "A highly available VMM must run as a domain account (a group managed service account from VMM 2019 on). If the old service uses a domain account, the upgrade to HA must use the same one (its password is asked for).",
        Remediation: "Run setup with a domain service account (the current one, if VMM already runs as a domain account) that is a local administrator on every node.",
        SourceKeys: ["CSA", "PI", "WN19"])
    {
        JudgedPerHop = true,
        DataPaths = ["$.vmm.highlyAvailable", "$.vmm.serviceAccount", "$.vmm.plannedServiceAccount"],
    };

    public override RuleOutcome Evaluate(RuleContext context)
    {
        if (HaGate.NotHighlyAvailable(context) is { } gate)
        {
            return gate;
        }

        var current = context.Vmm?.ServiceAccount;
        var account = context.Vmm?.PlannedServiceAccount ?? current;
        if (current?.Kind is ServiceAccountKind.Domain or ServiceAccountKind.GroupManaged
            && account?.Kind is ServiceAccountKind.Domain or ServiceAccountKind.GroupManaged
            && current.Name is { Length: > 0 } currentName && account.Name is { Length: > 0 } plannedName
            && !string.Equals(currentName.Trim(), plannedName.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            return RuleOutcome.Fail("VMM already runs as a domain account: highly available VMM must keep the same account.",
                new Evidence("VMM service account", "name", plannedName, currentName));
        }

        var evidence = new Evidence("VMM service account", "kind", account?.Kind?.ToString(), context.Support.GmsaServiceAccount ? "Domain or GroupManaged" : "Domain");
        return account?.Kind switch
        {
            null => RuleOutcome.Unknown("The snapshot does not say which service account VMM will run as."),
            ServiceAccountKind.Domain => RuleOutcome.Pass("VMM runs as a domain account."),
            ServiceAccountKind.GroupManaged when context.Support.GmsaServiceAccount => RuleOutcome.Pass($"VMM runs as a group managed service account, supported by {context.TargetName}."),
            ServiceAccountKind.GroupManaged => RuleOutcome.Fail($"{context.TargetName} does not support a group managed service account.", evidence),
            _ => RuleOutcome.Fail("Highly available VMM cannot run as Local System.", evidence),
        };
    }
}
