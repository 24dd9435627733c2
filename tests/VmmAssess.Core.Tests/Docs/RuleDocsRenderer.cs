using System.Globalization;
using System.Text;
using System.Text.Json;
using VmmAssess.Core.SupportData;

namespace VmmAssess.Core.Tests.Docs;

/// <summary>
/// Renders docs/rules.md (the index), docs/rules/&lt;id&gt;.md (one page per rule) and docs/sources.md from the rule
/// catalog and the support data. Everything on a page comes from a rule's metadata, the support-data sections it
/// declares in <see cref="RuleCatalog.SupportDataReadBy"/>, or the JSON data itself: nothing here is written for one rule.
/// </summary>
internal static class RuleDocsRenderer
{
    public const string UpdateVariable = "VMMASSESS_UPDATE_DOCS";
    public const string RegenerateCommand = UpdateVariable + "=1 dotnet test tests/VmmAssess.Core.Tests --filter FullyQualifiedName~RulesDocumentation";

    private const string SupportMatrixPath = "src/VmmAssess.Core/SupportData/support-matrix.json";
    private const string SourcesPath = "src/VmmAssess.Core/SupportData/sources.json";

    /// <summary>The repository-relative path of a rule's page.</summary>
    public static string PagePath(string ruleId) => $"docs/rules/{ruleId}.md";

    /// <summary>The repository-relative paths of a rule's code and tests, as the rule-address test enforces them.</summary>
    public static (string Code, string Tests) FilesOf(Rule rule)
    {
        var id = rule.Metadata.Id;
        var family = id[..id.LastIndexOf('-')];
        var name = rule.GetType().Name;
        return ($"src/VmmAssess.Core/Rules/{family}/{id}.{name}.cs", $"tests/VmmAssess.Core.Tests/Rules/{family}/{id}.{name}Tests.cs");
    }

    public static string Index(RuleCatalog catalog)
    {
        var text = new StringBuilder();
        text.Append("# Assessment rules\n\n");
        AppendGeneratedNotice(text, "RuleCatalog.Default");
        text.Append($"Rule pack {catalog.RulePackVersion}: {Number(catalog.Descriptors.Count)} rules. ");
        text.Append("Severity: ");
        text.Append(string.Join("; ", Enum.GetValues<Severity>().Select(s => $"**{s}** {SeverityMeaning(s)}")));
        text.Append(". Each id links to the rule's page (description, remediation, the support data it reads and its sources); ");
        text.Append("[sources.md](sources.md) lists every cited source. ");
        text.Append("`vmmassess explain <ruleId>` shows a rule's description and remediation.\n\n");
        text.Append("| Id | Title | Category | Severity | Targets | Sources |\n");
        text.Append("|---|---|---|---|---|---|\n");
        foreach (var rule in catalog.Descriptors)
        {
            var targets = string.Join(", ", rule.Targets.Select(t => t.ToWire()));
            var sources = string.Join("<br>", rule.References.Select(r => Link(r.Title, r.Url)));
            text.Append($"| [{rule.Id}](rules/{rule.Id}.md) | {Cell(rule.Title)} | {rule.Category} | {rule.Severity} | {targets} | {sources} |\n");
        }

        return text.ToString();
    }

    public static string RulePage(Rule rule, IReadOnlyList<SupportDataSection> reads, SupportMatrix matrix)
    {
        var metadata = rule.Metadata;
        var (code, tests) = FilesOf(rule);
        var text = new StringBuilder();
        text.Append($"# {metadata.Id}: {Prose(metadata.Title)}\n\n");
        AppendGeneratedNotice(text, $"RuleCatalog.Default ({code}) and {SupportMatrixPath}");
        text.Append("[All rules](../rules.md) · [Sources](../sources.md)\n\n");
        text.Append($"- **Id:** `{metadata.Id}`\n");
        text.Append($"- **Category:** {metadata.Category}\n");
        text.Append($"- **Severity:** {metadata.Severity} ({SeverityMeaning(metadata.Severity)})\n");
        text.Append($"- **Targets:** {string.Join(", ", metadata.Targets.Select(t => t.DisplayName()))}\n");
        text.Append($"- **Code:** [{Path.GetFileName(code)}](../../{code})\n");
        text.Append($"- **Tests:** [{Path.GetFileName(tests)}](../../{tests})\n\n");
        text.Append($"## Description\n\n{Prose(metadata.Description)}\n\n");
        text.Append($"## Remediation\n\n{Prose(metadata.Remediation)}\n\n");
        text.Append("## Support data\n\n");
        if (reads.Count == 0)
        {
            text.Append($"This rule reads no support data from [support-matrix.json](../../{SupportMatrixPath}): it checks the snapshot alone.\n\n");
        }
        else
        {
            text.Append($"What this rule reads from [support-matrix.json](../../{SupportMatrixPath}), for the targets it checks.\n\n");
            foreach (var section in reads)
            {
                AppendSection(text, section, metadata.Targets.Where(matrix.Covers).ToArray(), matrix);
            }
        }

        text.Append("## Sources\n\n");
        foreach (var source in matrix.References(metadata.SourceKeys))
        {
            text.Append($"- {Link(source.Title, source.Url)} (`{source.Key}`)\n");
        }

        return text.ToString();
    }

    /// <param name="checklist">checklist.json as read from disk: which checklist steps cite which source.</param>
    public static string Sources(RuleCatalog catalog, SupportMatrix matrix, JsonElement checklist)
    {
        var rulesCiting = catalog.Rules
            .SelectMany(r => r.Metadata.SourceKeys.Select(key => (key, id: r.Metadata.Id)))
            .ToLookup(c => c.key, c => c.id, StringComparer.Ordinal);
        var dataCiting = SupportDataCitations(matrix).ToLookup(c => c.Key, c => c.Where, StringComparer.Ordinal);
        var stepsCiting = checklist.EnumerateArray()
            .SelectMany(step => step.GetProperty("sourceKeys").EnumerateArray().Select(key => (key: key.GetString()!, id: step.GetProperty("id").GetString()!)))
            .ToLookup(c => c.key, c => c.id, StringComparer.Ordinal);

        var text = new StringBuilder();
        text.Append("# Sources\n\n");
        AppendGeneratedNotice(text, $"{SourcesPath} and what cites it");
        text.Append($"The {Number(matrix.Sources.Count)} Microsoft pages that rules, [support data](../{SupportMatrixPath}) and checklist steps cite, ");
        text.Append($"by the key [sources.json](../{SourcesPath}) gives them. [All rules](rules.md)\n\n");
        text.Append("| Key | Title | URL | Rules | Support data | Checklist |\n");
        text.Append("|---|---|---|---|---|---|\n");
        foreach (var (key, source) in matrix.Sources.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var rules = string.Join(", ", rulesCiting[key].Distinct().Order(StringComparer.Ordinal).Select(id => $"[{id}](rules/{id}.md)"));
            var data = string.Join("<br>", dataCiting[key].Distinct().Order(StringComparer.Ordinal).Select(where => $"`{where}`"));
            var steps = string.Join(", ", stepsCiting[key].Distinct().Order(StringComparer.Ordinal));
            text.Append($"| {key} | {Cell(source.Title)} | <{source.Url}> | {Dash(rules)} | {Dash(data)} | {Dash(Cell(steps))} |\n");
        }

        return text.ToString();
    }

    /// <summary>A table cell: one line, pipes escaped so they cannot split the row, and inline markup taken literally.</summary>
    public static string Cell(string value) => Prose(value.ReplaceLineEndings(" ")).Replace("|", @"\|", StringComparison.Ordinal);

    /// <summary>Catalog text is plain text: characters Markdown would read as markup are escaped.</summary>
    public static string Prose(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>')
            {
                text.Append('\\');
            }

            text.Append(c);
        }

        return text.ToString();
    }

    public static string Link(string title, string url) => $"[{Cell(title)}]({url.Replace(" ", "%20", StringComparison.Ordinal).Replace(")", "%29", StringComparison.Ordinal)})";

    /// <summary>The JSON path of a section; target sections are named under <c>targets.&lt;version&gt;</c>.</summary>
    public static string JsonPath(SupportDataSection section) =>
        IsPerTarget(section) ? $"targets.<version>.{JsonName(section)}" : JsonName(section);

    public static bool IsPerTarget(SupportDataSection section) =>
        section is not (SupportDataSection.UpgradePaths or SupportDataSection.WindowsBuilds or SupportDataSection.SqlVersions);

    private static string JsonName(SupportDataSection section) => JsonNamingPolicy.CamelCase.ConvertName(section.ToString());

    private static string SectionTitle(SupportDataSection section) => section switch
    {
        SupportDataSection.UpgradePaths => "Direct upgrade sources",
        SupportDataSection.WindowsBuilds => "Windows builds the data recognises",
        SupportDataSection.SqlVersions => "SQL Server versions the data recognises",
        SupportDataSection.ManagementServerOs => "Management server operating system",
        SupportDataSection.Adk => "Windows Assessment and Deployment Kit",
        SupportDataSection.Sql => "SQL Server for the VMM database",
        SupportDataSection.LibraryOs => "Library server operating system",
        SupportDataSection.HyperVHostOs => "Hyper-V host operating system",
        SupportDataSection.Esx => "VMware ESX/ESXi versions",
        SupportDataSection.VCenter => "VMware vCenter Server versions",
        SupportDataSection.GmsaServiceAccount => "Group managed service account as the VMM service account",
        SupportDataSection.DynamicMemoryStartupMB => "Startup memory of a management server VM with dynamic memory (MB)",
        _ => throw new ArgumentOutOfRangeException(nameof(section), section, "A support-data section without a title."),
    };

    private static void AppendSection(StringBuilder text, SupportDataSection section, IReadOnlyList<TargetVersion> targets, SupportMatrix matrix)
    {
        text.Append($"### {SectionTitle(section)} (`{JsonPath(section)}`)\n\n");
        switch (section)
        {
            case SupportDataSection.WindowsBuilds:
                Table(text, ["Build", "Release"], matrix.WindowsBuilds.Select(b => new[] { b.Key, Cell(b.Value.Name) }));
                text.Append("A build not listed is reported as Unknown, never guessed.\n\n");
                return;
            case SupportDataSection.SqlVersions:
                Table(text, ["Version", "Release"], matrix.SqlVersions.Select(v => new[] { v.Key, Cell(v.Value.Name) }));
                text.Append("A version not listed is reported as Unknown, never guessed.\n\n");
                return;
            case SupportDataSection.UpgradePaths:
                Table(text, ["Target", "Direct upgrade from", "Sources"], targets.Select(target =>
                {
                    var paths = matrix.UpgradePaths.Where(p => p.Target == target.ToWire()).ToArray();
                    return new[]
                    {
                        target.DisplayName(),
                        Dash(Cell(string.Join(", ", paths.SelectMany(p => p.Sources).Select(ProductName)))),
                        SourceLinks(matrix, paths.SelectMany(p => p.SourceKeys)),
                    };
                }));
                return;
            default:
                var (headers, cells) = TargetColumns(section, matrix);
                Table(text, ["Target", .. headers], targets.Select(target => (string[])[target.DisplayName(), .. cells(target, matrix.For(target))]));
                return;
        }
    }

    /// <summary>The columns a per-target section shows, by the shape of its data.</summary>
    private static (string[] Headers, Func<TargetVersion, TargetSupport, string[]> Cells) TargetColumns(SupportDataSection section, SupportMatrix matrix) => section switch
    {
        SupportDataSection.ManagementServerOs => OsColumns(matrix, s => s.ManagementServerOs),
        SupportDataSection.LibraryOs => OsColumns(matrix, s => s.LibraryOs),
        SupportDataSection.HyperVHostOs => OsColumns(matrix, s => s.HyperVHostOs),
        SupportDataSection.Esx => VersionColumns(matrix, s => s.Esx),
        SupportDataSection.VCenter => VersionColumns(matrix, s => s.VCenter),
        SupportDataSection.Sql => (["Supported", "Sources"], (t, s) => [
            Cell(string.Join(", ", s.Sql.Supported.Select(r => matrix.SqlReleaseName(r.Id)
                + (r.MinBuildName is { } level ? $" {level} ({r.MinBuild}) or later" : r.MinBuild is { } build ? $" {build} or later" : "")
                + FromRollup(t, r.MinUpdateRollup)))),
            SourceLinks(matrix, s.Sql.SourceKeys)]),
        SupportDataSection.Adk => (["Kit", "Builds", "Sources"], (_, s) => [
            Cell(s.Adk.Name),
            s.Adk.MaxBuild is { } max ? $"{Number(s.Adk.MinBuild)} to {Number(max)}" : $"{Number(s.Adk.MinBuild)} or later",
            SourceLinks(matrix, s.Adk.SourceKeys)]),
        SupportDataSection.GmsaServiceAccount => (["Supported"], (_, s) => [s.GmsaServiceAccount ? "Yes" : "No"]),
        SupportDataSection.DynamicMemoryStartupMB => (["Minimum startup memory (MB)"], (_, s) => [s.DynamicMemoryStartupMB is { } mb ? mb.ToString(System.Globalization.CultureInfo.InvariantCulture) : "not stated"]),
        _ => throw new ArgumentOutOfRangeException(nameof(section), section, "Not a per-target support-data section."),
    };

    private static (string[], Func<TargetVersion, TargetSupport, string[]>) OsColumns(SupportMatrix matrix, Func<TargetSupport, OsRequirementList> list) =>
        (["Supported", "Notes", "Sources"], (t, s) =>
        {
            var os = list(s);
            var notes = new List<string>();
            if (os.PartialListing)
            {
                notes.Add("Partial listing: a release not named is not listed rather than unsupported");
            }

            if (os.UnsupportedCaptions is { Count: > 0 } captions)
            {
                notes.Add("Editions ruled out: " + string.Join(", ", captions));
            }

            return [Cell(string.Join(", ", os.Supported.Select(r => matrix.WindowsReleaseName(r.Os) + Edition(r.InstallationType) + FromRollup(t, r.MinUpdateRollup)))),
                Dash(Cell(string.Join("; ", notes))), SourceLinks(matrix, os.SourceKeys)];
        });

    private static (string[], Func<TargetVersion, TargetSupport, string[]>) VersionColumns(SupportMatrix matrix, Func<TargetSupport, VersionRequirementList> list) =>
        (["Supported", "Sources"], (t, s) => [
            Cell(string.Join(", ", list(s).Supported.Select(v => v.Version + FromRollup(t, v.MinUpdateRollup)))),
            SourceLinks(matrix, list(s).SourceKeys)]);

    private static IEnumerable<(string Key, string Where)> SupportDataCitations(SupportMatrix matrix)
    {
        foreach (var path in matrix.UpgradePaths)
        {
            foreach (var key in path.SourceKeys)
            {
                yield return (key, $"upgradePaths ({path.Target})");
            }
        }

        foreach (var target in Enum.GetValues<TargetVersion>().Where(matrix.Covers))
        {
            var support = matrix.For(target);
            var sections = new (SupportDataSection Section, IReadOnlyList<string> Keys)[]
            {
                (SupportDataSection.ManagementServerOs, support.ManagementServerOs.SourceKeys),
                (SupportDataSection.Adk, support.Adk.SourceKeys),
                (SupportDataSection.Sql, support.Sql.SourceKeys),
                (SupportDataSection.LibraryOs, support.LibraryOs.SourceKeys),
                (SupportDataSection.HyperVHostOs, support.HyperVHostOs.SourceKeys),
                (SupportDataSection.Esx, support.Esx.SourceKeys),
                (SupportDataSection.VCenter, support.VCenter.SourceKeys),
            };
            foreach (var (section, keys) in sections)
            {
                foreach (var key in keys)
                {
                    yield return (key, $"targets.{target.ToWire()}.{JsonName(section)}");
                }
            }
        }
    }

    private static void Table(StringBuilder text, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        text.Append("| ").Append(string.Join(" | ", headers)).Append(" |\n");
        text.Append('|').Append(string.Join("|", headers.Select(_ => "---"))).Append("|\n");
        foreach (var row in rows)
        {
            text.Append("| ").Append(string.Join(" | ", row)).Append(" |\n");
        }

        text.Append('\n');
    }

    private static void AppendGeneratedNotice(StringBuilder text, string from)
    {
        text.Append($"<!-- Generated from {from} by tests/VmmAssess.Core.Tests/Docs/RulesDocumentationTests.cs; do not edit by hand.\n");
        text.Append($"     Regenerate: {RegenerateCommand} -->\n\n");
    }

    private static string SourceLinks(SupportMatrix matrix, IEnumerable<string> keys) =>
        Dash(string.Join(", ", matrix.References(keys.Distinct()).Select(s => Link(s.Key!, s.Url))));

    private static string ProductName(UpgradeSource source) =>
        (VersionNames.TryParseProduct(source.Product, out var product) ? product.DisplayName() : source.Product)
        + (source.MinUpdateRollup is { } rollup ? $" UR{Number(rollup)} or later" : "");

    private static string Edition(InstallationType? type) => type switch
    {
        InstallationType.Server => " (Desktop Experience)",
        InstallationType.ServerCore => " (Server Core)",
        _ => "",
    };

    private static string FromRollup(TargetVersion target, int? rollup) => rollup is { } ur ? $" (from {target.DisplayName()} UR{Number(ur)})" : "";

    private static string SeverityMeaning(Severity severity) => severity switch
    {
        Severity.Blocker => "must be fixed before upgrading",
        Severity.Warning => "something is lost or degraded if ignored",
        Severity.Action => "a required step before or after the upgrade",
        _ => "for information",
    };

    private static string Dash(string value) => value.Length == 0 ? "–" : value;

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
