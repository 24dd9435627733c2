using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace VmmAssess.Functions.Infrastructure.Notifications;

/// <summary>What one webhook call came to: the HTTP status (null when no answer came) or why it failed.</summary>
public sealed record WebhookResponse(int? StatusCode, string? Error, int DurationMs)
{
    public bool Delivered => StatusCode is >= 200 and < 300;
}

/// <summary>A connection refused because every address of the host is one a webhook may not reach (SSRF).</summary>
public sealed class EndpointRefusedException(string message) : Exception(message);

/// <summary>
/// Posts signed CloudEvents to subscribers' endpoints. The address check runs again when each connection is opened
/// (<see cref="SocketsHttpHandler.ConnectCallback"/>): the host name is resolved here and only public addresses are
/// dialled, so a name that resolved to a public address at registration and to 127.0.0.1 or 169.254.169.254 now (DNS
/// rebinding) is refused. No proxy (it would dial for us, unchecked) and no redirects (a 3xx is a failed attempt).
/// </summary>
public sealed class WebhookClient : IDisposable
{
    private readonly HttpClient http;
    private readonly bool allowPrivate;
    private readonly TimeProvider time;

    public WebhookClient(IOptions<NotificationOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.time = time ?? throw new ArgumentNullException(nameof(time));
        allowPrivate = options.Value.AllowPrivateEndpoints;
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectTimeout = options.Value.DeliveryTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = ConnectAsync,
        };
        http = new HttpClient(handler) { Timeout = options.Value.DeliveryTimeout };
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("VmmAssess-Webhooks", "1.0"));
    }

    /// <summary>Posts <paramref name="body"/> signed with <paramref name="signingKey"/>. Never throws for the endpoint's
    /// sake: a refused address, a timeout or a network error is a response without a status code.</summary>
    public async Task<WebhookResponse> PostAsync(Uri endpoint, ReadOnlyMemory<byte> signingKey, string webhookId, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var timestamp = WebhookSignature.Timestamp(time.GetUtcNow());
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ReadOnlyMemoryContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(Messaging.NotificationQueueClient.ContentType);
        request.Headers.TryAddWithoutValidation(WebhookSignature.IdHeader, webhookId);
        request.Headers.TryAddWithoutValidation(WebhookSignature.TimestampHeader, timestamp);
        request.Headers.TryAddWithoutValidation(WebhookSignature.SignatureHeader, WebhookSignature.Sign(signingKey.Span, webhookId, timestamp, body.Span));
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            return new WebhookResponse((int)response.StatusCode, response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}", Elapsed(watch));
        }
        catch (HttpRequestException ex) when (Find<EndpointRefusedException>(ex) is { } refused)
        {
            return new WebhookResponse(null, refused.Message, Elapsed(watch));
        }
        catch (HttpRequestException ex)
        {
            return new WebhookResponse(null, $"connection failed: {ex.HttpRequestError}", Elapsed(watch));
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WebhookResponse(null, $"timed out after {http.Timeout.TotalSeconds:0} s", Elapsed(watch));
        }
    }

    /// <summary>Why the endpoint's host may not be called (registration check), or null. An IP literal is judged as
    /// it is; a name by every address it resolves to (any refused address refuses it).</summary>
    public async Task<string?> CheckHostAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (allowPrivate)
        {
            return null;
        }

        IPAddress[] addresses;
        try
        {
            addresses = await ResolveAsync(endpoint.IdnHost, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            return $"the host '{endpoint.IdnHost}' does not resolve";
        }

        if (addresses.Length == 0)
        {
            return $"the host '{endpoint.IdnHost}' does not resolve";
        }

        return addresses.Select(a => (Address: a, Why: EndpointAddresses.RefusalReason(a))).FirstOrDefault(a => a.Why is not null) is { Why: not null } refused
            ? $"the host '{endpoint.IdnHost}' resolves to {refused.Address} ({refused.Why} address); webhooks may only call public addresses"
            : null;
    }

    public void Dispose() => http.Dispose();

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = await ResolveAsync(host, cancellationToken).ConfigureAwait(false);
        var allowed = allowPrivate ? addresses : addresses.Where(a => EndpointAddresses.RefusalReason(a) is null).ToArray();
        if (allowed.Length == 0)
        {
            var first = addresses.FirstOrDefault();
            throw new EndpointRefusedException(first is null
                ? $"refused: the host '{host}' does not resolve"
                : $"refused: the host '{host}' resolves to {first} ({EndpointAddresses.RefusalReason(first)} address)");
        }

        Exception? last = null;
        foreach (var address in allowed)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
        }

        throw last!;
    }

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);

    private static int Elapsed(Stopwatch watch) => (int)Math.Min(int.MaxValue, watch.ElapsedMilliseconds);

    private static T? Find<T>(Exception? exception)
        where T : Exception
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }
}
