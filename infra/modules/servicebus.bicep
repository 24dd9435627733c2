// Service Bus namespace + the snapshots queue that on-premises collectors (directly, or through the
// app's webhook) put snapshots on. Local (SAS) authentication is disabled unless the operator
// explicitly allows the collector's send-only SAS rule for sites that post straight to the queue.

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

@description('Queue size in MB (Standard: 1024-5120; Premium: up to 81920).')
@minValue(1024)
@maxValue(81920)
param maxSizeInMegabytes int

@description('Allow SAS (local) authentication and create a send-only authorization rule on the queue for collectors that post straight to the queue. Off by default: everything uses Entra ID.')
param allowCollectorSasSend bool

@description('Name of the send-only authorization rule on the queue (created only when allowCollectorSasSend is true).')
param collectorSendRuleName string

@description('Principal (object) id of the Function App\'s managed identity.')
param appPrincipalId string

@description('Resource id of the Function App\'s managed identity; keeps role assignment names stable.')
param appIdentityResourceId string

// Built-in roles, assigned on the QUEUE (not the namespace).
var serviceBusDataReceiverRoleId = '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'
var serviceBusDataSenderRoleId = '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'

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
    disableLocalAuth: !allowCollectorSasSend
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
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

// Send-only SAS rule for collectors that cannot use Entra ID and post straight to the queue.
// Its keys are never output: an operator reads them with
// `az servicebus queue authorization-rule keys list` and hands them to the collector.
resource collectorSendRule 'Microsoft.ServiceBus/namespaces/queues/authorizationRules@2024-01-01' = if (allowCollectorSasSend) {
  parent: queue
  name: collectorSendRuleName
  properties: {
    rights: [
      'Send'
    ]
  }
}

resource appQueueReceiver 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(queue.id, appIdentityResourceId, serviceBusDataReceiverRoleId)
  scope: queue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', serviceBusDataReceiverRoleId)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    description: 'VmmAssess Function App: ProcessSnapshot trigger receives snapshots from the queue.'
  }
}

resource appQueueSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(queue.id, appIdentityResourceId, serviceBusDataSenderRoleId)
  scope: queue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', serviceBusDataSenderRoleId)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    description: 'VmmAssess Function App: the snapshot webhook enqueues snapshots posted over HTTPS.'
  }
}

@description('Service Bus namespace name.')
output namespaceName string = namespace.name

@description('Fully qualified namespace (host name only, no scheme or port), e.g. <name>.servicebus.windows.net.')
output fullyQualifiedNamespace string = split(split(replace(namespace.properties.serviceBusEndpoint, 'https://', ''), '/')[0], ':')[0]

@description('Queue name.')
output queueName string = queue.name

@description('Largest message the queue accepts, in bytes (what the app enforces as Assessment__MaxMessageBytes).')
output maxMessageBytes int = isPremium ? premiumMaxMessageSizeInKilobytes * 1024 : 256 * 1024
