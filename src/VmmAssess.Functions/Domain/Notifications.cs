using System.Net;
using System.Net.Sockets;

namespace VmmAssess.Functions.Domain;

/// <summary>The event types a subscription can ask for (the CloudEvents <c>type</c> of what it receives).</summary>
public static class NotificationEventTypes
{
    public const string AssessmentCompleted = "assessment.completed";
    public const string ReadinessChanged = "readiness.changed";
    public const string SnapshotRejected = "snapshot.rejected";
    public const string WaiverExpiring = "waiver.expiring";

    /// <summary>The test event of <c>POST .../subscriptions/{id}/ping</c>; every subscription receives it.</summary>
    public const string Ping = "ping";

    public static IReadOnlyList<string> Subscribable { get; } = [AssessmentCompleted, ReadinessChanged, SnapshotRejected, WaiverExpiring];
}

/// <summary>
/// An operator's webhook subscription: where to post, which event types, and whose (one tenant, or the whole portfolio
/// when <paramref name="TenantId"/> is null). The signing secret is kept apart and never part of this record.
/// </summary>
public sealed record Subscription(
    string Id, Uri Endpoint, IReadOnlyList<string> EventTypes, TenantId? TenantId, string? Description, DateTimeOffset CreatedAt, string CreatedBy)
{
    /// <summary>Whether an event of <paramref name="eventType"/> about <paramref name="tenant"/> goes to this subscription.</summary>
    public bool Matches(string eventType, TenantId tenant) =>
        EventTypes.Contains(eventType, StringComparer.Ordinal) && (TenantId is null || TenantId == tenant);

    /// <summary>A subscription id: <c>sub_</c> and 16 lowercase hexadecimal characters.</summary>
    public static bool IsId([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? id) =>
        id is { Length: 20 } && id.StartsWith("sub_", StringComparison.Ordinal) && id.AsSpan(4).ToArray().All(char.IsAsciiHexDigitLower);
}

public enum DeliveryOutcome
{
    /// <summary>The endpoint answered 2xx.</summary>
    Delivered,

    /// <summary>The attempt failed; another is scheduled.</summary>
    RetryScheduled,

    /// <summary>The last attempt failed; the message goes to the dead-letter queue.</summary>
    DeadLettered,

    /// <summary>A ping that failed (pings are not retried).</summary>
    Failed,
}

/// <summary>One attempt to deliver one event to one subscription: the status code (null when no HTTP answer came, e.g.
/// a timeout or a refused address), when, which attempt, and what it led to.</summary>
public sealed record DeliveryAttempt(
    string EventId, string EventType, int Attempt, DateTimeOffset At, int? StatusCode, DeliveryOutcome Outcome, string? Error, int DurationMs, DateTimeOffset? NextAttemptAt);

/// <summary>
/// Which IP addresses a webhook may reach (SSRF): only public unicast addresses. Refused: loopback, link-local (with
/// the 169.254.169.254 metadata endpoint), private (RFC 1918), CGNAT (100.64.0.0/10), unique-local IPv6 (fc00::/7),
/// "this network", documentation, benchmarking, multicast and reserved ranges, Azure's platform address 168.63.129.16,
/// and IPv6 forms that embed any of those IPv4 addresses (mapped, compatible, NAT64, 6to4).
/// </summary>
public static class EndpointAddresses
{
    private static readonly (IPAddress Network, int Prefix, string Why)[] RefusedV4 =
    [
        (IPAddress.Parse("0.0.0.0"), 8, "'this network'"),
        (IPAddress.Parse("10.0.0.0"), 8, "private"),
        (IPAddress.Parse("100.64.0.0"), 10, "carrier-grade NAT"),
        (IPAddress.Parse("127.0.0.0"), 8, "loopback"),
        (IPAddress.Parse("169.254.0.0"), 16, "link-local / cloud metadata"),
        (IPAddress.Parse("168.63.129.16"), 32, "Azure platform (metadata)"),
        (IPAddress.Parse("172.16.0.0"), 12, "private"),
        (IPAddress.Parse("192.0.0.0"), 24, "IETF protocol assignments"),
        (IPAddress.Parse("192.0.2.0"), 24, "documentation"),
        (IPAddress.Parse("192.88.99.0"), 24, "6to4 relay"),
        (IPAddress.Parse("192.168.0.0"), 16, "private"),
        (IPAddress.Parse("198.18.0.0"), 15, "benchmarking"),
        (IPAddress.Parse("198.51.100.0"), 24, "documentation"),
        (IPAddress.Parse("203.0.113.0"), 24, "documentation"),
        (IPAddress.Parse("224.0.0.0"), 4, "multicast"),
        (IPAddress.Parse("240.0.0.0"), 4, "reserved"),
    ];

    private static readonly (IPAddress Network, int Prefix, string Why)[] RefusedV6 =
    [
        (IPAddress.IPv6None, 128, "unspecified"),
        (IPAddress.IPv6Loopback, 128, "loopback"),
        (IPAddress.Parse("fe80::"), 10, "link-local"),
        (IPAddress.Parse("fec0::"), 10, "site-local"),
        (IPAddress.Parse("fc00::"), 7, "unique-local"),
        (IPAddress.Parse("ff00::"), 8, "multicast"),
        (IPAddress.Parse("2001:db8::"), 32, "documentation"),
        (IPAddress.Parse("100::"), 64, "discard-only"),
    ];

    /// <summary>Why <paramref name="address"/> may not be reached, or null when it is a public address.</summary>
    public static string? RefusalReason(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.IsIPv4MappedToIPv6)
            {
                return RefusalReason(address.MapToIPv4());
            }

            var bytes = address.GetAddressBytes();
            if (Embedded(bytes) is { } embedded)
            {
                return RefusalReason(embedded);
            }

            foreach (var (network, prefix, why) in RefusedV6)
            {
                if (InPrefix(bytes, network.GetAddressBytes(), prefix))
                {
                    return why;
                }
            }

            return null;
        }

        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            return "not an IP address";
        }

        var v4 = address.GetAddressBytes();
        foreach (var (network, prefix, why) in RefusedV4)
        {
            if (InPrefix(v4, network.GetAddressBytes(), prefix))
            {
                return why;
            }
        }

        return v4 is [255, 255, 255, 255] ? "broadcast" : null;
    }

    /// <summary>The IPv4 address inside an IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address.</summary>
    private static IPAddress? Embedded(byte[] v6)
    {
        if (v6.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0 && !(v6[12] == 0 && v6[13] == 0 && v6[14] == 0 && v6[15] <= 1))
        {
            return new IPAddress(v6.AsSpan(12, 4));
        }

        if (v6 is [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0, ..])
        {
            return new IPAddress(v6.AsSpan(12, 4));
        }

        return v6 is [0x20, 0x02, ..] ? new IPAddress(v6.AsSpan(2, 4)) : null;
    }

    private static bool InPrefix(byte[] address, byte[] network, int prefix)
    {
        for (var bit = 0; bit < prefix; bit++)
        {
            var mask = (byte)(0x80 >> (bit % 8));
            if ((address[bit / 8] & mask) != (network[bit / 8] & mask))
            {
                return false;
            }
        }

        return true;
    }
}
