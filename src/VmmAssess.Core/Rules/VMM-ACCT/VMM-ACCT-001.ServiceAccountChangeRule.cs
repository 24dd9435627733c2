using VmmAssess.Core.Snapshots;

namespace VmmAssess.Core.Rules;

/// <summary>VMM-ACCT-001: encrypted data lost by the planned service-account change (Microsoft's service account / DKM table).</summary>
internal sealed class ServiceAccountChangeRule : Rule
{
    public override RuleMetadata Metadata { get; } = new(
        Id: "VMM-ACCT-001",
        Title: "Encrypted data lost by the planned service account change",
        Category: RuleCategory.Common,
        Severity: Severity.Warning,
        Targets: AllTargets,
        Description: "Whether encrypted data (Run As account credentials, passwords in templates and profiles) survives depends on the old and new VMM service accounts and on DKM: Local System to Local System, and the same domain account, keep it; Local System to a domain account keeps it only with DKM; a different domain account loses it even with DKM; a domain account cannot go back to Local System. The service account cannot be changed after installation.",
        Remediation: "Run setup with the same service account as today, or configure DKM before moving from Local System to a domain account. Otherwise record Run As credentials and template passwords and re-enter them after the upgrade.",
        SourceKeys: ["CSA", "U16", "U19", "U22", "U25"])
    {
        DataPaths = ["$.vmm.serviceAccount", "$.vmm.plannedServiceAccount", "$.vmm.dkm.enabled"],
    };

    public override RuleOutcome Evaluate(RuleContext context)
    {
        var vmm = context.Vmm;
        var current = vmm?.ServiceAccount;
        if (current?.Kind is not { } currentKind)
        {
            return RuleOutcome.Unknown("The snapshot does not say which service account VMM runs as.");
        }

        var planned = vmm!.PlannedServiceAccount ?? current;
        if (planned.Kind is not { } plannedKind)
        {
            return RuleOutcome.Unknown("The planned service account has no kind.");
        }

        var evidence = new Evidence("VMM service account", "plannedServiceAccount", Describe(planned), Describe(current));
        var dkm = vmm.Dkm?.Enabled;
        if (currentKind == ServiceAccountKind.LocalSystem)
        {
            if (plannedKind == ServiceAccountKind.LocalSystem)
            {
                return RuleOutcome.Pass("Local System stays Local System: encrypted data is preserved.");
            }

            return dkm switch
            {
                true => RuleOutcome.Pass("Local System to a domain account with DKM: encrypted data is preserved."),
                false => RuleOutcome.Fail("Local System to a domain account without DKM: encrypted data (Run As credentials, template passwords) is lost.", evidence),
                null => RuleOutcome.Unknown("Local System to a domain account keeps encrypted data only with DKM, and the snapshot does not say whether DKM is configured.", evidence),
            };
        }

        if (plannedKind == ServiceAccountKind.LocalSystem)
        {
            return RuleOutcome.Fail("A domain service account cannot be changed to Local System during the upgrade.", evidence);
        }

        if (string.IsNullOrWhiteSpace(current.Name) || string.IsNullOrWhiteSpace(planned.Name))
        {
            return RuleOutcome.Unknown("The snapshot does not name both the current and the planned domain account.", evidence);
        }

        return string.Equals(current.Name.Trim(), planned.Name.Trim(), StringComparison.OrdinalIgnoreCase)
            ? RuleOutcome.Pass("Setup keeps the same domain account: encrypted data is preserved.")
            : RuleOutcome.Fail("A different domain account loses encrypted data, with or without DKM.", evidence);
    }

    private static string Describe(ServiceAccount account) =>
        account.Kind == ServiceAccountKind.LocalSystem ? "LocalSystem" : $"{account.Kind} {account.Name}".Trim();
}
