using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using VmmAssess.Functions.Api.Security;

namespace VmmAssess.LocalBackend;

/// <summary>
/// Browser sign-in for the local backend (what App Service Authentication's session is in Azure): a cookie holding a
/// development token, turned into <c>Authorization: Bearer</c> for a request that brings no credential of its own.
/// <list type="bullet">
/// <item><c>GET /</c> signs the browser in as the local operator and redirects to <c>/dashboard/</c>.</item>
/// <item><c>GET /.local/sign-in?token=T&amp;returnUrl=/path</c> signs it in as T's caller (any development token).</item>
/// <item><c>GET /.local/sign-out</c> forgets the cookie.</item>
/// </list>
/// The cookie is HttpOnly and SameSite=Strict, so a page of another site cannot send requests that carry it.
/// </summary>
internal static class LocalSignIn
{
    public const string CookieName = "vmmassess-local-token";
    public const string SignInPath = "/.local/sign-in";
    public const string SignOutPath = "/.local/sign-out";
    public const string DefaultReturnUrl = "/dashboard/";

    public static void UseCookieCredential(WebApplication app) =>
        app.Use((context, next) =>
        {
            var headers = context.Request.Headers;
            if (headers.Authorization.Count == 0 && headers[CallerAuthenticator.CollectorKeyHeader].Count == 0
                && context.Request.Cookies.TryGetValue(CookieName, out var token) && token.Length > 0)
            {
                headers.Authorization = "Bearer " + token;
            }

            return next(context);
        });

    public static void Map(WebApplication app, DevIssuer issuer, TimeProvider time, bool mapRoot)
    {
        if (mapRoot)
        {
            app.MapGet("/", (HttpContext context) =>
            {
                SetCookie(context, issuer.Mint(DevCaller.Operator, time.GetUtcNow()));
                return Results.Redirect(DefaultReturnUrl);
            });
        }

        app.MapGet(SignInPath, async (HttpContext context, string? token, string? returnUrl) =>
        {
            if (string.IsNullOrWhiteSpace(token) || !await issuer.IsValidAsync(token).ConfigureAwait(false))
            {
                return Results.Problem(
                    statusCode: StatusCodes.Status400BadRequest,
                    title: "Not a development token",
                    detail: "Pass ?token= a token printed by `bash scripts/local.sh token --role <role>` (signed by this local backend's issuer and not expired).");
            }

            SetCookie(context, token);
            return Results.Redirect(LocalPath(returnUrl));
        });

        app.MapGet(SignOutPath, (HttpContext context, string? returnUrl) =>
        {
            context.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/" });
            return Results.Redirect(LocalPath(returnUrl, "/"));
        });
    }

    /// <summary>Only a path of this site: an absolute or protocol-relative URL would make sign-in an open redirect.</summary>
    private static string LocalPath(string? returnUrl, string fallback = DefaultReturnUrl) =>
        returnUrl is { Length: > 0 } url && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) ? url : fallback;

    private static void SetCookie(HttpContext context, string token) =>
        context.Response.Cookies.Append(CookieName, token, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Path = "/",
            Secure = false, // plain http on loopback
            IsEssential = true,
        });
}
