using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using VmmAssess.Core.SupportData;

namespace VmmAssess.Core.Tests.Docs;

/// <summary>
/// docs/rules.md, docs/rules/&lt;id&gt;.md and docs/sources.md are generated from the catalog and the support data, never
/// kept by hand. When a rule, its sources or the data change, these tests fail until the files are regenerated:
/// <c>VMMASSESS_UPDATE_DOCS=1 dotnet test tests/VmmAssess.Core.Tests --filter FullyQualifiedName~RulesDocumentation</c>.
/// </summary>
public partial class RulesDocumentationTests
{
    private static readonly string RulePagesDirectory = RepoFiles.PathOf("docs", "rules");
    private static readonly bool Updating = Environment.GetEnvironmentVariable(RuleDocsRenderer.UpdateVariable) == "1";

    public static TheoryData<string> RuleIds => new(RuleCatalog.Default.Rules.Select(r => r.Metadata.Id));

    [Fact]
    public void Docs_rules_md_matches_the_rule_catalog() =>
        AssertGenerated("docs/rules.md", RuleDocsRenderer.Index(RuleCatalog.Default));

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Each_rule_page_matches_the_rule_and_the_support_data_it_reads(string ruleId) =>
        AssertGenerated(RuleDocsRenderer.PagePath(ruleId), RulePage(ruleId));

    [Fact]
    public void Docs_sources_md_matches_sources_json() =>
        AssertGenerated("docs/sources.md", RuleDocsRenderer.Sources(RuleCatalog.Default, SupportMatrix.Default, ChecklistJson()));

    [Fact]
    public void Every_rule_id_the_cli_lists_has_a_page()
    {
        // `vmmassess rules --format json` prints RuleCatalog.Default.Descriptors.
        var missing = RuleCatalog.Default.Descriptors.Select(d => RuleDocsRenderer.PagePath(d.Id)).Where(p => !File.Exists(RepoFiles.PathOf(p))).ToArray();
        Assert.True(missing.Length == 0, $"Rules without a page: {string.Join(", ", missing)}. Regenerate with: {RuleDocsRenderer.RegenerateCommand}");
    }

    [Fact]
    public void No_page_in_docs_rules_is_left_for_an_id_the_catalog_no_longer_has()
    {
        var ids = RuleCatalog.Default.Rules.Select(r => r.Metadata.Id).ToArray();
        if (Updating)
        {
            foreach (var orphan in Orphans(RulePagesDirectory, ids))
            {
                File.Delete(orphan);
            }
        }

        var orphans = Orphans(RulePagesDirectory, ids).Select(p => Path.GetRelativePath(RepoFiles.Root, p)).ToArray();
        Assert.True(orphans.Length == 0, $"Pages for no rule of the catalog: {string.Join(", ", orphans)}. Delete them, or regenerate with: {RuleDocsRenderer.RegenerateCommand}");
    }

    [Fact]
    public void The_orphan_check_finds_a_page_whose_rule_is_gone()
    {
        var directory = Directory.CreateTempSubdirectory("vmmassess-docs-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "VMM-SQL-001.md"), "kept");
            File.WriteAllText(Path.Combine(directory.FullName, "VMM-OLD-001.md"), "orphan");
            File.WriteAllText(Path.Combine(directory.FullName, "notes.txt"), "orphan");

            var orphans = Orphans(directory.FullName, ["VMM-SQL-001"]).Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal).ToArray();

            Assert.Equal(new[] { "VMM-OLD-001.md", "notes.txt" }, orphans);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_index_lists_every_rule_once_linking_its_page_and_sources()
    {
        var lines = RuleDocsRenderer.Index(RuleCatalog.Default).Split('\n');

        foreach (var rule in RuleCatalog.Default.Descriptors)
        {
            var row = Assert.Single(lines, l => l.StartsWith($"| [{rule.Id}](rules/{rule.Id}.md) |", StringComparison.Ordinal));
            Assert.Equal(7, UnescapedPipes(row));
            Assert.Contains($"| {rule.Severity} |", row, StringComparison.Ordinal);
            Assert.Contains(string.Join(", ", rule.Targets.Select(t => t.ToWire())), row, StringComparison.Ordinal);
            Assert.All(rule.References, r => Assert.Contains($"]({r.Url})", row, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_rule_page_shows_for_each_target_the_supported_versions_from_the_data()
    {
        var page = RulePage("VMM-SQL-001").Split('\n');
        var sqlNames = SupportMatrix.Default.SqlVersions.Values.Select(v => v.Name).Distinct().ToArray();

        foreach (var target in RuleCatalog.Default.Find("VMM-SQL-001")!.Targets)
        {
            var row = Assert.Single(page, l => l.StartsWith($"| {target.DisplayName()} |", StringComparison.Ordinal));
            var supported = SupportMatrix.Default.For(target).Sql.Supported.Select(s => SupportMatrix.Default.SqlReleaseName(s.Id)).ToArray();
            Assert.All(supported, name => Assert.Contains(name, row, StringComparison.Ordinal));
            Assert.All(sqlNames.Except(supported), name => Assert.DoesNotMatch($@"{Regex.Escape(name)}(?! R2)\b", row));
            Assert.All(SupportMatrix.Default.For(target).Sql.SourceKeys, key => Assert.Contains($"[{key}](", row, StringComparison.Ordinal));
        }

        Assert.All(SupportMatrix.Default.SqlVersions, v => Assert.Contains($"| {v.Key} | {v.Value.Name} |", page));
    }

    [Fact]
    public void A_rule_that_reads_no_support_data_says_so()
    {
        var id = RuleCatalog.Default.Rules.Select(r => r.Metadata.Id).First(id => RuleCatalog.SupportDataOf(id).Count == 0);

        Assert.Contains("This rule reads no support data", RulePage(id), StringComparison.Ordinal);
    }

    [Fact]
    public void The_support_data_a_rule_declares_is_what_its_code_reads()
    {
        var wrong = new List<string>();
        foreach (var rule in RuleCatalog.Default.Rules)
        {
            var code = File.ReadAllText(RepoFiles.PathOf(RuleDocsRenderer.FilesOf(rule).Code));
            var read = SectionsReadBy(code, rule.Metadata.Id).Distinct().Order().ToArray();
            var declared = RuleCatalog.SupportDataOf(rule.Metadata.Id).Order().ToArray();
            if (!read.SequenceEqual(declared))
            {
                wrong.Add($"{rule.Metadata.Id} reads [{string.Join(", ", read)}] but RuleCatalog.SupportDataReadBy declares [{string.Join(", ", declared)}]");
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.All(RuleCatalog.SupportDataReadBy.Keys, id => Assert.NotNull(RuleCatalog.Default.Find(id)));
    }

    [Fact]
    public void Sources_md_has_one_row_per_source_linking_the_rules_that_cite_it()
    {
        var lines = RuleDocsRenderer.Sources(RuleCatalog.Default, SupportMatrix.Default, ChecklistJson()).Split('\n');

        foreach (var (key, source) in SupportMatrix.Default.Sources)
        {
            var row = Assert.Single(lines, l => l.StartsWith($"| {key} |", StringComparison.Ordinal));
            Assert.Contains($"<{source.Url}>", row, StringComparison.Ordinal);
            var citing = RuleCatalog.Default.Rules.Where(r => r.Metadata.SourceKeys.Contains(key)).Select(r => r.Metadata.Id);
            Assert.All(citing, id => Assert.Contains($"[{id}](rules/{id}.md)", row, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Pipes_and_brackets_in_catalog_text_cannot_break_a_page()
    {
        Assert.Equal(@"a \| b", RuleDocsRenderer.Cell("a | b"));
        Assert.Equal("one two", RuleDocsRenderer.Cell("one\ntwo"));
        Assert.Equal(@"ALTER TABLE \[dbo\].\[tbl\_x\]", RuleDocsRenderer.Prose("ALTER TABLE [dbo].[tbl_x]"));

        var page = RuleDocsRenderer.RulePage(new PipedRule(), [SupportDataSection.Sql, SupportDataSection.WindowsBuilds], SupportMatrix.Default);

        Assert.StartsWith(@"# VMM-TEST-001: SQL | Windows \[draft\]", page, StringComparison.Ordinal);
        AssertTablesKeepTheirColumns("a rule with pipes in its text", page);
    }

    [Fact]
    public void Every_generated_table_keeps_its_columns()
    {
        AssertTablesKeepTheirColumns("docs/rules.md", RuleDocsRenderer.Index(RuleCatalog.Default));
        AssertTablesKeepTheirColumns("docs/sources.md", RuleDocsRenderer.Sources(RuleCatalog.Default, SupportMatrix.Default, ChecklistJson()));
        foreach (var rule in RuleCatalog.Default.Rules)
        {
            AssertTablesKeepTheirColumns(RuleDocsRenderer.PagePath(rule.Metadata.Id), RulePage(rule.Metadata.Id));
        }
    }

    private static string RulePage(string ruleId) =>
        RuleDocsRenderer.RulePage(RuleCatalog.Default.Rules.Single(r => r.Metadata.Id == ruleId), RuleCatalog.SupportDataOf(ruleId), SupportMatrix.Default);

    private static JsonElement ChecklistJson()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(RepoFiles.PathOf("src", "VmmAssess.Core", "SupportData", "checklist.json")));
        return document.RootElement.Clone();
    }

    private static void AssertGenerated(string relativePath, string expected)
    {
        var path = RepoFiles.PathOf(relativePath.Split('/'));
        if (Updating)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, expected, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }

        var howToFix = $"{relativePath} is missing or out of date with the rule catalog and support data. Regenerate it with: {RuleDocsRenderer.RegenerateCommand}";
        Assert.True(File.Exists(path), howToFix);
        Assert.True(File.ReadAllText(path).ReplaceLineEndings("\n") == expected, howToFix);
    }

    /// <summary>Files in the pages folder that are not the page of a rule in <paramref name="ruleIds"/>.</summary>
    private static IEnumerable<string> Orphans(string directory, IReadOnlyCollection<string> ruleIds) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFileSystemEntries(directory).Where(p => !(p.EndsWith(".md", StringComparison.Ordinal) && ruleIds.Contains(Path.GetFileNameWithoutExtension(p))))
            : [];

    /// <summary>What a rule's code reads of the support data, from the accessors it calls on the context.</summary>
    private static IEnumerable<SupportDataSection> SectionsReadBy(string code, string ruleId)
    {
        foreach (Match read in TargetSupportRead().Matches(code))
        {
            var name = read.Groups["name"].Value;
            yield return Enum.TryParse<SupportDataSection>(name, out var section) && RuleDocsRenderer.IsPerTarget(section)
                ? section
                : throw new InvalidOperationException($"{ruleId} reads Support.{name}, which is not a per-target support-data section.");
        }

        foreach (Match read in MatrixRead().Matches(code))
        {
            yield return read.Groups["name"].Value switch
            {
                "WindowsRelease" or "WindowsReleaseName" or "HostRelease" or "ReleaseBuildNumber" => SupportDataSection.WindowsBuilds,
                "SqlRelease" or "SqlReleaseName" => SupportDataSection.SqlVersions,
                "UpgradePaths" => SupportDataSection.UpgradePaths,
                var name => throw new InvalidOperationException($"{ruleId} reads Matrix.{name}: say here which support-data section that is."),
            };
        }

        if (WindowsBuildsText().IsMatch(code))
        {
            yield return SupportDataSection.WindowsBuilds;
        }

        // The upgrade plan is computed from the upgrade paths before the rules run.
        if (PlanRead().IsMatch(code))
        {
            yield return SupportDataSection.UpgradePaths;
        }
    }

    private static int UnescapedPipes(string row) => row.Count(c => c == '|') - (row.Split(@"\|").Length - 1);

    private static void AssertTablesKeepTheirColumns(string what, string markdown)
    {
        int? columns = null;
        foreach (var line in markdown.Split('\n'))
        {
            if (!line.StartsWith('|'))
            {
                columns = null;
                continue;
            }

            columns ??= UnescapedPipes(line);
            Assert.True(UnescapedPipes(line) == columns, $"{what}: a table row has a different number of cells than its header: {line}");
        }
    }

    [GeneratedRegex(@"\b[Ss]upport\.(?<name>[A-Z]\w*)")]
    private static partial Regex TargetSupportRead();

    [GeneratedRegex(@"\bMatrix\.(?<name>\w+)")]
    private static partial Regex MatrixRead();

    // Evidence text names an operating system (RuleText.Os) or a requirement list (Describe) through the build map.
    [GeneratedRegex(@"\bRuleText\.Os\(|\.Describe\(\w+\.Matrix\)")]
    private static partial Regex WindowsBuildsText();

    [GeneratedRegex(@"\bcontext\.Plan\b")]
    private static partial Regex PlanRead();

    private sealed class PipedRule : Rule
    {
        public override RuleMetadata Metadata { get; } = new(
            "VMM-TEST-001", "SQL | Windows [draft]", RuleCategory.Common, Severity.Info, [TargetVersion.Vmm2019, TargetVersion.Vmm2022],
            "Reads a | b and *c*.", "Run `x` | y.", ["SR19", "SR22"]);

        public override RuleOutcome Evaluate(RuleContext context) => RuleOutcome.NotApplicable("Documentation only.");
    }
}
