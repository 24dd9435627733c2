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
    // Inbound stays public: collectors post to the webhook from on-premises over HTTPS with a function key.
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
      appSettings: [
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
      ]
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
