// Flex Consumption plan + the VmmAssess Function App (.NET isolated worker).
// Every connection is identity-based through the user-assigned managed identity: the Functions
// host's storage (AzureWebJobsStorage), the deployment package container, Service Bus, Table
// Storage and Application Insights. No connection string with a secret is ever set.
// App setting names below are the contract with src/VmmAssess.Functions/Configuration/AppSettings.cs;
// tests/VmmAssess.Infra.Tests cross-checks them, so a rename on either side fails CI.

@description('Azure region.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('azd service name (azure.yaml) this app is deployed as; set as the azd-service-name tag.')
param azdServiceName string

@description('Flex Consumption plan name.')
param planName string

@description('Function App name (globally unique host name prefix).')
@minLength(2)
@maxLength(60)
param appName string

@description('Resource id of the user-assigned managed identity the app runs as.')
param identityResourceId string

@description('Client id of that identity (identity-based connections name it with __clientId).')
param identityClientId string

@description('Blob endpoint of the storage account that holds the host storage, the app tables and the deployment container.')
param blobEndpoint string

@description('Queue endpoint of that account.')
param queueEndpoint string

@description('Table endpoint of that account.')
param tableEndpoint string

@description('Deployment package container in that account.')
param deploymentContainerName string

@description('Application Insights component name.')
param applicationInsightsName string

@description('Log Analytics workspace the diagnostic settings send to.')
param logAnalyticsWorkspaceId string

@description('Service Bus fully qualified namespace (host name).')
param serviceBusFullyQualifiedNamespace string

@description('Snapshots queue name.')
param snapshotQueueName string

@description('Inbox queue name (direct-to-queue collectors\' signed messages).')
param snapshotInboxQueueName string

@description('Notification queue name (webhook events and deliveries).')
param notificationQueueName string

@description('Microsoft Entra tenant (GUID) whose access tokens the API accepts.')
param entraTenantId string

@description('The API\'s audience: application ID URI or client id of its Entra app registration.')
param apiAudience string

@description('App Service Authentication (Easy Auth) on, with the Entra provider; the app then reads X-MS-CLIENT-PRINCIPAL.')
param easyAuthEnabled bool

@description('Easy Auth only: application (client) id of the API\'s Entra app registration.')
param easyAuthClientId string

@description('OpenID issuer of the Entra tenant (Easy Auth\'s Entra provider), e.g. https://login.microsoftonline.com/<tenant>/v2.0.')
param openIdIssuer string

@description('Largest message the snapshots queue accepts, in bytes: the webhook\'s claim-check threshold (a larger compressed snapshot is stored and only referenced by the message).')
param maxMessageBytes int

@description('Largest snapshot (decompressed JSON) the app accepts, in bytes.')
param snapshotMaxBytes int

@description('The snapshots queue\'s duplicate-detection window in seconds: dead-letter replay keeps a message\'s id only when the message is older.')
param duplicateDetectionWindowSeconds int

@description('.NET isolated worker runtime version.')
param dotnetVersion string

@description('Maximum instances the app scales out to (Flex Consumption accepts 40-1000).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@description('Memory per instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('HTTP requests one instance works on at once (sized to snapshot memory in main.bicep).')
@minValue(1)
@maxValue(1000)
param httpPerInstanceConcurrency int

@description('Subnet (delegated to Microsoft.App/environments) the app\'s outbound traffic goes through; empty for none.')
param virtualNetworkSubnetId string

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2024-11-01' = {
  name: appName
  location: location
  tags: union(tags, { 'azd-service-name': azdServiceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityResourceId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientCertEnabled: false
    // Inbound stays public: collectors post to the webhook from on-premises over HTTPS with a collector key.
    publicNetworkAccess: 'Enabled'
    virtualNetworkSubnetId: empty(virtualNetworkSubnetId) ? null : virtualNetworkSubnetId
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityResourceId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
        triggers: {
          http: {
            perInstanceConcurrency: httpPerInstanceConcurrency
          }
        }
      }
      runtime: {
        name: 'dotnet-isolated'
        version: dotnetVersion
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      appSettings: concat([
        // Functions host storage, identity-based (shared keys are disabled on the account). Explicit service
        // URIs rather than __accountName, which the host expands to the public cloud's endpoints only.
        {
          name: 'AzureWebJobsStorage__blobServiceUri'
          value: blobEndpoint
        }
        {
          name: 'AzureWebJobsStorage__queueServiceUri'
          value: queueEndpoint
        }
        {
          name: 'AzureWebJobsStorage__tableServiceUri'
          value: tableEndpoint
        }
        {
          name: 'AzureWebJobsStorage__credential'
          value: 'managedidentity'
        }
        {
          name: 'AzureWebJobsStorage__clientId'
          value: identityClientId
        }
        // Telemetry with Entra ID authentication (local auth is disabled on the component).
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: appInsights.properties.ConnectionString
        }
        {
          name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
          value: 'Authorization=AAD;ClientId=${identityClientId}'
        }
        // Service Bus: the ProcessSnapshot trigger (connection "ServiceBusConnection") and the webhook's sender.
        {
          name: 'SnapshotQueueName'
          value: snapshotQueueName
        }
        {
          name: 'ServiceBusConnection__fullyQualifiedNamespace'
          value: serviceBusFullyQualifiedNamespace
        }
        {
          name: 'ServiceBusConnection__credential'
          value: 'managedidentity'
        }
        {
          name: 'ServiceBusConnection__clientId'
          value: identityClientId
        }
        // Table Storage: assessments, findings, readiness.
        {
          name: 'TableStorage__serviceUri'
          value: tableEndpoint
        }
        {
          name: 'TableStorage__credential'
          value: 'managedidentity'
        }
        {
          name: 'TableStorage__clientId'
          value: identityClientId
        }
        // Assessment limits.
        {
          name: 'Assessment__MaxMessageBytes'
          value: string(maxMessageBytes)
        }
        {
          name: 'Assessment__SnapshotMaxBytes'
          value: string(snapshotMaxBytes)
        }
        {
          name: 'Assessment__DuplicateDetectionWindowSeconds'
          value: string(duplicateDetectionWindowSeconds)
        }
        // Direct-to-queue collectors' inbox (the queue always exists; see servicebus.bicep).
        {
          name: 'SnapshotInboxQueueName'
          value: snapshotInboxQueueName
        }
        // Webhook notifications (docs/notifications.md). Notifications__AllowPrivateEndpoints is never set here: it
        // is a development setting.
        {
          name: 'NotificationQueueName'
          value: notificationQueueName
        }
        // Caller authentication: Entra access tokens for this tenant and audience (Auth__Authority is left to the
        // app's default, https://login.microsoftonline.com/<tenant>/v2.0).
        {
          name: 'Auth__EntraTenantId'
          value: entraTenantId
        }
        {
          name: 'Auth__Audience'
          value: apiAudience
        }
      ], easyAuthEnabled ? [
        // Only together with authsettingsV2 below: the platform then strips any X-MS-CLIENT-PRINCIPAL a caller
        // sends, so the app may trust the header. Without the platform's authentication the header is forgeable
        // and the app ignores it.
        {
          name: 'Auth__EasyAuthEnabled'
          value: 'true'
        }
      ] : [])
    }
  }
}

// App Service Authentication (Easy Auth), always declared so a redeploy with easyAuthEnabled=false switches it off
// again. When on, it validates Entra tokens and browser sessions with the same tenant and audience as the app, but
// decides nothing: requireAuthentication is false and unauthenticated requests pass through (AllowAnonymous),
// because the app authenticates every request itself and answers 401/403 per route (collector keys, for one, are
// not something the platform knows). What it adds is a caller identity in X-MS-CLIENT-PRINCIPAL that the platform
// vouches for (browser sessions of the dashboard). No client secret is set: the sign-in flow without one uses ID
// tokens (the app registration must allow them); the token store is off because the app never reads provider
// tokens. Microsoft's Flex Consumption documentation listed Easy Auth as not supported during the plan's preview:
// docs/deploy.md says how to check on the deployed app that a forged X-MS-CLIENT-PRINCIPAL is stripped.
resource authSettings 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: functionApp
  name: 'authsettingsV2'
  properties: easyAuthEnabled ? {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: false
      unauthenticatedClientAction: 'AllowAnonymous'
    }
    httpSettings: {
      requireHttps: true
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          openIdIssuer: openIdIssuer
          clientId: easyAuthClientId
        }
        validation: {
          allowedAudiences: [
            apiAudience
          ]
        }
      }
    }
    login: {
      tokenStore: {
        enabled: false
      }
    }
  } : {
    platform: {
      enabled: false
    }
  }
}

// Basic (user name/password) publishing credentials off for FTP and SCM: deployments go through
// Entra ID (azd / az functionapp deployment / Core Tools) to the identity-protected container.
// `location` is not in the Bicep type (BCP187), but the Web resource provider has been reported to reject
// these PUTs without it ("The parameter location has an invalid value"); Microsoft's verified module sets it.
resource ftpPublishingPolicy 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: functionApp
  name: 'ftp'
  #disable-next-line BCP187
  location: location
  properties: {
    allow: false
  }
}

resource scmPublishingPolicy 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: functionApp
  name: 'scm'
  #disable-next-line BCP187
  location: location
  properties: {
    allow: false
  }
}

// Diagnostic settings: the Functions host's logs and the platform metrics of the app and the plan.
resource functionAppDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: functionApp
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

resource planDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: plan
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

@description('Function App name.')
output name string = functionApp.name

@description('Function App base URL.')
output url string = 'https://${functionApp.properties.defaultHostName}'
