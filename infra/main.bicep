// VmmAssess: the whole Azure footprint of the Functions app, deployed into one resource group.
//
//   az deployment group create -g <rg> -f infra/main.bicep -p environmentName=<name>
//   azd up            (azure.yaml at the repository root; parameters from main.parameters.json)
//
// Identity: one user-assigned managed identity (UAMI) that the Function App runs as. It exists
// before the app, so its role assignments are in place (and replicated) before the Functions host
// first starts and before the first package is deployed to the Flex deployment container; it also
// survives re-creating the app. Every connection names it explicitly (__credential + __clientId).
// No shared keys, SAS keys or connection strings with secrets are created, set or output.

targetScope = 'resourceGroup'

@minLength(1)
@maxLength(64)
@description('Environment name (azd environment). Seeds the unique suffix of every resource name and the azd-env-name tag.')
param environmentName string

@description('Azure region for all resources; must offer the Flex Consumption plan.')
param location string = resourceGroup().location

@description('Service Bus tier: Standard (256 KiB messages) or Premium (1 MiB by default, up to 100 MiB).')
@allowed([
  'Standard'
  'Premium'
])
param serviceBusSku string = 'Standard'

@description('Premium only: messaging units.')
@allowed([
  1
  2
  4
  8
  16
])
param serviceBusPremiumMessagingUnits int = 1

@description('Premium only: largest message on the snapshots queue, in KiB.')
@minValue(1024)
@maxValue(102400)
param serviceBusPremiumMaxMessageSizeInKilobytes int = 1024

@description('Name of the queue the collectors send snapshots to.')
@minLength(1)
@maxLength(260)
param snapshotQueueName string = 'snapshots'

@description('Peek-lock duration of the snapshots queue (ISO 8601, at most PT5M).')
param queueLockDuration string = 'PT5M'

@description('Deliveries before a snapshot message is dead-lettered (transient failures are retried by redelivery).')
@minValue(1)
@maxValue(2000)
param queueMaxDeliveryCount int = 10

@description('Duplicate detection window of the snapshots queue, in seconds (20 s to 7 days). Collectors and the webhook send a snapshot with its snapshotId as MessageId, so a snapshot re-sent within the window is dropped; dead-letter replay keeps a message\'s id once the window has passed (the app reads it as Assessment__DuplicateDetectionWindowSeconds). Duplicate detection itself cannot be switched off after the queue exists.')
@minValue(20)
@maxValue(604800)
param queueDuplicateDetectionWindowSeconds int = 3600

@description('Time to live of a snapshot message (ISO 8601); expired messages go to the dead-letter queue.')
param queueMessageTimeToLive string = 'P14D'

@description('Queue size in MB (Standard: 1024-5120; Premium: up to 81920).')
@minValue(1024)
@maxValue(81920)
param queueMaxSizeInMegabytes int = 1024

@description('Allow SAS (local) authentication on the Service Bus namespace and create a send-only authorization rule on the snapshots queue, for collectors that post straight to the queue with a SAS key. Off by default: the namespace then accepts Entra ID only. The rule\'s keys are never output.')
param allowCollectorSasSend bool = false

@description('Name of the send-only authorization rule (only with allowCollectorSasSend).')
param collectorSendRuleName string = 'collector-send'

@description('Largest snapshot (decompressed JSON) the app accepts, in bytes (Assessment__SnapshotMaxBytes; the app\'s own default is 32 MiB and it accepts 64 KiB to 256 MiB).')
@minValue(65536)
@maxValue(268435456)
param snapshotMaxBytes int = 33554432

@description('Flex Consumption: maximum instances.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Flex Consumption: memory per instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Log Analytics retention in days.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

var resourceToken = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
  application: 'vmmassess'
}
var functionAppName = 'func-vmmassess-${resourceToken}'
var applicationInsightsName = 'appi-vmmassess-${resourceToken}'

resource appIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: 'id-vmmassess-${resourceToken}'
  location: location
  tags: tags
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'vmmassess-monitoring'
  params: {
    location: location
    tags: tags
    logAnalyticsName: 'log-vmmassess-${resourceToken}'
    applicationInsightsName: applicationInsightsName
    retentionInDays: logRetentionInDays
    appPrincipalId: appIdentity.properties.principalId
    appIdentityResourceId: appIdentity.id
  }
}

module storage 'modules/storage.bicep' = {
  name: 'vmmassess-storage'
  params: {
    location: location
    tags: tags
    storageAccountName: 'stvmm${resourceToken}'
    deploymentContainerName: 'app-package'
    appPrincipalId: appIdentity.properties.principalId
    appIdentityResourceId: appIdentity.id
  }
}

module serviceBus 'modules/servicebus.bicep' = {
  name: 'vmmassess-servicebus'
  params: {
    location: location
    tags: tags
    namespaceName: 'sb-vmmassess-${resourceToken}'
    sku: serviceBusSku
    premiumMessagingUnits: serviceBusPremiumMessagingUnits
    premiumMaxMessageSizeInKilobytes: serviceBusPremiumMaxMessageSizeInKilobytes
    queueName: snapshotQueueName
    lockDuration: queueLockDuration
    maxDeliveryCount: queueMaxDeliveryCount
    duplicateDetectionHistoryTimeWindow: 'PT${queueDuplicateDetectionWindowSeconds}S'
    defaultMessageTimeToLive: queueMessageTimeToLive
    maxSizeInMegabytes: queueMaxSizeInMegabytes
    allowCollectorSasSend: allowCollectorSasSend
    collectorSendRuleName: collectorSendRuleName
    appPrincipalId: appIdentity.properties.principalId
    appIdentityResourceId: appIdentity.id
  }
}

// Depends on the storage, Service Bus and monitoring modules (through the outputs it reads, and
// explicitly on monitoring, whose component it reads by a name known up front so What-If stays
// precise), i.e. on all role assignments, so the host starts with the access it needs.
module functionApp 'modules/functionapp.bicep' = {
  name: 'vmmassess-functionapp'
  dependsOn: [
    monitoring
  ]
  params: {
    location: location
    tags: tags
    azdServiceName: 'api'
    planName: 'plan-vmmassess-${resourceToken}'
    appName: functionAppName
    identityResourceId: appIdentity.id
    identityClientId: appIdentity.properties.clientId
    storageAccountName: storage.outputs.name
    blobEndpoint: storage.outputs.blobEndpoint
    tableEndpoint: storage.outputs.tableEndpoint
    deploymentContainerName: storage.outputs.deploymentContainerName
    applicationInsightsName: applicationInsightsName
    serviceBusFullyQualifiedNamespace: serviceBus.outputs.fullyQualifiedNamespace
    snapshotQueueName: serviceBus.outputs.queueName
    maxMessageBytes: serviceBus.outputs.maxMessageBytes
    snapshotMaxBytes: snapshotMaxBytes
    duplicateDetectionWindowSeconds: queueDuplicateDetectionWindowSeconds
    dotnetVersion: '10.0'
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
  }
}

@description('Base URL of the Function App, e.g. https://func-vmmassess-xxxx.azurewebsites.net.')
output functionAppUrl string = functionApp.outputs.url

@description('Function App name (for az functionapp keys list and deployments).')
output functionAppName string = functionApp.outputs.name

@description('Fully qualified Service Bus namespace the collectors send to, e.g. sb-vmmassess-xxxx.servicebus.windows.net.')
output serviceBusFullyQualifiedNamespace string = serviceBus.outputs.fullyQualifiedNamespace

@description('Service Bus namespace name.')
output serviceBusNamespaceName string = serviceBus.outputs.namespaceName

@description('Snapshots queue name.')
output snapshotQueueName string = serviceBus.outputs.queueName

@description('Storage account name (tables, host storage, deployment container).')
output storageAccountName string = storage.outputs.name
