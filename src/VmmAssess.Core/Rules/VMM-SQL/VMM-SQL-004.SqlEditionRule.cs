namespace VmmAssess.Core.Rules;

/// <summary>VMM-SQL-004: only the Standard, Enterprise and Datacenter (64-bit) editions of SQL Server hold a VMM database.</summary>
internal sealed class SqlEditionRule : Rule
{
    private static readonly string[] SupportedEditions = ["Standard", "Enterprise", "Datacenter"];

    public override RuleMetadata Metadata { get; } = new(
        Id: "VMM-SQL-004",
        Title: "SQL Server edition of the VMM database",
        Category: RuleCategory.SystemRequirements,
        Severity: Severity.Blocker,
        Targets: AllTargets,
        Description: "System requirements (2016–2025): \"For the below supported SQL versions, Standard, Enterprise, and Datacenter (64-bit) editions are supported based on the availability.\" Other editions (Express, Web, Developer, Evaluation) and 32-bit installations are not listed and are reported as unsupported. The edition is read from SERVERPROPERTY('Edition') as collected (\"Enterprise Edition (64-bit)\").",
        Remediation: "Move the VMM database to a Standard or Enterprise (64-bit) SQL Server instance of a supported version (back up, restore, then point setup at it), or upgrade the edition in place with SQL Server setup's Edition Upgrade.",
        SourceKeys: ["SR16", "SR19", "SR22", "SR25"])
    {
        DataPaths = ["$.database.edition"],
    };

    public override RuleOutcome Evaluate(RuleContext context)
    {
        var database = context.Snapshot.Database;
        var name = database?.Server ?? "VMM database";
        if (database?.Edition is not { Length: > 0 } edition)
        {
            return RuleOutcome.Unknown("The snapshot does not say which SQL Server edition holds the VMM database.");
        }

        var evidence = new Evidence(name, "edition", edition, "Standard, Enterprise or Datacenter (64-bit)");
        var listed = SupportedEditions.Any(e => edition.Contains(e, StringComparison.OrdinalIgnoreCase));
        if (!listed)
        {
            return RuleOutcome.Fail($"SQL Server {edition} is not a supported edition for the VMM database.", evidence);
        }

        return edition.Contains("32-bit", StringComparison.OrdinalIgnoreCase)
            ? RuleOutcome.Fail("A 32-bit SQL Server installation is not supported for the VMM database.", evidence)
            : RuleOutcome.Pass($"SQL Server {edition} is a supported edition.");
    }
}
