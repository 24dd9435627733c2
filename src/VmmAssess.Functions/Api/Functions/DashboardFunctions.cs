using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using VmmAssess.Functions.Application;

namespace VmmAssess.Functions.Api.Functions;

/// <summary>
/// The dashboard's static files (HTML, JavaScript modules, CSS), embedded in the assembly. They carry no data: the page
/// reads the API with the browser's own credentials (the App Service Authentication session in Azure, the local
/// operator's cookie locally), and the API decides per request what that caller may see. So the files are served to
/// anyone, without <see cref="HttpEndpoint"/>'s authentication: a person who is not signed in yet must get the page
/// that tells them to sign in. Unknown paths are a 404 problem; a path is only ever looked up among the embedded names,
/// so no request can reach a file outside them.
/// </summary>
public sealed class DashboardFunctions(DashboardAssets assets)
{
    private const string Prefix = "/dashboard/";

    /// <summary>The file is named by the request's (decoded) path below <c>/dashboard/</c>, which is what the route's
    /// catch-all matched.</summary>
    [Function("GetDashboardFile")]
    public IResult GetDashboardFile(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Dashboard)] HttpRequest req)
    {
        ArgumentNullException.ThrowIfNull(req);
        var requestPath = req.Path.Value ?? "";
        if (!requestPath.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            // The modules are addressed relative to the page: /dashboard must become /dashboard/.
            return new DashboardRedirect(Prefix);
        }

        var path = requestPath[Prefix.Length..];
        var file = assets.Find(path.Length == 0 ? DashboardAssets.IndexPage : path)
                   ?? throw new NotFoundException("The dashboard has no file at this path.");
        return new DashboardFileResult(file);
    }
}

/// <summary>One embedded file with its media type and validator.</summary>
public sealed record DashboardFile(string Name, string ContentType, ReadOnlyMemory<byte> Content, string ETag);

/// <summary>The embedded files, by path relative to <c>/dashboard/</c> (read from the assembly once).</summary>
public sealed class DashboardAssets
{
    public const string IndexPage = "index.html";
    private const string Prefix = "VmmAssess.Functions.Dashboard/";

    /// <summary>What each kind of file is served as; a file of any other kind is not served.</summary>
    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
        [".ico"] = "image/x-icon",
        [".json"] = "application/json; charset=utf-8",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private readonly Lazy<FrozenDictionary<string, DashboardFile>> files = new(Load);

    public IReadOnlyCollection<string> Names => files.Value.Keys;

    /// <summary>The file at <paramref name="path"/> (exact, case-sensitive name), or null.</summary>
    public DashboardFile? Find(string path) => files.Value.GetValueOrDefault(path);

    private static FrozenDictionary<string, DashboardFile> Load()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var files = new Dictionary<string, DashboardFile>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            // MSBuild's RecursiveDir uses the build machine's separator.
            var name = resource[Prefix.Length..].Replace('\\', '/');
            if (!ContentTypes.TryGetValue(Path.GetExtension(name), out var contentType))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var content = copy.ToArray();
            files[name] = new DashboardFile(name, contentType, content, $"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..32]}\"");
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }
}

/// <summary>The headers every dashboard answer carries.</summary>
public static class DashboardHeaders
{
    /// <summary>Only the app's own files and API: no inline script or style, no other origin, no framing, no plugins.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; font-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static void Apply(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.XFrameOptions = "DENY";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers["Cross-Origin-Opener-Policy"] = "same-origin";
        response.Headers["Cross-Origin-Resource-Policy"] = "same-origin";
    }
}

/// <summary>
/// A file, revalidated on every use (<c>no-cache</c> with a strong ETag; 304 when it has not changed): the files'
/// names carry no version, so a deployment must never leave a browser with old and new modules mixed.
/// </summary>
public sealed class DashboardFileResult(DashboardFile file) : IResult, IStatusCodeHttpResult
{
    public DashboardFile File { get; } = file;

    public int? StatusCode => null;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        DashboardHeaders.Apply(response);
        response.Headers.CacheControl = "no-cache";
        response.Headers.ETag = File.ETag;
        var ifNoneMatch = httpContext.Request.Headers.IfNoneMatch.ToString();
        if (ifNoneMatch.Length > 0 && ifNoneMatch.Split(',').Any(tag => tag.Trim() is var t && (t == File.ETag || t == "*")))
        {
            response.StatusCode = 304;
            return;
        }

        response.StatusCode = 200;
        response.ContentType = File.ContentType;
        response.ContentLength = File.Content.Length;
        await response.Body.WriteAsync(File.Content, httpContext.RequestAborted).ConfigureAwait(false);
    }
}

/// <summary>A permanent redirect that keeps the method (308).</summary>
public sealed class DashboardRedirect(string location) : IResult, IStatusCodeHttpResult
{
    public int? StatusCode => 308;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        DashboardHeaders.Apply(httpContext.Response);
        httpContext.Response.StatusCode = 308;
        httpContext.Response.Headers.Location = location;
        return Task.CompletedTask;
    }
}
