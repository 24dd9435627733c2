using VmmAssess.Core.Snapshots;

namespace VmmAssess.Core.Rules;

/// <summary>VMM-FEAT-003: Service Provider Foundation is discontinued in System Center 2025 but keeps working.</summary>
internal sealed class SpfDiscontinuedRule : Rule
{
    public override RuleMetadata Metadata { get; } = new(
        Id: "VMM-FEAT-003",
        Title: "Service Provider Foundation discontinued in System Center 2025",
        Category: RuleCategory.Common,
        Severity: Severity.Info,
        Targets: [TargetVersion.Vmm2025],
        Description: "Upgrade to VMM 2025: \"Service Provider Foundation (SPF) is discontinued from System Center 2025. However, SPF 2022 will continue to work with System Center 2025 components.\" Nothing is lost at the upgrade, so this is information (rule pack 2026.11.1 reported it as a warning in VMM-FEAT-002), and SPF is not in the 2025 upgrade order.",
        Remediation: "Keep SPF 2022 knowing it is no longer developed, and plan its replacement (for example Azure Arc-enabled SCVMM for self-service).",
        SourceKeys: ["U25", "SPF25", "WN25"])
    {
        DataPaths = ["$.vmm.features.spfInstalled"],
    };

    public override RuleOutcome Evaluate(RuleContext context) => context.Vmm?.Features?.SpfInstalled switch
    {
        null => RuleOutcome.Unknown("The snapshot does not say whether Service Provider Foundation is installed."),
        false => RuleOutcome.Pass("Service Provider Foundation is not installed."),
        true => RuleOutcome.Fail("Service Provider Foundation is installed: SPF 2022 keeps working with VMM 2025 but is discontinued.",
            new Evidence("VMM", "features.spfInstalled", "true", "SPF 2022 keeps working; plan its replacement")),
    };
}
