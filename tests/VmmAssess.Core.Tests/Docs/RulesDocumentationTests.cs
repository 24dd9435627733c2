using System.Text;

namespace VmmAssess.Core.Tests.Docs;

/// <summary>
/// docs/rules.md is generated from the catalog, never kept by hand. When a rule or its sources change, this test fails
/// until the file is regenerated: <c>VMMASSESS_UPDATE_DOCS=1 dotnet test tests/VmmAssess.Core.Tests --filter FullyQualifiedName~RulesDocumentation</c>.
/// </summary>
public class RulesDocumentationTests
{
    private const string UpdateVariable = "VMMASSESS_UPDATE_DOCS";
    private static readonly string DocPath = RepoFiles.PathOf("docs", "rules.md");

    [Fact]
    public void Docs_rules_md_matches_the_rule_catalog()
    {
        var expected = Render(RuleCatalog.Default);
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(DocPath)!);
            File.WriteAllText(DocPath, expected, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }

        var howToFix = $"docs/rules.md is out of date with RuleCatalog.Default. Regenerate it with: {UpdateVariable}=1 dotnet test tests/VmmAssess.Core.Tests --filter FullyQualifiedName~RulesDocumentation";
        Assert.True(File.Exists(DocPath), howToFix);
        var actual = File.ReadAllText(DocPath).ReplaceLineEndings("\n");
        Assert.True(actual == expected, howToFix);
    }

    [Fact]
    public void The_table_lists_every_rule_once_with_a_link_for_each_source()
    {
        var lines = Render(RuleCatalog.Default).Split('\n');

        foreach (var rule in RuleCatalog.Default.Descriptors)
        {
            var row = Assert.Single(lines, l => l.StartsWith($"| {rule.Id} |", StringComparison.Ordinal));
            Assert.Equal(7, row.Count(c => c == '|') - Escaped(row));
            Assert.Contains($"| {rule.Severity} |", row, StringComparison.Ordinal);
            Assert.Contains(string.Join(", ", rule.Targets.Select(t => ((int)t).ToString(System.Globalization.CultureInfo.InvariantCulture))), row, StringComparison.Ordinal);
            Assert.All(rule.References, r => Assert.Contains($"]({r.Url})", row, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Pipes_in_catalog_text_cannot_break_the_table()
    {
        Assert.Equal(@"a \| b", Cell("a | b"));
        Assert.Equal("one two", Cell("one\ntwo"));
    }

    private static int Escaped(string row) => row.Split(@"\|").Length - 1;

    internal static string Render(RuleCatalog catalog)
    {
        var text = new StringBuilder();
        text.Append("# Assessment rules\n\n");
        text.Append("<!-- Generated from RuleCatalog.Default by tests/VmmAssess.Core.Tests/Docs/RulesDocumentationTests.cs; do not edit by hand.\n");
        text.Append($"     Regenerate: {UpdateVariable}=1 dotnet test tests/VmmAssess.Core.Tests --filter FullyQualifiedName~RulesDocumentation -->\n\n");
        text.Append($"Rule pack {catalog.RulePackVersion}: {catalog.Descriptors.Count} rules. ");
        text.Append("Severity: **Blocker** must be fixed before upgrading; **Warning** something is lost or degraded if ignored; ");
        text.Append("**Action** a required step before or after the upgrade; **Info** for information. ");
        text.Append("`vmmassess explain <ruleId>` shows a rule's description and remediation.\n\n");
        text.Append("| Id | Title | Category | Severity | Targets | Sources |\n");
        text.Append("|---|---|---|---|---|---|\n");
        foreach (var rule in catalog.Descriptors)
        {
            var targets = string.Join(", ", rule.Targets.Select(t => ((int)t).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            var sources = string.Join("<br>", rule.References.Select(r => $"[{Cell(r.Title).Replace("]", "\\]", StringComparison.Ordinal)}]({r.Url})"));
            text.Append($"| {rule.Id} | {Cell(rule.Title)} | {rule.Category} | {rule.Severity} | {targets} | {sources} |\n");
        }

        return text.ToString();
    }

    private static string Cell(string value) => value.ReplaceLineEndings(" ").Replace("|", @"\|", StringComparison.Ordinal);
}
