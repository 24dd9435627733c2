// Every role assignment of the app's managed identity, each at the narrowest scope that works.
//
// The assignment names are guid(scope, principal id, role): an identity that is deleted and re-created
// (same resource id, new principal) gets new assignments instead of failing the redeploy with
// RoleAssignmentUpdateNotPermitted (same name, different principal). The principal id is only known once
// the identity exists, so What-If cannot predict these names before the first deployment; keeping the
// assignments in this module of their own confines that to the assignments (the storage, Service Bus and
// monitoring modules stay fully predictable).

@description('Principal (object) id of the Function App\'s managed identity.')
param appPrincipalId string

@description('Storage account of the app\'s tables, the host storage and the deployment container.')
param storageAccountName string

@description('Service Bus namespace of the snapshots queue.')
param serviceBusNamespaceName string

@description('Snapshots queue (internal).')
param snapshotQueueName string

@description('Inbox queue of direct-to-queue collectors.')
param inboxQueueName string

@description('Notification queue (webhook events and deliveries).')
param notificationQueueName string

@description('Application Insights component.')
param applicationInsightsName string

// Storage Blob Data Owner: the Functions host's minimum for identity-based AzureWebJobsStorage (it creates
// containers and reads/writes blobs for locks, keys, timers) and the Flex deployment package.
var storageBlobDataOwnerRoleId = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
// Storage Table Data Contributor: the app's tables; also lets the host persist diagnostic events through
// AzureWebJobsStorage. (Queue access on host storage is needed only for blob triggers and Durable Functions.)
var storageTableDataContributorRoleId = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
// Azure Service Bus Data Owner, assigned on the QUEUE only (not the namespace). The app itself needs only
// Receive (the trigger, the dead-letter list and replay) and Send (the webhook, re-runs, replay); Data Owner
// adds Manage on this one queue, which the Functions scale controller needs to read the queue's length
// (GetQueueRuntimePropertiesAsync). With Receive alone, target-based scaling falls back to incremental
// scaling ("With Listen rights scaling reverts to incremental scale", functions-target-based-scaling.md).
// Microsoft's Flex + Service Bus samples grant Data Owner on the whole namespace; the queue scope keeps every
// other entity out of reach. Data Owner includes Receive and Send, so no separate Receiver/Sender grant.
var serviceBusDataOwnerRoleId = '090c5cfd-751d-490a-894a-3ce6f1109419'
// Azure Service Bus Data Receiver on the inbox queue only: the app receives collectors' signed messages there and
// never sends to it. Without Manage the scale controller cannot read this queue's length, so the inbox trigger
// scales incrementally; direct-to-queue collectors send a few snapshots a day, and least privilege wins here.
var serviceBusDataReceiverRoleId = '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'

// Monitoring Metrics Publisher: send telemetry with Entra ID (local auth is disabled on the component).
var monitoringMetricsPublisherRoleId = '3913510d-42f4-4e42-8a64-420c390055eb'

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' existing = {
  name: serviceBusNamespaceName
}

resource queue 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' existing = {
  parent: namespace
  name: snapshotQueueName
}

resource inboxQueue 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' existing = {
  parent: namespace
  name: inboxQueueName
}

resource notificationQueue 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' existing = {
  parent: namespace
  name: notificationQueueName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource appBlobDataOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, appPrincipalId, storageBlobDataOwnerRoleId)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataOwnerRoleId)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    description: 'VmmAssess Function App: Functions host storage (AzureWebJobsStorage) and the Flex Consumption deployment container.'
  }
}

resource appTableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, appPrincipalId, storageTableDataContributorRoleId)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageTableDataContributorRoleId)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    description: 'VmmAssess Function App: assessment tables (TableStorage connection).'
  }
}

resource appQueueDataOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(queue.id, appPrincipalId, serviceBusDataOwnerRoleId)
  scope: queue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', serviceBusDataOwnerRoleId)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    description: 'VmmAssess Function App: ProcessSnapshot receives, the webhook sends, and the scale controller reads the queue length (Manage) - on this queue only.'
  }
}

resource appInboxDataReceiver 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(inboxQueue.id, appPrincipalId, serviceBusDataReceiverRoleId)
  scope: inboxQueue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', serviceBusDataReceiverRoleId)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    description: 'VmmAssess Function App: receives direct-to-queue collectors\' signed messages from the inbox queue - on this queue only.'
  }
}

// The notification queue: the app sends events and (scheduled) retries and receives them; Data Owner for the same
// reason as the snapshots queue (the scale controller reads its length), on this queue only.
resource appNotificationQueueDataOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(notificationQueue.id, appPrincipalId, serviceBusDataOwnerRoleId)
  scope: notificationQueue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', serviceBusDataOwnerRoleId)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    description: 'VmmAssess Function App: publishes webhook events, schedules retries, DeliverNotification receives, and the scale controller reads the queue length (Manage) - on this queue only.'
  }
}

resource appMetricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, appPrincipalId, monitoringMetricsPublisherRoleId)
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisherRoleId)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    description: 'VmmAssess Function App: send telemetry to Application Insights with Entra ID (local auth is disabled).'
  }
}
