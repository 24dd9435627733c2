using System.Text.RegularExpressions;
using VmmAssess.Testing.Arm;

namespace VmmAssess.Infra.Tests;

/// <summary>Built-in Azure role definition ids (the same in every tenant).</summary>
public static class BuiltInRoles
{
    public const string Owner = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
    public const string Contributor = "b24988ac-6180-42a0-ab88-20f7382dd24c";
    public const string UserAccessAdministrator = "18d7d88d-d35e-4fb5-a5c3-7773c4a72b9d";
    public const string RoleBasedAccessControlAdministrator = "f58310d9-a9f6-439a-9e8d-f62e7b41a168";
    public const string ServiceBusDataOwner = "090c5cfd-751d-490a-894a-3ce6f1109419";
    public const string ServiceBusDataReceiver = "4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0";
    public const string ServiceBusDataSender = "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39";
    public const string StorageAccountContributor = "17d1049b-9a84-46fb-8f53-869881c3d3ab";
    public const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    public const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    public const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    public const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    public const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";

    public static string Name(string id) => id switch
    {
        Owner => "Owner",
        Contributor => "Contributor",
        UserAccessAdministrator => "User Access Administrator",
        RoleBasedAccessControlAdministrator => "Role Based Access Control Administrator",
        ServiceBusDataOwner => "Azure Service Bus Data Owner",
        ServiceBusDataReceiver => "Azure Service Bus Data Receiver",
        ServiceBusDataSender => "Azure Service Bus Data Sender",
        StorageAccountContributor => "Storage Account Contributor",
        StorageBlobDataOwner => "Storage Blob Data Owner",
        StorageBlobDataContributor => "Storage Blob Data Contributor",
        StorageQueueDataContributor => "Storage Queue Data Contributor",
        StorageTableDataContributor => "Storage Table Data Contributor",
        MonitoringMetricsPublisher => "Monitoring Metrics Publisher",
        _ => id,
    };
}

/// <summary>Finds the resources of one evaluated deployment of infra/main.bicep.</summary>
public sealed class Footprint(ArmDeployment deployment)
{
    public ArmDeployment Deployment { get; } = deployment;

    /// <summary>Every resource the deployment creates, each evaluated in full (as ARM would: a fail() anywhere throws here).</summary>
    public IReadOnlyList<ArmResource> All { get; } = EvaluateAll(deployment);

    public static Footprint Default() => new(CompiledInfra.Deploy());

    /// <summary>The deployment of a parameters file under infra/params (public, private).</summary>
    public static Footprint FromParametersFile(string name) => new(CompiledInfra.Deploy(CompiledInfra.ParametersFile(name)));

    public static Footprint With(params (string Name, object? Value)[] overrides) => new(CompiledInfra.Deploy(overrides));

    public IReadOnlyList<ArmResource> OfType(string type) =>
        All.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase)).ToList();

    public ArmResource Only(string type)
    {
        var matches = OfType(type);
        Assert.True(matches.Count == 1, $"Expected exactly one {type}, found {matches.Count}.");
        return matches[0];
    }

    public ArmResource StorageAccount => Only("Microsoft.Storage/storageAccounts");

    public ArmResource FunctionApp => Only("Microsoft.Web/sites");

    public ArmResource Plan => Only("Microsoft.Web/serverfarms");

    public ArmResource ServiceBusNamespace => Only("Microsoft.ServiceBus/namespaces");

    /// <summary>The internal snapshots queue (parameter snapshotQueueName).</summary>
    public ArmResource Queue => QueueNamed((string)Deployment.Parameter("snapshotQueueName")!);

    /// <summary>The collectors' inbox queue (parameter snapshotInboxQueueName).</summary>
    public ArmResource InboxQueue => QueueNamed((string)Deployment.Parameter("snapshotInboxQueueName")!);

    /// <summary>The webhook notification queue (parameter notificationQueueName).</summary>
    public ArmResource NotificationQueue => QueueNamed((string)Deployment.Parameter("notificationQueueName")!);

    /// <summary>The App Service Authentication settings of the Function App.</summary>
    public ArmResource AuthSettings
    {
        get
        {
            var config = OfType("Microsoft.Web/sites/config").Where(r => ArmDeployment.Display(r.Name).EndsWith("/authsettingsV2", StringComparison.Ordinal)).ToList();
            Assert.True(config.Count == 1, $"Expected exactly one authsettingsV2, found {config.Count}.");
            return config[0];
        }
    }

    private ArmResource QueueNamed(string name)
    {
        var matches = OfType("Microsoft.ServiceBus/namespaces/queues").Where(q => ArmDeployment.Display(q.Name).EndsWith("/" + name, StringComparison.Ordinal)).ToList();
        Assert.True(matches.Count == 1, $"Expected exactly one queue '{name}', found {matches.Count}.");
        return matches[0];
    }

    public ArmResource Identity => Only("Microsoft.ManagedIdentity/userAssignedIdentities");

    public ArmResource ApplicationInsights => Only("Microsoft.Insights/components");

    public ArmResource LogAnalytics => Only("Microsoft.OperationalInsights/workspaces");

    private static List<ArmResource> EvaluateAll(ArmDeployment deployment)
    {
        var resources = deployment.DeployedResources().ToList();
        foreach (var resource in resources)
        {
            _ = resource.Evaluated;
            _ = resource.Scope;
        }

        foreach (var nested in resources.Select(r => r.NestedDeployment).OfType<ArmDeployment>().Prepend(deployment))
        {
            foreach (var output in nested.OutputNames)
            {
                _ = nested.Output(output);
            }
        }

        return resources;
    }

    /// <summary>Resource id of a resource as the template computes it.</summary>
    public static string IdOf(ArmResource resource)
    {
        var name = ArmDeployment.Display(resource.Name);
        var typeSegments = resource.Type.Split('/');
        var nameSegments = name.Split('/');
        Assert.Equal(typeSegments.Length - 1, nameSegments.Length);
        var id = $"{ArmDeployment.ResourceGroupId}/providers/{typeSegments[0]}";
        for (var i = 1; i < typeSegments.Length; i++)
        {
            id += $"/{typeSegments[i]}/{nameSegments[i - 1]}";
        }

        return id;
    }

    /// <summary>App settings of the Function App as (name, evaluated value), in template order.</summary>
    public IReadOnlyList<(string Name, object? Value)> AppSettings()
    {
        var settings = (IList<object?>)FunctionApp.Get("properties.siteConfig.appSettings")!;
        return settings
            .Cast<IDictionary<string, object?>>()
            .Select(s => ((string)s["name"]!, s["value"]))
            .ToList();
    }

    /// <summary>True when <paramref name="value"/> is the runtime value <paramref name="property"/> of the resource with id <paramref name="resourceId"/>.</summary>
    public static bool IsRuntimeProperty(object? value, string resourceId, string property) =>
        value is Unknown u && u.Text == $"reference({resourceId}).{property}";

    public static readonly Regex SecretLookingName = new(
        "key|secret|password|passwd|connectionstring|connection_string|sas|token|credential|signature",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    public static readonly Regex SecretLookingValue = new(
        @"AccountKey=|SharedAccessKey=|SharedAccessSignature|InstrumentationKey=|[?&]sig=|Password=|[A-Za-z0-9+/]{40,}={1,2}",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
}
