// Service Bus namespace + the snapshots queue the app's webhook puts collectors' snapshots on. Local (SAS)
// authentication is always disabled: no key of any kind (RootManageSharedAccessKey included) works on
// this namespace; only Entra ID does.

@description('Azure region.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Service Bus namespace name.')
@minLength(6)
@maxLength(50)
param namespaceName string

@description('Service Bus tier. Premium gives larger messages, isolation and predictable latency.')
@allowed([
  'Standard'
  'Premium'
])
param sku string

@description('Messaging units (Premium only).')
@allowed([
  1
  2
  4
  8
  16
])
param premiumMessagingUnits int

@description('Largest message the queue accepts on Premium, in KiB (Standard is fixed at 256 KiB).')
@minValue(1024)
@maxValue(102400)
param premiumMaxMessageSizeInKilobytes int

@description('Queue the collectors send snapshots to.')
@minLength(1)
@maxLength(260)
param queueName string

@description('Peek-lock duration (ISO 8601, at most PT5M).')
param lockDuration string

@description('Deliveries before a message is dead-lettered.')
@minValue(1)
@maxValue(2000)
param maxDeliveryCount int

@description('Duplicate detection history window (ISO 8601, PT20S to P7D). Collectors set MessageId = snapshotId.')
param duplicateDetectionHistoryTimeWindow string

@description('Message time to live (ISO 8601); expired messages are dead-lettered.')
param defaultMessageTimeToLive string

@description('Queue size in MB: 1-5 GB in whole GB (the queue is not partitioned).')
@allowed([
  1024
  2048
  3072
  4096
  5120
])
param maxSizeInMegabytes int

@description('Private networking: refuse public network access (the app comes in through a private endpoint; Premium only).')
param privateNetworking bool

@description('Log Analytics workspace the diagnostic settings send to.')
param logAnalyticsWorkspaceId string

var isPremium = sku == 'Premium'

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: namespaceName
  location: location
  tags: tags
  sku: {
    name: sku
    tier: sku
    capacity: isPremium ? premiumMessagingUnits : null
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: privateNetworking ? 'Disabled' : 'Enabled'
  }
}

resource queue 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' = {
  parent: namespace
  name: queueName
  properties: {
    lockDuration: lockDuration
    maxDeliveryCount: maxDeliveryCount
    deadLetteringOnMessageExpiration: true
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: duplicateDetectionHistoryTimeWindow
    defaultMessageTimeToLive: defaultMessageTimeToLive
    maxSizeInMegabytes: maxSizeInMegabytes
    maxMessageSizeInKilobytes: isPremium ? premiumMaxMessageSizeInKilobytes : null
    requiresSession: false
    enablePartitioning: false
    enableBatchedOperations: true
  }
}

// Diagnostic settings: operational and runtime logs and metrics of the namespace.
resource namespaceDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: namespace
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

@description('Service Bus namespace name.')
output namespaceName string = namespace.name

@description('Service Bus namespace resource id (private endpoint).')
output id string = namespace.id

@description('Fully qualified namespace (host name only, no scheme or port), e.g. <name>.servicebus.windows.net.')
output fullyQualifiedNamespace string = split(split(replace(namespace.properties.serviceBusEndpoint, 'https://', ''), '/')[0], ':')[0]

@description('Queue name.')
output queueName string = queue.name

@description('Largest message the queue accepts, in bytes (what the app enforces as Assessment__MaxMessageBytes).')
output maxMessageBytes int = isPremium ? premiumMaxMessageSizeInKilobytes * 1024 : 256 * 1024
