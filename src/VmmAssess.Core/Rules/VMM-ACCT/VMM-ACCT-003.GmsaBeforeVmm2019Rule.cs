using VmmAssess.Core.Snapshots;

namespace VmmAssess.Core.Rules;

/// <summary>VMM-ACCT-003: a group managed service account runs VMM only from VMM 2019 on.</summary>
internal sealed class GmsaBeforeVmm2019Rule : Rule
{
    public override RuleMetadata Metadata { get; } = new(
        Id: "VMM-ACCT-003",
        Title: "Group managed service account before VMM 2019",
        Category: RuleCategory.Common,
        Severity: Severity.Blocker,
        Targets: AllTargets,
        Description: "Plan VMM installation (2016): \"you must configure the VMM service to use any one of … The Local System account … or A domain user account\"; What's new in VMM 2019: \"VMM 2019 supports the use of gMSA for Management server service account\". A planned gMSA therefore cannot run VMM 2016 (in a multi-hop upgrade from 2012 R2, the hop to VMM 2016). Highly available VMM is judged by VMM-ACCT-002, so this rule covers standalone VMM.",
        Remediation: "Install VMM 2016 with a domain user account (keep the current one to preserve encrypted data), and move to a gMSA only at or after the upgrade to VMM 2019, knowing that a different account loses encrypted data unless it is re-entered.",
        SourceKeys: ["PI", "WN19"])
    {
        JudgedPerHop = true,
        DataPaths = ["$.vmm.plannedServiceAccount.kind", "$.vmm.serviceAccount.kind", "$.vmm.highlyAvailable"],
    };

    public override RuleOutcome Evaluate(RuleContext context)
    {
        var account = context.Vmm?.PlannedServiceAccount ?? context.Vmm?.ServiceAccount;
        if (account?.Kind is not { } kind)
        {
            return RuleOutcome.Unknown("The snapshot does not say which service account VMM will run as.");
        }

        if (kind != ServiceAccountKind.GroupManaged)
        {
            return RuleOutcome.Pass("The planned service account is not a group managed service account.");
        }

        if (context.Support.GmsaServiceAccount)
        {
            return RuleOutcome.Pass($"{context.TargetName} supports a group managed service account.");
        }

        return context.HighlyAvailable == true
            ? RuleOutcome.NotApplicable("Highly available VMM: VMM-ACCT-002 judges the service account.")
            : RuleOutcome.Fail($"{context.TargetName} does not support a group managed service account; gMSA is supported from VMM 2019.",
                new Evidence("VMM service account", "plannedServiceAccount.kind", "GroupManaged", "LocalSystem or Domain"));
    }
}
