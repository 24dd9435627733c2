namespace VmmAssess.Core.Rules;

/// <summary>VMM-SQL-005: the SQL Server's computer name cannot exceed 15 characters.</summary>
internal sealed class SqlServerNameLengthRule : Rule
{
    private const int MaxLength = 15;

    public override RuleMetadata Metadata { get; } = new(
        Id: "VMM-SQL-005",
        Title: "SQL Server computer name length",
        Category: RuleCategory.SystemRequirements,
        Severity: Severity.Blocker,
        Targets: AllTargets,
        Description: "Plan VMM installation: \"The SQL Server's computer name can't exceed 15 characters.\" The name judged is the host part of database.server (for a failover cluster instance or an availability group listener, the network name setup connects to). The page's other SQL conditions (same domain or a two-way trust, case-insensitive instance, a service account that can reach AD DS) are not in the snapshot.",
        Remediation: "Move the VMM database to a SQL Server whose computer (or network) name has at most 15 characters: back it up, restore it there and point setup at it.",
        SourceKeys: ["PI"])
    {
        DataPaths = ["$.database.server"],
    };

    public override RuleOutcome Evaluate(RuleContext context)
    {
        var server = context.Snapshot.Database?.Server;
        if (string.IsNullOrWhiteSpace(server))
        {
            return RuleOutcome.Unknown("The snapshot does not name the SQL Server that holds the VMM database.");
        }

        var host = server.Trim().Split('.')[0].Split('\\')[0];
        return host.Length <= MaxLength
            ? RuleOutcome.Pass($"The SQL Server name {host} has at most 15 characters.")
            : RuleOutcome.Fail($"The SQL Server name {host} has {host.Length} characters; at most 15 are allowed.",
                new Evidence(server, "server", $"{host.Length} characters", $"at most {MaxLength}"));
    }
}
