namespace VmmAssess.Cli.Tests;

/// <summary>
/// The HTML report's content for the customer: cover, title, dates, what was checked. How it renders (overflow, axe-core,
/// print to PDF) is tested in headless Chromium: tests/html-report.
/// </summary>
public sealed class HtmlReportTests : IDisposable
{
    private readonly string temp = Directory.CreateTempSubdirectory("vmmassess-html-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    private string Render(params string[] extra)
    {
        var output = Path.Combine(temp, $"report-{Guid.NewGuid():N}.html");
        var run = CliRunner.Run(["assess", CliRunner.Sample("contoso-2012r2-to-2016.json"), "--format", "html", "-o", output, .. extra]);
        Assert.Equal(0, run.ExitCode);
        return File.ReadAllText(output);
    }

    [Fact]
    public void The_cover_names_customer_environment_preparer_and_generation_date()
    {
        var html = Render("--customer-name", "Contoso <Ltd>", "--prepared-by", "Northwind MSP");

        Assert.Contains("<title>VMM upgrade readiness: Contoso &lt;Ltd&gt;, contoso-hq-vmm</title>", html);
        Assert.Contains("<h1>Contoso &lt;Ltd&gt;: contoso-hq-vmm</h1>", html);
        Assert.Contains("<dt>Prepared for</dt><dd>Contoso &lt;Ltd&gt;</dd>", html);
        Assert.Contains("<dt>Prepared by</dt><dd>Northwind MSP</dd>", html);
        Assert.Contains("<dt>Generated</dt><dd>2026-11-26 10:00 UTC</dd>", html);
    }

    [Fact]
    public void Without_a_customer_name_the_title_names_the_tenant_and_environment()
    {
        var html = Render();

        Assert.Contains("<title>VMM upgrade readiness: contoso, contoso-hq-vmm</title>", html);
        Assert.DoesNotContain("Prepared for", html);
    }

    [Fact]
    public void A_logo_is_embedded_as_a_data_uri_and_a_non_image_is_refused()
    {
        var logo = Path.Combine(temp, "logo.png");
        File.WriteAllBytes(logo, Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="));
        var notImage = Path.Combine(temp, "logo.txt");
        File.WriteAllText(notImage, "hello");

        var html = Render("--logo", logo, "--prepared-by", "Northwind MSP");
        var refused = CliRunner.Run("assess", CliRunner.Sample("contoso-2012r2-to-2016.json"), "--format", "html", "-o", Path.Combine(temp, "x.html"), "--logo", notImage);

        Assert.Contains("<img src=\"data:image/png;base64,iVBORw0KGgo", html);
        Assert.Contains("alt=\"Northwind MSP logo\"", html);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("is not a PNG, JPEG, GIF or SVG image", refused.Stderr);
        Assert.False(File.Exists(Path.Combine(temp, "x.html")));
    }

    [Fact]
    public void Everything_checked_lists_every_rule_with_its_result_and_the_summary_counts_them()
    {
        var html = Render();
        var rules = CliRunner.Run("rules", "--format", "json");
        using var catalog = System.Text.Json.JsonDocument.Parse(rules.Stdout);

        var checkedSection = html[html.IndexOf(">Everything checked</h3>", StringComparison.Ordinal)..];
        foreach (var rule in catalog.RootElement.EnumerateArray())
        {
            Assert.Contains($"<th scope=\"row\" class=\"id\">{rule.GetProperty("id").GetString()}</th>", checkedSection);
        }

        Assert.Contains(">Passed</td>", checkedSection);
        Assert.Contains(">Not applicable</td>", checkedSection);
        Assert.Contains("<caption class=\"note\">Rules by result</caption>", html);
    }

    [Fact]
    public void Tables_have_header_rows_with_scope_and_headings_do_not_skip_a_level()
    {
        var html = Render();

        Assert.Contains("<thead><tr><th scope=\"col\">Status</th>", html);
        Assert.DoesNotContain("<th>", html);
        Assert.Contains("<main>", html);
        var levels = System.Text.RegularExpressions.Regex.Matches(html, "<h([1-6])[ >]").Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(1, levels[0]);
        Assert.All(levels.Zip(levels.Skip(1)), pair => Assert.True(pair.Second <= pair.First + 1, $"h{pair.First} is followed by h{pair.Second}"));
    }

    [Fact]
    public void Print_styles_repeat_table_headers_break_pages_and_print_link_addresses()
    {
        var html = Render();

        Assert.Contains("@media print", html);
        Assert.Contains("thead{display:table-header-group}", html);
        Assert.Contains("a[href^=\"http\"]::after{content:\" (\" attr(href) \")\"", html);
        Assert.Contains("@page{size:A4", html);
    }
}
