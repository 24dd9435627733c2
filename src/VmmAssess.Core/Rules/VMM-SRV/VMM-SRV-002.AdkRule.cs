namespace VmmAssess.Core.Rules;

/// <summary>VMM-SRV-002: the Windows ADK on the management servers must be the edition the target requires.</summary>
internal sealed class AdkRule : Rule
{
    public override RuleMetadata Metadata { get; } = new(
        Id: "VMM-SRV-002",
        Title: "Windows Assessment and Deployment Kit (ADK)",
        Category: RuleCategory.SystemRequirements,
        Severity: Severity.Action,
        Targets: AllTargets,
        Description: "Each VMM version requires a specific Windows ADK (2016 and 2019: ADK for Windows 10; 2022: ADK for Windows 11 and Windows Server 2022; 2025: ADK for Windows 11 and Windows Server 2025), with the WinPE add-on from 2019 on. The kit edition is read from the third part of the installed ADK version. No requirements page gives build numbers, so the ranges are this rule's reading: 2016/2019 accept ADK builds 10240–19041 (the ADK for Windows 10 releases); 2022 accepts 20348–25398 (the ADK for Windows Server 2022 and the ADK for Windows 11 releases before the Windows Server 2025 kit, all \"Windows ADK for Windows 11\"); 2025 accepts 26100 and later (\"Windows ADK for Windows 11 and Windows Server 2025\").",
        Remediation: "Uninstall the old ADK and install the ADK (and WinPE add-on) that the target's system requirements name before running setup.",
        SourceKeys: ["SR16", "SR19", "SR22", "SR25"])
    {
        JudgedPerHop = true,
        DataPaths = ["$.managementServers[*].adkVersion"],
    };

    public override RuleOutcome Evaluate(RuleContext context)
    {
        var adk = context.Support.Adk;
        return ItemChecks.Check(
            context.Snapshot.ManagementServers,
            "management servers",
            _ => true,
            server => new ItemChecks.Verdict(adk.Supports(server.AdkVersion), new Evidence(server.Name, "adkVersion", server.AdkVersion, adk.Name)),
            "The snapshot lists no management server.",
            $"Every management server has the ADK {context.TargetName} requires.",
            count => $"{ItemChecks.Plural(count, "management server needs", "management servers need")} the {adk.Name} before setup.");
    }
}
