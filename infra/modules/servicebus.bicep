// Service Bus namespace + the internal snapshots queue (the app's webhook and re-runs put snapshots on it; only
// the app's identity can use it) + the collectors' inbox queue (direct-to-queue collectors send signed messages
// there; the app verifies each one before it is assessed).
//
// Local (SAS) authentication is disabled unless collectorInboxEnabled: then no key of any kind works on this
// namespace (RootManageSharedAccessKey included), only Entra ID does. collectorInboxEnabled needs local auth for
// the inbox queue's Send-only rule `collector-send`, and Service Bus switches local auth for the whole namespace,
// not per entity: with it on, the namespace's own RootManageSharedAccessKey (Manage, Send, Listen on every
// entity, the internal queue included) works again for anyone who can read it, i.e. anyone with
// Microsoft.ServiceBus/namespaces/authorizationRules/listKeys/action on the namespace (Owner, Contributor). The
// app itself still uses only its identity, and collectors' keys can do no more than send to the inbox.

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

@description('The internal snapshots queue (only the app\'s identity sends to and receives from it).')
@minLength(1)
@maxLength(260)
param queueName string

@description('The inbox queue direct-to-queue collectors send signed snapshot messages to.')
@minLength(1)
@maxLength(260)
param inboxQueueName string

@description('The notification queue (webhook events and their deliveries, scheduled retries; only the app\'s identity uses it).')
@minLength(1)
@maxLength(260)
param notificationQueueName string

@description('Direct-to-queue collectors: a Send-only SAS rule `collector-send` on the inbox queue, which needs local (SAS) authentication on the namespace (see the top of this file).')
param collectorInboxEnabled bool

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
    disableLocalAuth: !collectorInboxEnabled
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

// Always there, so the app's inbox trigger always has its queue; nobody can send to it until collectorInboxEnabled
// adds the rule below (or an Entra principal is given a Sender role on it). Same delivery settings as the internal
// queue: messages carry the snapshot id as MessageId, too.
resource inboxQueue 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' = {
  parent: namespace
  name: inboxQueueName
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

// Webhook notifications (docs/notifications.md): one event message per event, fanned out into one delivery message
// per subscription; a failed delivery schedules its next attempt (exponential backoff over about 24.5 hours).
// Duplicate detection drops a republished event or a twice-scheduled retry (same message id). Five deliveries:
// a message is redelivered only when the app failed (storage, a crash) or the last attempt failed, and that one
// must reach the dead-letter queue quickly. Messages live 7 days: longer than the whole retry schedule.
resource notificationQueue 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' = {
  parent: namespace
  name: notificationQueueName
  properties: {
    lockDuration: lockDuration
    maxDeliveryCount: 5
    deadLetteringOnMessageExpiration: true
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: duplicateDetectionHistoryTimeWindow
    defaultMessageTimeToLive: 'P7D'
    maxSizeInMegabytes: 1024
    requiresSession: false
    enablePartitioning: false
    enableBatchedOperations: true
  }
}

// Entity-level and Send-only: a collector holding this key can put messages on the inbox queue and do nothing
// else (not receive, not manage, not reach the internal queue). The key proves nothing about the tenant: each
// message must carry the collector key's HMAC signature (docs/security.md), which the app checks.
resource collectorSendRule 'Microsoft.ServiceBus/namespaces/queues/authorizationRules@2024-01-01' = if (collectorInboxEnabled) {
  parent: inboxQueue
  name: 'collector-send'
  properties: {
    rights: [
      'Send'
    ]
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

@description('Internal snapshots queue name.')
output queueName string = queue.name

@description('Inbox queue name (direct-to-queue collectors).')
output inboxQueueName string = inboxQueue.name

@description('Notification queue name (webhook events and deliveries).')
output notificationQueueName string = notificationQueue.name

@description('Largest message the queue accepts, in bytes (what the app enforces as Assessment__MaxMessageBytes).')
output maxMessageBytes int = isPremium ? premiumMaxMessageSizeInKilobytes * 1024 : 256 * 1024
