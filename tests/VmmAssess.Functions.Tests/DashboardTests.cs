using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using VmmAssess.Functions.Tests.Infrastructure;

namespace VmmAssess.Functions.Tests;

/// <summary>
/// GET /dashboard/{*path}: the embedded files as they are in src/VmmAssess.Functions/Dashboard, with their media type,
/// the Content-Security-Policy and revalidation headers; nothing else (404 problem), whatever the path tries.
/// (The pages themselves are exercised in a browser by tests/dashboard.)
/// </summary>
public sealed partial class DashboardTests
{
    private static readonly string Source = RepoPaths.File("src", "VmmAssess.Functions", "Dashboard");

    private static readonly DashboardFunctions Function = new(new DashboardAssets());

    private static async Task<TestResponse> GetAsync(string requestPath, IDictionary<string, string>? headers = null)
    {
        var request = TestApp.Request("GET", requestPath, headers: headers, anonymous: true);
        var context = request.HttpContext;
        await ProblemDetailsMiddleware.HandleAsync(context, () => Function.GetDashboardFile(request).ExecuteAsync(context), NullLogger.Instance);
        return new TestResponse(context.Response.StatusCode, context.Response.ContentType, context.Response.Headers, ((MemoryStream)context.Response.Body).ToArray());
    }

    private static IEnumerable<string> SourceFiles() =>
        Directory.EnumerateFiles(Source, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Source, f).Replace('\\', '/')).Order(StringComparer.Ordinal);

    [Fact]
    public async Task Every_file_of_the_dashboard_is_served_as_committed_with_its_media_type_and_the_security_headers()
    {
        var expectedTypes = new Dictionary<string, string>
        {
            [".html"] = "text/html; charset=utf-8",
            [".js"] = "text/javascript; charset=utf-8",
            [".css"] = "text/css; charset=utf-8",
            [".svg"] = "image/svg+xml",
        };
        var files = SourceFiles().ToList();
        Assert.Contains("index.html", files);
        Assert.Contains("app.js", files);
        foreach (var file in files)
        {
            var response = await GetAsync("/dashboard/" + file);

            Assert.Equal(200, response.Status);
            Assert.Equal(expectedTypes[Path.GetExtension(file)], response.ContentType);
            Assert.Equal(File.ReadAllBytes(Path.Combine(Source, file)), response.Body);
            Assert.Equal(DashboardHeaders.ContentSecurityPolicy, response.Headers.ContentSecurityPolicy.ToString());
            Assert.Equal("nosniff", response.Headers.XContentTypeOptions.ToString());
            Assert.Equal("DENY", response.Headers.XFrameOptions.ToString());
            Assert.Equal("no-cache", response.Headers.CacheControl.ToString());
            Assert.Matches("^\"[0-9a-f]{32}\"$", response.Headers.ETag.ToString());
        }

        Assert.Equal(files, new DashboardAssets().Names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_page_is_at_dashboard_slash_and_dashboard_without_the_slash_redirects_there()
    {
        var page = await GetAsync("/dashboard/");
        var bare = await GetAsync("/dashboard");

        Assert.Equal(200, page.Status);
        Assert.Equal(File.ReadAllBytes(Path.Combine(Source, "index.html")), page.Body);
        Assert.Equal(308, bare.Status);
        Assert.Equal("/dashboard/", bare.Headers.Location.ToString());
    }

    [Fact]
    public async Task An_unchanged_file_is_answered_304_without_a_body_and_a_changed_one_in_full()
    {
        var first = await GetAsync("/dashboard/app.js");
        var etag = first.Headers.ETag.ToString();

        var same = await GetAsync("/dashboard/app.js", new Dictionary<string, string> { ["If-None-Match"] = etag });
        var other = await GetAsync("/dashboard/app.js", new Dictionary<string, string> { ["If-None-Match"] = "\"0123\"" });
        var otherFile = await GetAsync("/dashboard/dashboard.css", new Dictionary<string, string> { ["If-None-Match"] = etag });

        Assert.Equal(304, same.Status);
        Assert.Empty(same.Body);
        Assert.Equal(etag, same.Headers.ETag.ToString());
        Assert.Equal(200, other.Status);
        Assert.Equal(first.Body, other.Body);
        Assert.Equal(200, otherFile.Status);
    }

    [Theory]
    [InlineData("nothing.html")]
    [InlineData("../host.json")]
    [InlineData("../../host.json")]
    [InlineData("..\\..\\host.json")]
    [InlineData("views/../app.js")]
    [InlineData("./app.js")]
    [InlineData("/etc/passwd")]
    [InlineData("%2e%2e/openapi.json")]
    [InlineData("APP.JS")]
    [InlineData("app.js/")]
    [InlineData("app.js ")]
    [InlineData("views")]
    [InlineData("views/")]
    [InlineData("VmmAssess.Functions.openapi.json")]
    [InlineData("openapi.json")]
    [InlineData("VmmAssess.Functions.Dashboard/app.js")]
    [InlineData("index.html\0.js")]
    public async Task A_path_that_is_not_an_embedded_file_is_a_404_problem(string path)
    {
        var response = await GetAsync("/dashboard/" + path);

        Assert.Equal(404, response.Status);
        Assert.Equal(ApiProblems.ContentType, response.ContentType);
        Assert.Equal(ProblemTypes.NotFound, response.Json.GetProperty("type").GetString());
        Assert.DoesNotContain("<html", response.Text, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>What the Content-Security-Policy would block must not be in the files (the browser test would see it
    /// only on the views it opens): inline scripts, styles and handlers, HTML parsing of data, eval, other origins.</summary>
    [Fact]
    public void The_files_need_nothing_the_content_security_policy_forbids()
    {
        var problems = new List<string>();
        foreach (var file in SourceFiles())
        {
            var text = File.ReadAllText(Path.Combine(Source, file));
            void Check(bool bad, string what)
            {
                if (bad)
                {
                    problems.Add($"{file}: {what}");
                }
            }

            if (file.EndsWith(".html", StringComparison.Ordinal))
            {
                Check(InlineScript().IsMatch(text), "inline <script> (without src)");
                Check(text.Contains("<style", StringComparison.OrdinalIgnoreCase), "<style> element");
                Check(StyleAttribute().IsMatch(text), "style attribute");
                Check(HandlerAttribute().IsMatch(text), "inline event handler attribute");
            }

            if (file.EndsWith(".js", StringComparison.Ordinal))
            {
                Check(text.Contains("innerHTML", StringComparison.Ordinal) || text.Contains("outerHTML", StringComparison.Ordinal) || text.Contains("insertAdjacentHTML", StringComparison.Ordinal), "HTML parsing of strings");
                Check(EvalLike().IsMatch(text), "eval, new Function or a string timer");
                Check(text.Contains("setAttribute('style'", StringComparison.Ordinal) || text.Contains("style: ", StringComparison.Ordinal), "inline style attribute");
            }

            Check(ForeignLoad().IsMatch(text), "loads something from another origin");
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"<[a-z][^>]*\sstyle\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex StyleAttribute();

    [GeneratedRegex(@"<[a-z][^>]*\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex HandlerAttribute();

    [GeneratedRegex(@"\beval\s*\(|new\s+Function\s*\(|set(Timeout|Interval)\s*\(\s*['""`]")]
    private static partial Regex EvalLike();

    [GeneratedRegex(@"(src|href)\s*=\s*[""']?(https?:)?//|@import\s+url\(\s*['""]?(https?:)?//|import\s.*from\s+['""](https?:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex ForeignLoad();
}
