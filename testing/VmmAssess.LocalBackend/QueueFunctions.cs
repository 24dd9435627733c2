using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VmmAssess.Testing.ServiceBus;

namespace VmmAssess.LocalBackend;

/// <summary>
/// Every <c>serviceBusTrigger</c> of functions.metadata, driven from the in-process Service Bus test host with the real
/// Azure.Messaging.ServiceBus client: a queue of the host per trigger (its name from the app setting the trigger names,
/// <c>%Setting%</c>), a <see cref="ServiceBusProcessor"/> on it, and settlement as the Functions host does it with
/// <c>autoCompleteMessages</c>: complete when the function returns, abandon when it throws (redelivery, then the
/// dead-letter queue after MaxDeliveryCount).
/// </summary>
internal sealed partial class QueueFunctions(ServiceBusTestHost bus, IServiceProvider services, IConfiguration configuration, ILogger<QueueFunctions> logger) : IAsyncDisposable
{
    private readonly List<ServiceBusProcessor> processors = [];
    private ServiceBusClient? client;

    public const int MaxConcurrentCalls = 8; // host.json, extensions.serviceBus.maxConcurrentCalls

    public static IEnumerable<string> Problems(FunctionInvoker function)
    {
        foreach (var named in function.NamedParameters)
        {
            yield return $"{function.Entry.Name}: parameter '{named.Name}' is not bound by the local backend (it binds the message, a FunctionContext and a CancellationToken).";
        }

        if (function.Entry.Text("queueName") is null)
        {
            yield return $"{function.Entry.Name}: only queue triggers are supported (no topic subscriptions).";
        }

        foreach (var binding in function.Entry.OtherBindings)
        {
            yield return $"{function.Entry.Name}: the local backend does not support '{binding.GetProperty("type").GetString()}' bindings.";
        }

        var trigger = function.TriggerParameterType;
        if (trigger is null || !Array.Exists(MessageTypes, t => t == trigger))
        {
            yield return $"{function.Entry.Name}: a message cannot be bound to {trigger}; the local backend binds {string.Join(", ", MessageTypes.Select(t => t.Name))}.";
        }
    }

    private static readonly Type[] MessageTypes = [typeof(byte[]), typeof(string), typeof(BinaryData), typeof(ReadOnlyMemory<byte>), typeof(ServiceBusReceivedMessage)];

    /// <summary>The queue a trigger listens on: <c>%Setting%</c> is the value of that app setting, or, when the local
    /// backend does not set it, the default the app itself uses for it (the initial value of the options property of
    /// that name, e.g. <c>QueueOptions.SnapshotInboxQueueName</c>), so the trigger listens where the app sends.</summary>
    public string QueueName(FunctionEntry entry)
    {
        var name = entry.Text("queueName")!;
        if (name.Length > 2 && name[0] == '%' && name[^1] == '%')
        {
            var setting = name[1..^1];
            return configuration[setting.Replace("__", ":", StringComparison.Ordinal)] is { Length: > 0 } value
                ? value
                : AppDefault(setting) ?? throw new InvalidOperationException(
                    $"{entry.Name} listens on %{setting}%, which is not set and has no default in the app's options: set it in testing/VmmAssess.LocalBackend/LocalBackendHost.cs.");
        }

        return name;
    }

    private static string? AppDefault(string setting)
    {
        var property = setting[(setting.LastIndexOf("__", StringComparison.Ordinal) + 1)..].TrimStart('_');
        return typeof(Functions.Configuration.AppSettings).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (Type: t, Property: t.GetProperty(property, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance)))
            .Where(x => x.Property is { PropertyType: var type, CanWrite: true } && type == typeof(string))
            .Select(x => x.Property!.GetValue(Activator.CreateInstance(x.Type)) as string)
            .FirstOrDefault(v => !string.IsNullOrEmpty(v));
    }

    public async Task StartAsync(IEnumerable<FunctionInvoker> functions, ServiceBusTestQueueOptions queueTemplate, CancellationToken cancellationToken)
    {
        client = new ServiceBusClient(bus.ConnectionString, new ServiceBusClientOptions
        {
            RetryOptions = new ServiceBusRetryOptions { TryTimeout = TimeSpan.FromSeconds(10), MaxRetries = 1 },
        });
        foreach (var function in functions)
        {
            var queue = QueueName(function.Entry);
            if (!bus.TryGetQueue(queue, out _))
            {
                bus.CreateQueue(new ServiceBusTestQueueOptions(queue)
                {
                    RequiresDuplicateDetection = queueTemplate.RequiresDuplicateDetection,
                    DuplicateDetectionHistoryTimeWindow = queueTemplate.DuplicateDetectionHistoryTimeWindow,
                    MaxDeliveryCount = queueTemplate.MaxDeliveryCount,
                });
            }

            var autoComplete = !function.Entry.Trigger.TryGetProperty("autoCompleteMessages", out var ac) || ac.ValueKind != JsonValueKind.False;
            var processor = client.CreateProcessor(queue, new ServiceBusProcessorOptions
            {
                AutoCompleteMessages = false,
                MaxConcurrentCalls = MaxConcurrentCalls,
                PrefetchCount = 0,
                MaxAutoLockRenewalDuration = TimeSpan.FromMinutes(10),
            });
            processor.ProcessMessageAsync += args => HandleAsync(function, args, autoComplete);
            processor.ProcessErrorAsync += args =>
            {
                LogReceiveError(logger, function.Entry.Name, args.ErrorSource.ToString(), args.Exception);
                return Task.CompletedTask;
            };
            processors.Add(processor);
            await processor.StartProcessingAsync(cancellationToken).ConfigureAwait(false);
            LogListening(logger, function.Entry.Name, queue);
        }
    }

    private async Task HandleAsync(FunctionInvoker function, ProcessMessageEventArgs args, bool autoComplete)
    {
        var message = args.Message;
        await using var scope = services.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        try
        {
            await function.InvokeAsync(scope.ServiceProvider, TriggerValue(function, message), BindingData(message), args.CancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The host abandons on any exception the function throws; so does this.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogFunctionFailed(logger, function.Entry.Name, message.MessageId, message.DeliveryCount, ex);
            if (autoComplete)
            {
                await args.AbandonMessageAsync(message, cancellationToken: CancellationToken.None).ConfigureAwait(false);
            }

            return;
        }

        if (autoComplete)
        {
            await args.CompleteMessageAsync(message, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static object TriggerValue(FunctionInvoker function, ServiceBusReceivedMessage message)
    {
        var parameter = function.TriggerParameterType;
        return parameter switch
        {
            _ when parameter == typeof(ServiceBusReceivedMessage) => message,
            _ when parameter == typeof(BinaryData) => message.Body,
            _ when parameter == typeof(string) => message.Body.ToString(),
            _ when parameter == typeof(ReadOnlyMemory<byte>) => message.Body.ToMemory(),
            _ when parameter == typeof(byte[]) => message.Body.ToArray(),
            _ => throw new InvalidOperationException($"{function.Entry.Name}: a message cannot be bound to {parameter}."),
        };
    }

    /// <summary>Trigger metadata as the Functions host's Service Bus extension sends it: strings as they are, everything
    /// else as JSON text (DeliveryCount "1", EnqueuedTimeUtc a quoted timestamp without offset, ApplicationProperties an object).</summary>
    internal static Dictionary<string, object?> BindingData(ServiceBusReceivedMessage message)
    {
        var properties = new JsonObject();
        foreach (var (key, value) in message.ApplicationProperties)
        {
            properties[key] = JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture));
        }

        var data = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)
        {
            ["DeliveryCount"] = message.DeliveryCount.ToString(CultureInfo.InvariantCulture),
            ["SequenceNumber"] = message.SequenceNumber.ToString(CultureInfo.InvariantCulture),
            ["EnqueuedTimeUtc"] = JsonSerializer.Serialize(message.EnqueuedTime.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffff", CultureInfo.InvariantCulture)),
            ["EnqueuedTime"] = JsonSerializer.Serialize(message.EnqueuedTime),
            ["ApplicationProperties"] = properties.ToJsonString(),
            ["UserProperties"] = properties.ToJsonString(),
        };
        Add(data, "MessageId", message.MessageId);
        Add(data, "ContentType", message.ContentType);
        Add(data, "CorrelationId", message.CorrelationId);
        Add(data, "Subject", message.Subject);
        return data;

        static void Add(Dictionary<string, object?> data, string key, string? value)
        {
            if (value is not null)
            {
                data[key] = value;
            }
        }
    }

    public async Task StopAsync()
    {
        foreach (var processor in processors)
        {
            await processor.StopProcessingAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var processor in processors)
        {
            await processor.DisposeAsync().ConfigureAwait(false);
        }

        if (client is not null)
        {
            await client.DisposeAsync().ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 9101, Level = LogLevel.Information, Message = "{Function} listens on queue {Queue}")]
    private static partial void LogListening(ILogger logger, string function, string queue);

    [LoggerMessage(EventId = 9102, Level = LogLevel.Warning, Message = "{Function} threw for message {MessageId} (delivery {DeliveryCount}); abandoned for redelivery")]
    private static partial void LogFunctionFailed(ILogger logger, string function, string messageId, int deliveryCount, Exception exception);

    [LoggerMessage(EventId = 9103, Level = LogLevel.Warning, Message = "{Function}: receive error ({Source})")]
    private static partial void LogReceiveError(ILogger logger, string function, string source, Exception exception);
}
