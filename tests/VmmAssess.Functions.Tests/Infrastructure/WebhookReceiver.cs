using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace VmmAssess.Functions.Tests.Infrastructure;

/// <summary>
/// A real HTTP receiver on 127.0.0.1 (Kestrel) that does what a subscriber's endpoint should: verifies the Standard
/// Webhooks signature with its own implementation (not the app's), deduplicates by <c>webhook-id</c>, and answers as
/// the test scripts it (<see cref="Respond"/>: a status per call, or a hang).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<ReceivedCall> calls = new();
    private readonly ConcurrentDictionary<string, byte> processed = new();
    private int callCount;

    private WebhookReceiver(WebApplication app) => this.app = app;

    /// <summary>The secret the receiver verifies with (<c>whsec_…</c>); set once the subscription is created.</summary>
    public string? Secret { get; set; }

    /// <summary>What to answer to call number n (1-based): a status code, or null to hang until the caller gives up.</summary>
    public Func<int, int?> Respond { get; set; } = _ => 200;

    /// <summary>The clock the timestamp tolerance (5 minutes, as the specification's libraries use) is checked against.</summary>
    public Func<DateTimeOffset> Now { get; set; } = () => DateTimeOffset.UtcNow;

    public Uri Endpoint { get; private set; } = null!;

    public IReadOnlyList<ReceivedCall> Calls => calls.ToArray();

    /// <summary>Events the receiver acted on: each webhook-id once, however often it was delivered.</summary>
    public int ProcessedCount => processed.Count;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", receiver.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Endpoint = new Uri(address.TrimEnd('/') + "/hook");
        return receiver;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        var id = context.Request.Headers["webhook-id"].ToString();
        var timestamp = context.Request.Headers["webhook-timestamp"].ToString();
        var signature = context.Request.Headers["webhook-signature"].ToString();
        var valid = Secret is not null && Verify(Secret, id, timestamp, signature, body, Now());
        var number = Interlocked.Increment(ref callCount);
        var duplicate = !processed.TryAdd(id, 0);
        calls.Enqueue(new ReceivedCall(number, id, timestamp, signature, context.Request.ContentType, body, valid, duplicate));
        if (!valid)
        {
            context.Response.StatusCode = 401;
            return;
        }

        if (Respond(number) is not { } status)
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }

        context.Response.StatusCode = status;
    }

    /// <summary>
    /// Standard Webhooks verification, written from the specification independently of the app: the key is the base64
    /// after <c>whsec_</c>; the signed content is <c>{id}.{timestamp}.{body}</c>; the header holds space-separated
    /// <c>v1,{base64}</c> signatures, any of which may match; the timestamp must be within 5 minutes.
    /// </summary>
    public static bool Verify(string secret, string id, string timestamp, string signatureHeader, byte[] body, DateTimeOffset now)
    {
        if (!secret.StartsWith("whsec_", StringComparison.Ordinal) || !long.TryParse(timestamp, out var seconds)
            || Math.Abs((now - DateTimeOffset.FromUnixTimeSeconds(seconds)).TotalMinutes) > 5)
        {
            return false;
        }

        using var hmac = new HMACSHA256(Convert.FromBase64String(secret["whsec_".Length..]));
        var expected = Convert.ToBase64String(hmac.ComputeHash([.. Encoding.UTF8.GetBytes($"{id}.{timestamp}."), .. body]));
        return signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(s => s.StartsWith("v1,", StringComparison.Ordinal))
            .Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s[3..]), Encoding.ASCII.GetBytes(expected)));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync(TimeSpan.FromSeconds(2).ToCancellationToken());
        await app.DisposeAsync();
    }
}

public sealed record ReceivedCall(int Number, string WebhookId, string Timestamp, string Signature, string? ContentType, byte[] Body, bool SignatureValid, bool Duplicate)
{
    public System.Text.Json.JsonElement Event => System.Text.Json.JsonDocument.Parse(Body).RootElement;
}

internal static class TimeSpanExtensions
{
    public static CancellationToken ToCancellationToken(this TimeSpan timeout) => new CancellationTokenSource(timeout).Token;
}
