using System.Globalization;
using VmmAssess.Core.Snapshots;

namespace VmmAssess.Core.Rules;

/// <summary>VMM-FEAT-002: features removed in VMM 2025 (Azure VM management, SPF).</summary>
internal sealed class Vmm2025RemovedFeaturesRule : Rule
{
    public override RuleMetadata Metadata { get; } = new(
        Id: "VMM-FEAT-002",
        Title: "Azure VM management removed in VMM 2025",
        Category: RuleCategory.Common,
        Severity: Severity.Warning,
        Targets: [TargetVersion.Vmm2025],
        Description: "VMM 2025 no longer manages Azure VMs (Azure subscriptions in VMM) or Azure Update Management v1 on VMM-managed VMs. Service Provider Foundation, discontinued in System Center 2025 but still working (\"SPF 2022 will continue to work with System Center 2025 components\"), is reported by VMM-FEAT-003 as information.",
        Remediation: "Move Azure VM management to Azure Arc-enabled SCVMM before upgrading.",
        SourceKeys: ["WN25", "SPF25", "U25"])
    {
        JudgedPerHop = true,
        DataPaths = ["$.vmm.features.azureSubscriptions"],
    };

    public override RuleOutcome Evaluate(RuleContext context) => context.Vmm?.Features?.AzureSubscriptions switch
    {
        null => RuleOutcome.Unknown("The snapshot does not say whether Azure subscriptions are managed in VMM."),
        0 => RuleOutcome.Pass("No Azure subscription is managed in VMM."),
        var count => RuleOutcome.Fail("VMM manages Azure subscriptions, which VMM 2025 no longer supports.",
            new Evidence("VMM", "features.azureSubscriptions", count.Value.ToString(CultureInfo.InvariantCulture), "0 (use Azure Arc-enabled SCVMM)")),
    };
}
