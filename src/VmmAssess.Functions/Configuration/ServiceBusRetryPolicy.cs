using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Configuration;

namespace VmmAssess.Functions.Configuration;

/// <summary>
/// The retry policy of the app's one Service Bus client (the webhook's, rerun's and replay's sends, the dead-letter
/// receiver). Transient failures (timeouts, throttling, a dropped connection) are retried with exponential backoff
/// and jitter; anything else fails at once.
/// </summary>
/// <remarks>
/// The budget is sized for the webhook: a caller waits for the send, and the Azure front end gives up on a request
/// after 230 seconds. Five tries of at most 20 seconds plus the waits between them (0.5, 1, 2, 4 s) end well before
/// that. A value under <c>ServiceBusConnection__RetryOptions__</c> (<c>Mode</c>, <c>MaxRetries</c>, <c>Delay</c>,
/// <c>MaxDelay</c>, <c>TryTimeout</c>) overrides the default.
/// </remarks>
public static class ServiceBusRetryPolicy
{
    public const string Section = "RetryOptions";

    private static ServiceBusRetryOptions CreateDefault() => new()
    {
        Mode = ServiceBusRetryMode.Exponential,
        MaxRetries = 4,
        Delay = TimeSpan.FromMilliseconds(500),
        MaxDelay = TimeSpan.FromSeconds(10),
        TryTimeout = TimeSpan.FromSeconds(20),
    };

    /// <summary>Sets the default policy, then the overrides of <paramref name="connection"/>'s <c>RetryOptions</c>.</summary>
    public static void Apply(ServiceBusClientOptions options, IConfigurationSection connection)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(connection);
        options.RetryOptions = CreateDefault();
        connection.GetSection(Section).Bind(options.RetryOptions);
    }
}
