using Microsoft.Extensions.Configuration;

namespace VmmAssess.Functions.Configuration;

/// <summary>Marker options whose validation checks the Azure connection settings at start.</summary>
public sealed class ConnectionSettings;

/// <summary>
/// Each Azure client needs either a connection string (local development) or an endpoint for an identity-based
/// connection. Without this check a missing setting would surface only at the first request, far from its cause.
/// </summary>
internal sealed class ConnectionSettingsValidator(IConfiguration configuration) : IValidateOptions<ConnectionSettings>
{
    private static readonly string[] KnownCredentials = ["managedidentity", "workloadidentity", "azurecli", "environment"];

    public ValidateOptionsResult Validate(string? name, ConnectionSettings options)
    {
        var failures = new List<string>();
        Check(failures, AppSettings.ServiceBusConnection, "fullyQualifiedNamespace", AppSettings.ServiceBusFullyQualifiedNamespace, endpointIsUri: false);
        Check(failures, AppSettings.TableStorage, "serviceUri", AppSettings.TableStorageServiceUri, endpointIsUri: true);
        CheckRetryPolicy(failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The client applies its retry options only when it is first used; a bad override fails here instead.</summary>
    private void CheckRetryPolicy(List<string> failures)
    {
        try
        {
            ServiceBusRetryPolicy.Apply(new Azure.Messaging.ServiceBus.ServiceBusClientOptions(), configuration.GetSection(AppSettings.ServiceBusConnection));
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException or System.Reflection.TargetInvocationException)
        {
            var cause = ex is System.Reflection.TargetInvocationException { InnerException: { } inner } ? inner : ex;
            failures.Add($"{AppSettings.ServiceBusConnection}__{ServiceBusRetryPolicy.Section}__* is invalid: {cause.Message}");
        }
    }

    private void Check(List<string> failures, string section, string endpointKey, string endpointSetting, bool endpointIsUri)
    {
        var config = configuration.GetSection(section);
        var connectionString = config.Value;
        var endpoint = config[endpointKey];
        if (string.IsNullOrWhiteSpace(connectionString) && string.IsNullOrWhiteSpace(endpoint))
        {
            failures.Add($"Neither {section} (connection string, local development) nor {endpointSetting} (identity-based connection) is set.");
            return;
        }

        if (!string.IsNullOrWhiteSpace(endpoint))
        {
            var valid = endpointIsUri
                ? Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
                : Uri.CheckHostName(endpoint) == UriHostNameType.Dns;
            if (!valid)
            {
                failures.Add(endpointIsUri
                    ? $"{endpointSetting} must be an absolute URI such as https://<account>.table.core.windows.net."
                    : $"{endpointSetting} must be a host name such as <namespace>.servicebus.windows.net.");
            }

            var credential = config["credential"];
            if (!string.IsNullOrWhiteSpace(credential) && !KnownCredentials.Contains(credential, StringComparer.OrdinalIgnoreCase))
            {
                failures.Add($"{section}__credential must be one of {string.Join(", ", KnownCredentials)} (or absent).");
            }
        }
        else if (connectionString is not null && !connectionString.Contains('=', StringComparison.Ordinal))
        {
            failures.Add($"{section} does not look like a connection string (expected key=value pairs).");
        }
    }
}
