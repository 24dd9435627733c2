using System.Globalization;
using VmmAssess.Core.Snapshots;

namespace VmmAssess.Core.Rules;

/// <summary>VMM-FEAT-002: features removed in VMM 2025 (Azure VM management, SPF).</summary>
internal sealed class Vmm2025RemovedFeaturesRule : Rule
{
    public override RuleMetadata Metadata { get; } = new(
        Id: "VMM-FEAT-002",
        Title: "Features removed in VMM 2025",
        Category: RuleCategory.Common,
        Severity: Severity.Warning,
        Targets: [TargetVersion.Vmm2025],
        Description: "VMM 2025 no longer manages Azure VMs (Azure subscriptions in VMM) or Azure Update Management v1 on VMM-managed VMs; Service Provider Foundation is discontinued in System Center 2025 (SPF 2022 keeps working with System Center 2025 components).",
        Remediation: "Move Azure VM management to Azure Arc-enabled SCVMM; plan the replacement of SPF, or keep SPF 2022 knowing it is no longer developed.",
        SourceKeys: ["WN25", "SPF25", "U25"])
    {
        JudgedPerHop = true,
        DataPaths = ["$.vmm.features.azureSubscriptions", "$.vmm.features.spfInstalled"],
    };

    public override RuleOutcome Evaluate(RuleContext context)
    {
        var features = context.Vmm?.Features;
        if (features is null || (features.AzureSubscriptions is null && features.SpfInstalled is null))
        {
            return RuleOutcome.Unknown("The snapshot does not say whether Azure subscriptions or SPF are in use.");
        }

        var evidence = new List<Evidence>();
        if (features.AzureSubscriptions > 0)
        {
            evidence.Add(new Evidence("VMM", "features.azureSubscriptions", features.AzureSubscriptions.Value.ToString(CultureInfo.InvariantCulture), "0 (use Azure Arc-enabled SCVMM)"));
        }

        if (features.SpfInstalled == true)
        {
            evidence.Add(new Evidence("VMM", "features.spfInstalled", "true", "false (SPF is discontinued)"));
        }

        if (evidence.Count > 0)
        {
            return RuleOutcome.Fail("The environment uses features that VMM 2025 removed.", evidence);
        }

        return features.AzureSubscriptions is null || features.SpfInstalled is null
            ? RuleOutcome.Unknown("The snapshot says only part of what VMM 2025 removed is in use.")
            : RuleOutcome.Pass("No feature removed in VMM 2025 is in use.");
    }
}
