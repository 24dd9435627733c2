using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Messaging.ServiceBus;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using VmmAssess.Testing.ServiceBus;

namespace VmmAssess.Functions.Tests.Infrastructure;

/// <summary>
/// The app as Program.cs wires it (<see cref="ServiceRegistration.AddVmmAssess"/>), against Azurite and the Service
/// Bus test host, with a table and a queue of its own. HTTP functions are called with real HttpRequests
/// (DefaultHttpContext) through the same problem-details handling as the worker middleware.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    private readonly ServiceProvider provider;

    private TestApp(ServiceProvider provider, BackendFixture backend, ServiceBusTestHost bus, string queueName, string tableName)
    {
        this.provider = provider;
        Backend = backend;
        Bus = bus;
        QueueName = queueName;
        TableName = tableName;
    }

    public BackendFixture Backend { get; }

    /// <summary>The Service Bus test host of this app: the backend's, or one of the test's own (with a fake clock).</summary>
    public ServiceBusTestHost Bus { get; }

    public string QueueName { get; }

    public string TableName { get; }

    public IServiceProvider Services => provider;

    public ServiceBusTestQueue Queue => Bus[QueueName];

    public AssessmentTable Storage => provider.GetRequiredService<AssessmentTable>();

    public AssessmentReads Reads => provider.GetRequiredService<AssessmentReads>();

    public AssessmentRows Rows => provider.GetRequiredService<AssessmentRows>();

    public IntakeRows Intake => provider.GetRequiredService<IntakeRows>();

    public PortfolioProjection Portfolio => provider.GetRequiredService<PortfolioProjection>();

    public StorageRoundTrips RoundTrips => provider.GetRequiredService<StorageRoundTrips>();

    public AssessmentFunctions AssessmentApi => provider.GetRequiredService<AssessmentFunctions>();

    public ReadinessFunctions ReadinessApi => provider.GetRequiredService<ReadinessFunctions>();

    public CatalogFunctions CatalogApi => provider.GetRequiredService<CatalogFunctions>();

    public AdminFunctions AdminApi => provider.GetRequiredService<AdminFunctions>();

    public SnapshotFunctions Snapshots => provider.GetRequiredService<SnapshotFunctions>();

    public AccessFunctions AccessApi => provider.GetRequiredService<AccessFunctions>();

    public LifecycleFunctions LifecycleApi => provider.GetRequiredService<LifecycleFunctions>();

    public WaiverFunctions WaiverApi => provider.GetRequiredService<WaiverFunctions>();

    public WaiverTimers WaiverTimers => provider.GetRequiredService<WaiverTimers>();
    public DashboardFunctions Dashboard => provider.GetRequiredService<DashboardFunctions>();
    public NotificationFunctions NotificationApi => provider.GetRequiredService<NotificationFunctions>();

    public NotificationQueueTrigger Notifier => provider.GetRequiredService<NotificationQueueTrigger>();

    /// <summary>The app's notification queue (its own, like the snapshot queue).</summary>
    public string NotificationQueueName => provider.GetRequiredService<IOptions<QueueOptions>>().Value.NotificationQueueName;

    public ServiceBusTestQueue Notifications => Bus[NotificationQueueName];

    public T Get<T>() where T : notnull => provider.GetRequiredService<T>();

    public SnapshotQueueTriggers Processor => provider.GetRequiredService<SnapshotQueueTriggers>();

    public TableClient Table => new TableServiceClient(Backend.TablesConnectionString).GetTableClient(TableName);

    public static Dictionary<string, string?> BaseSettings(BackendFixture backend, string queueName, string tableName, ServiceBusTestHost? bus = null) => new()
    {
        [AppSettings.TableStorage] = backend.TablesConnectionString,
        [AppSettings.ServiceBusConnection] = (bus ?? backend.Bus).ConnectionString,
        [AppSettings.SnapshotQueueName] = queueName,
        [AppSettings.NotificationQueueName] = "notifications-" + queueName,
        [AppSettings.ConfigurationKey(AppSettings.TableName)] = tableName,
        [AppSettings.ConfigurationKey(AppSettings.AuthEntraTenantId)] = TestTokens.TenantId,
        [AppSettings.ConfigurationKey(AppSettings.AuthAudience)] = TestTokens.Audience,
    };

    /// <param name="bus">A Service Bus test host of the test's own (the backend's when null); with <paramref name="time"/>,
    /// give it the same clock.</param>
    /// <param name="time">The app's clock (the system's when null).</param>
    public static async Task<TestApp> StartAsync(
        BackendFixture backend,
        Action<Dictionary<string, string?>>? configure = null,
        bool createTable = true,
        int maxDeliveryCount = 10,
        ServiceBusTestHost? bus = null,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(backend);
        bus ??= backend.Bus;
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var queueName = "snapshots-" + suffix;
        var tableName = "t" + suffix;
        var settings = BaseSettings(backend, queueName, tableName, bus);
        configure?.Invoke(settings);
        var provider = BuildServices(settings, time);
        provider.GetRequiredService<IStartupValidator>().Validate();

        // The queue's duplicate-detection window is the app's setting, as the infrastructure sets both from one parameter.
        var window = provider.GetRequiredService<IOptions<AssessmentOptions>>().Value.DuplicateDetectionWindow;
        bus.CreateQueue(new ServiceBusTestQueueOptions(queueName) { RequiresDuplicateDetection = true, DuplicateDetectionHistoryTimeWindow = window, MaxDeliveryCount = maxDeliveryCount });
        var notifications = provider.GetRequiredService<IOptions<QueueOptions>>().Value.NotificationQueueName;
        if (!bus.TryGetQueue(notifications, out _))
        {
            // As the infrastructure declares it: duplicate detection (a republished event, a twice-scheduled retry), 5 deliveries.
            bus.CreateQueue(new ServiceBusTestQueueOptions(notifications) { RequiresDuplicateDetection = true, DuplicateDetectionHistoryTimeWindow = window, MaxDeliveryCount = 5 });
        }
        var app = new TestApp(provider, backend, bus, queueName, tableName);
        if (createTable)
        {
            await app.Storage.EnsureCreatedAsync();
        }

        return app;
    }

    public static ServiceProvider BuildServices(IReadOnlyDictionary<string, string?> settings, TimeProvider? time = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(TestTokens.IssuerConfiguration());
        services.AddVmmAssess(configuration);
        services.AddTransient<AssessmentFunctions>();
        services.AddTransient<ReadinessFunctions>();
        services.AddTransient<CatalogFunctions>();
        services.AddTransient<AdminFunctions>();
        services.AddTransient<SnapshotFunctions>();
        services.AddTransient<AccessFunctions>();
        services.AddTransient<LifecycleFunctions>();
        services.AddTransient<WaiverFunctions>();
        services.AddTransient<WaiverTimers>();
        services.AddTransient<DashboardFunctions>();
        services.AddTransient<SnapshotQueueTriggers>();
        services.AddTransient<NotificationFunctions>();
        services.AddTransient<NotificationQueueTrigger>();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <summary>A Service Bus client for the test itself (short timeouts, as the test host's README advises).</summary>
    public ServiceBusClient CreateBusClient() => new(Bus.ConnectionString, new ServiceBusClientOptions
    {
        RetryOptions = new ServiceBusRetryOptions { TryTimeout = TimeSpan.FromSeconds(10), MaxRetries = 1 },
    });

    /// <summary>A request as the operator sends it, unless <paramref name="headers"/> bring their own credential (or
    /// <paramref name="anonymous"/>).</summary>
    public static HttpRequest Request(string method, string path, string? query = null, byte[]? body = null, IDictionary<string, string>? headers = null, bool anonymous = false)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("vmmassess.test");
        context.Request.Path = path;
        if (query is not null)
        {
            context.Request.QueryString = new QueryString(query.StartsWith('?') ? query : "?" + query);
        }

        context.Request.Body = new MemoryStream(body ?? []);
        context.Request.ContentLength = body?.Length ?? 0;
        if (body is not null)
        {
            context.Request.ContentType = "application/json";
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            context.Request.Headers[name] = value;
        }

        if (!anonymous && !context.Request.Headers.ContainsKey("Authorization") && !context.Request.Headers.ContainsKey(CallerAuthenticator.CollectorKeyHeader))
        {
            context.Request.Headers.Authorization = "Bearer " + TestTokens.Operator;
        }

        context.Response.Body = new MemoryStream();
        return context.Request;
    }

    /// <summary>Calls an HTTP function and executes its result (or the problem details of what it threw).</summary>
    public async Task<TestResponse> CallAsync(HttpRequest request, Func<HttpRequest, Task<IResult>> function)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(function);
        var context = request.HttpContext;
        context.RequestServices = provider;
        await ProblemDetailsMiddleware.HandleAsync(context, async () =>
        {
            var result = await function(request);
            await result.ExecuteAsync(context);
        }, NullLogger.Instance);
        var body = ((MemoryStream)context.Response.Body).ToArray();
        return new TestResponse(context.Response.StatusCode, context.Response.ContentType, context.Response.Headers, body);
    }

    public Task<TestResponse> CallAsync(HttpRequest request, Func<HttpRequest, IResult> function) =>
        CallAsync(request, r => Task.FromResult(function(r)));

    /// <summary>POST /api/tenants/{tenantId}/snapshots.</summary>
    public Task<TestResponse> SubmitAsync(string tenantId, byte[] body, IDictionary<string, string>? headers = null) =>
        CallAsync(Request("POST", $"/api/tenants/{tenantId}/snapshots", body: body, headers: headers), r => Snapshots.SubmitSnapshotAsync(r, tenantId));

    /// <summary>Invokes ProcessSnapshot with a message body and the host's trigger metadata.</summary>
    public Task<ProcessingOutcome> ProcessAsync(byte[] body, IReadOnlyDictionary<string, object?> bindingData, CancellationToken cancellationToken = default) =>
        Processor.ProcessSnapshotAsync(body, new TestFunctionContext(bindingData, provider, cancellationToken));

    /// <summary>Invokes ProcessInboxSnapshot (the collectors' signed inbox queue) with a message body and trigger metadata.</summary>
    public Task<ProcessingOutcome> ProcessInboxAsync(byte[] body, IReadOnlyDictionary<string, object?> bindingData, CancellationToken cancellationToken = default) =>
        Processor.ProcessInboxSnapshotAsync(body, new TestFunctionContext(bindingData, provider, cancellationToken));

    /// <summary>Receives every message waiting on the app's queue and runs ProcessSnapshot for each, settling as the host
    /// would with autoComplete: complete on success, abandon when the function throws.</summary>
    public async Task<IReadOnlyList<ProcessingOutcome>> DrainQueueAsync(int expected)
    {
        await using var client = CreateBusClient();
        await using var receiver = client.CreateReceiver(QueueName);
        var outcomes = new List<ProcessingOutcome>();
        while (outcomes.Count < expected)
        {
            var message = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5)) ?? throw new TimeoutException($"Expected {expected} messages, got {outcomes.Count}.");
            try
            {
                outcomes.Add(await ProcessAsync(message.Body.ToArray(), TriggerData.From(message)));
                await receiver.CompleteMessageAsync(message);
            }
            catch
            {
                await receiver.AbandonMessageAsync(message);
                throw;
            }
        }

        return outcomes;
    }

    /// <summary>Every entity of the app's table without server-maintained properties, for comparing stored states.</summary>
    public async Task<string> DumpTableAsync()
    {
        var builder = new StringBuilder();
        await foreach (var entity in Table.QueryAsync<TableEntity>())
        {
            builder.Append(entity.PartitionKey).Append(" / ").Append(entity.RowKey).Append(':');
            foreach (var (key, value) in entity.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (key is "Timestamp" or "odata.etag" or "PartitionKey" or "RowKey")
                {
                    continue;
                }

                builder.Append(' ').Append(key).Append('=').Append(value is byte[] bytes ? Convert.ToBase64String(bytes) : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
            }

            builder.AppendLine();
        }

        return builder.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Table.DeleteAsync();
        }
        catch (Azure.RequestFailedException)
        {
        }

        await provider.DisposeAsync();
    }
}

public sealed record TestResponse(int Status, string? ContentType, IHeaderDictionary Headers, byte[] Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string Text => Encoding.UTF8.GetString(Body);

    public override string ToString() => $"{Status} {ContentType} {Text}";
}
