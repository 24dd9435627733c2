using System.Net;
using System.Net.Http.Headers;

namespace VmmAssess.LocalBackend;

/// <summary>
/// <c>token --role R</c>: prints one development credential on standard output (messages go to standard error).
/// Operator and PortfolioReader tokens need only the issuer key; a TenantReader's grants and a Collector's key are
/// created through the running local backend's admin API (as an operator), found in the state folder or with --url.
/// </summary>
internal static class TokenCommand
{
    public static async Task<int> RunAsync(LocalOptions options)
    {
        var issuer = DevIssuer.LoadOrCreate(options.StateDirectory);
        var now = TimeProvider.System.GetUtcNow();
        switch (options.Role?.ToUpperInvariant())
        {
            case "OPERATOR":
                NoTenants(options);
                Console.WriteLine(issuer.Mint(DevCaller.Operator, now));
                return 0;
            case "PORTFOLIOREADER":
                NoTenants(options);
                Console.WriteLine(issuer.Mint(DevCaller.PortfolioReader, now));
                return 0;
            case "TENANTREADER":
            {
                if (options.Tenants.Count == 0)
                {
                    throw new UsageException("a TenantReader needs at least one --tenant.");
                }

                var reader = DevCaller.TenantReader(options.Tenants, options.Principal);
                using var http = Backend(options, issuer, now);
                foreach (var tenant in options.Tenants)
                {
                    using var response = await http.PutAsync(new Uri($"/api/admin/grants/{reader.PrincipalId:D}/tenants/{Uri.EscapeDataString(tenant)}", UriKind.Relative), content: null).ConfigureAwait(false);
                    await EnsureAsync(response, $"granting {tenant} to {reader.PrincipalId:D}").ConfigureAwait(false);
                }

                await Console.Error.WriteLineAsync($"Principal {reader.PrincipalId:D} may read {string.Join(", ", options.Tenants)}.").ConfigureAwait(false);
                Console.WriteLine(issuer.Mint(reader, now));
                return 0;
            }

            case "COLLECTOR":
            {
                if (options.Tenants.Count != 1)
                {
                    throw new UsageException("a Collector key is for exactly one --tenant.");
                }

                using var http = Backend(options, issuer, now);
                var key = await DemoData.IssueCollectorKeyAsync(http, options.Tenants[0], "Local collector (scripts/local.sh token)", CancellationToken.None, options.Environments).ConfigureAwait(false);
                Console.WriteLine(key);
                return 0;
            }

            default:
                throw new UsageException("--role must be Operator, PortfolioReader, TenantReader or Collector.");
        }
    }

    private static void NoTenants(LocalOptions options)
    {
        if (options.Tenants.Count > 0)
        {
            throw new UsageException($"--tenant is for TenantReader and Collector; a {options.Role} reads every tenant.");
        }
    }

    private static HttpClient Backend(LocalOptions options, DevIssuer issuer, DateTimeOffset now)
    {
        var url = options.Url ?? LocalState.Read(options.StateDirectory)?.Url
                  ?? throw new UsageException($"the local backend is not running ({LocalState.PathIn(options.StateDirectory)} is missing): start it with `bash scripts/local.sh`, or pass --url.");
        var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issuer.Mint(DevCaller.Operator, now));
        return http;
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what)
    {
        if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.NoContent))
        {
            throw new InvalidOperationException($"{what} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync().ConfigureAwait(false)}");
        }
    }
}
