using Azure.Core;
using Azure.Data.Tables;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using VmmAssess.Functions.Api;
using VmmAssess.Functions.Api.Functions;
using VmmAssess.Functions.Api.Security;
using VmmAssess.Functions.Application.Access;
using VmmAssess.Functions.Application.Administration;
using VmmAssess.Functions.Application.Intake;
using VmmAssess.Functions.Application.Lifecycle;
using VmmAssess.Functions.Application.Notifications;
using VmmAssess.Functions.Application.Processing;
using VmmAssess.Functions.Application.Queries;
using VmmAssess.Functions.Application.Waivers;
using VmmAssess.Functions.Infrastructure.Messaging;
using VmmAssess.Functions.Infrastructure.Notifications;
using VmmAssess.Functions.Infrastructure.Tables;

namespace VmmAssess.Functions.Hosting;

/// <summary>The composition root: the app's service registration, shared by Program.cs and the tests.</summary>
public static class ServiceRegistration
{
    public static IServiceCollection AddVmmAssess(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<AssessmentOptions>().Bind(configuration.GetSection(AssessmentOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<QueueOptions>().Bind(configuration).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<NotificationOptions>().Bind(configuration.GetSection(NotificationOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section)).ValidateDataAnnotations().ValidateOnStart();

        // The issuer's OpenID configuration and signing keys, fetched over HTTPS, cached and refreshed (daily, and on an
        // unknown key id at most every 5 minutes) by Microsoft.IdentityModel's configuration manager.
        services.TryAddSingleton<IConfigurationManager<OpenIdConnectConfiguration>>(provider =>
        {
            var auth = provider.GetRequiredService<IOptions<AuthOptions>>().Value;
            return new ConfigurationManager<OpenIdConnectConfiguration>(
                auth.EffectiveAuthority + "/.well-known/openid-configuration", new OpenIdConnectConfigurationRetriever(), new HttpDocumentRetriever { RequireHttps = true });
        });
        services.AddOptions<ConnectionSettings>().ValidateOnStart();
        services.AddSingleton<IValidateOptions<ConnectionSettings>, ConnectionSettingsValidator>();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<StorageRoundTrips>();

        // One registration per Azure client. Each section is either a connection string (local development) or
        // an endpoint (serviceUri / fullyQualifiedNamespace) plus optional credential=managedidentity and clientId;
        // Microsoft.Extensions.Azure builds the Azure.Identity credential from those keys.
        services.AddAzureClients(clients =>
        {
            clients.AddClient<TableServiceClient, TableClientOptions>((options, provider) =>
                    CreateTableServiceClient(configuration.GetSection(AppSettings.TableStorage), options, provider.GetRequiredService<AzureComponentFactory>()))
                .ConfigureOptions((options, provider) =>
                {
                    options.AddPolicy(provider.GetRequiredService<StorageRoundTrips>().CreatePolicy(), HttpPipelinePosition.PerRetry);
                    options.Retry.MaxRetries = 3;
                    options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
                });
            var serviceBus = configuration.GetSection(AppSettings.ServiceBusConnection);
            clients.AddServiceBusClient(serviceBus).ConfigureOptions(options => ServiceBusRetryPolicy.Apply(options, serviceBus));
        });

        // Infrastructure: the table and its row families, the queue.
        services.TryAddSingleton<AssessmentTable>();
        services.TryAddSingleton<IntakeRows>();
        services.TryAddSingleton<AssessmentRows>();
        services.TryAddSingleton<PortfolioProjection>();
        services.TryAddSingleton<AssessmentReads>();
        services.TryAddSingleton<LifecycleRows>();
        services.TryAddSingleton<WaiverRows>();
        services.TryAddSingleton<SnapshotQueueClient>();
        services.TryAddSingleton<NotificationQueueClient>();
        services.TryAddSingleton<SubscriptionRows>();
        services.TryAddSingleton<WebhookClient>();

        services.TryAddSingleton<AccessRows>();

        // Access: who may do what (docs/security.md), collector keys, grants, the audit log.
        services.TryAddSingleton<AccessPolicy>();
        services.TryAddSingleton<CollectorKeys>();
        services.TryAddSingleton<TenantGrants>();
        services.TryAddSingleton<AuditLog>();

        // Application: one service per use case.
        services.TryAddSingleton<SubmitSnapshot>();
        services.TryAddSingleton<ProcessSnapshot>();
        services.TryAddSingleton<ProcessInboxSnapshot>();
        services.TryAddSingleton<GetAssessment>();
        services.TryAddSingleton<GetEnvironmentReadiness>();
        services.TryAddSingleton<GetEnvironmentHistory>();
        services.TryAddSingleton<GetTenantReadiness>();
        services.TryAddSingleton<GetPortfolio>();
        services.TryAddSingleton<GetRuleCatalog>();
        services.TryAddSingleton<RerunAssessment>();
        services.TryAddSingleton<ReassessEnvironments>();
        services.TryAddSingleton<ListDeadLetters>();
        services.TryAddSingleton<ReplayDeadLetters>();
        services.TryAddSingleton<DeleteSnapshot>();
        services.TryAddSingleton<DeleteEnvironment>();
        services.TryAddSingleton<DeleteTenant>();
        services.TryAddSingleton<GetTenantDeletion>();
        services.TryAddSingleton<ContinueTenantDeletions>();
        services.TryAddSingleton<ApplyRetention>();
        services.TryAddSingleton<ResendStaleQueued>();
        services.TryAddSingleton<CompareWithPrevious>();
        services.TryAddSingleton<ReapplyWaivers>();
        services.TryAddSingleton<CreateWaiver>();
        services.TryAddSingleton<GetWaiver>();
        services.TryAddSingleton<ListWaivers>();
        services.TryAddSingleton<RevokeWaiver>();
        services.TryAddSingleton<ReevaluateDueWaivers>();
        services.TryAddSingleton<ListExpiringWaivers>();
        services.TryAddSingleton<NotificationPublisher>();
        services.TryAddSingleton<Subscriptions>();
        services.TryAddSingleton<DeliverNotifications>();

        // API edge.
        services.TryAddSingleton<CallerAuthenticator>();
        services.TryAddSingleton<HttpEndpoint>();
        services.TryAddSingleton<RequestRateLimits>();
        services.TryAddSingleton<DashboardAssets>();
        services.AddHostedService<StorageInitializer>();
        return services;
    }

    /// <summary>
    /// <c>TableStorage</c> is a connection string, or <c>TableStorage__serviceUri</c> plus the credential keys
    /// (<c>credential</c>, <c>clientId</c>) that Microsoft.Extensions.Azure turns into an Azure.Identity credential.
    /// (The Tables client's own configuration factory expects <c>endpoint</c>; <c>serviceUri</c> is the name the
    /// Functions host uses for storage connections, so the infrastructure sets that one.)
    /// </summary>
    private static TableServiceClient CreateTableServiceClient(IConfigurationSection section, TableClientOptions options, AzureComponentFactory factory)
    {
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            return new TableServiceClient(section.Value, options);
        }

        var serviceUri = section["serviceUri"] ?? throw new InvalidOperationException($"Neither {AppSettings.TableStorage} nor {AppSettings.TableStorageServiceUri} is set.");
        return new TableServiceClient(new Uri(serviceUri), factory.CreateTokenCredential(section), options);
    }
}

/// <summary>Creates the table once at start, so processing a message never pays for it. A failure is logged, not
/// fatal: the table may be provisioned by the infrastructure, and storage calls fail (and are retried) until it exists.</summary>
internal sealed partial class StorageInitializer(AssessmentTable store, ILogger<StorageInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Azure.RequestFailedException ex)
        {
            LogCreateFailed(logger, ex.Status, ex.ErrorCode, ex);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "The assessment table could not be created at start (status {Status}, {ErrorCode}); storage calls fail until it exists")]
    private static partial void LogCreateFailed(ILogger logger, int status, string? errorCode, Exception exception);
}
