// VmmAssess: the whole Azure footprint of the Functions app, deployed into one resource group.
//
//   az deployment group create -g <rg> -f infra/main.bicep -p environmentName=<name>
//   azd up            (azure.yaml at the repository root; parameters from main.parameters.json)
//
// Identity: one user-assigned managed identity (UAMI) that the Function App runs as. It exists
// before the app, so its role assignments are in place (and replicated) before the Functions host
// first starts and before the first package is deployed to the Flex deployment container; it also
// survives re-creating the app. Every connection names it explicitly (__credential + __clientId).
// No shared keys, SAS keys or connection strings with secrets are created, set or output; the one exception is
// opt-in: collectorInboxEnabled creates the Send-only SAS rule collector-send on the inbox queue and turns the
// namespace's local auth on (modules/servicebus.bicep says what that costs). No key is ever read or output.

targetScope = 'resourceGroup'

@minLength(1)
@maxLength(64)
@description('Environment name (azd environment). Seeds the unique suffix of every resource name and the azd-env-name tag.')
param environmentName string

// No entry in main.parameters.json: an azd environment without AZURE_LOCATION would pass '' (azd substitutes
// an empty value instead of prompting when a parameter has a default), so the resource group's region
// applies; azd creates the group in AZURE_LOCATION. The metadata is azd's convention for location parameters.
@metadata({ azd: { type: 'location' } })
@minLength(1)
@description('Azure region for all resources; must offer the Flex Consumption plan. Defaults to the resource group\'s region.')
param location string = resourceGroup().location

@description('Service Bus tier: Standard (256 KiB messages) or Premium (1 MiB by default, up to 100 MiB). vnetEnabled needs Premium (Standard has no private endpoints).')
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

// The queue is not partitioned, so Service Bus takes 1-5 GB in whole GB on both tiers (80 GB needs partitioning).
@description('Queue size in MB: 1, 2, 3, 4 or 5 GB (the queue is not partitioned).')
@allowed([
  1024
  2048
  3072
  4096
  5120
])
param queueMaxSizeInMegabytes int = 1024

@description('Largest snapshot (decompressed JSON) the app accepts, in bytes (Assessment__SnapshotMaxBytes; the app\'s own default is 8 MiB and it accepts 64 KiB to 256 MiB).')
@minValue(65536)
@maxValue(268435456)
param snapshotMaxBytes int = 8388608

@description('Flex Consumption: maximum instances (40-1000, the range the plan accepts).')
@minValue(40)
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

@description('Private networking: the app reaches storage and Service Bus only through a virtual network (Flex VNet integration + private endpoints), and both refuse public network access. Needs serviceBusSku=Premium. The webhook itself stays reachable over HTTPS with a collector key, so collectors outside the network can still post.')
param vnetEnabled bool = false

@description('Address space of the virtual network (vnetEnabled only). The app subnet is its first /24, the private-endpoint subnet its second.')
param vnetAddressPrefix string = '10.0.0.0/16'

// Caller authentication (docs/security.md). The app validates Entra access tokens itself; these say whose.
@description('Microsoft Entra tenant (GUID) whose access tokens the API accepts (Auth__EntraTenantId): the MSP\'s own tenant, where the API\'s app registration lives. Empty or absent: the tenant of the deployment.')
param entraTenantId string = tenant().tenantId

@description('The API\'s audience (Auth__Audience): the application ID URI (e.g. api://vmmassess-prod) or the client id of the API\'s Entra app registration. Access tokens for any other audience are refused. Required (azd: VMMASSESS_API_AUDIENCE).')
@minLength(1)
param apiAudience string

@description('App Service Authentication (Easy Auth) with the Entra provider, for browser sessions (Auth__EasyAuthEnabled=true). It never blocks a request: the app still decides every route. Needs easyAuthClientId.')
param easyAuthEnabled bool = false

@description('easyAuthEnabled only: application (client) id of the API\'s Entra app registration (Easy Auth\'s Entra provider).')
param easyAuthClientId string = ''

@description('Direct-to-queue collectors: a Send-only SAS rule `collector-send` on the inbox queue. Turns local (SAS) authentication on for the whole Service Bus namespace, so RootManageSharedAccessKey works again (docs/deploy.md, "Direct-to-queue collectors"). Off: collectors post to the webhook with a collector key, and no key of any kind works on the namespace.')
param collectorInboxEnabled bool = false

@description('Name of the inbox queue direct-to-queue collectors send signed messages to (SnapshotInboxQueueName).')
@minLength(1)
@maxLength(260)
param snapshotInboxQueueName string = 'snapshots-inbox'

@description('Name of the queue that carries webhook notification events and their deliveries (NotificationQueueName).')
@minLength(1)
@maxLength(260)
param notificationQueueName string = 'notifications'

var resourceToken = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
  application: 'vmmassess'
}
var functionAppName = 'func-vmmassess-${resourceToken}'
var applicationInsightsName = 'appi-vmmassess-${resourceToken}'
var storageAccountName = 'stvmm${resourceToken}'
var serviceBusNamespaceName = 'sb-vmmassess-${resourceToken}'

// Service Bus Standard has no private endpoints: a "private" deployment on Standard would leave the queue
// public. Refuse it up front, before anything is created.
var checkedServiceBusSku = vnetEnabled && serviceBusSku != 'Premium'
  ? fail('vnetEnabled=true needs serviceBusSku=Premium: Service Bus Standard has no private endpoints (set VMMASSESS_SERVICEBUS_SKU=Premium or serviceBusSku=Premium).')
  : serviceBusSku

// HTTP requests one instance works on at once (Flex scaleAndConcurrency.triggers.http.perInstanceConcurrency).
// Flex's default grows with instance memory (16 at 2048 MB) without knowing what a request costs. Here one
// webhook request may decompress a snapshot of up to snapshotMaxBytes (8 MiB by default, the app's own default) and parse it, which
// peaks at about 2.5x that in managed memory (20 MiB; the webhook measured 3.9x for a 5,000-host snapshot, docs/performance.md). The same instance also runs the Service Bus trigger on
// up to host.json's serviceBus.maxConcurrentCalls snapshots at once, at the same peak each, and the host and
// the worker need a baseline of their own (an estimate: about 384 MiB together). What is left, divided by the
// per-request peak, is the HTTP concurrency: 2048 MB -> (2048 - 384 - 8 x 80) / 80 = 12; 4096 MB -> 38; 512 MB
// cannot hold even the trigger's share, so 1 (and 512 MB is not recommended for snapshots that large). More
// requests than that queue at the front end and make the platform add instances instead of running out of memory.
var snapshotPeakMiB = (snapshotMaxBytes * 5 / 2 + 1048575) / 1048576
var hostAndWorkerBaselineMiB = 384
var serviceBusMaxConcurrentCalls = 8 // host.json extensions.serviceBus.maxConcurrentCalls (a test keeps them equal)
var httpMemoryBudgetMiB = instanceMemoryMB - hostAndWorkerBaselineMiB - serviceBusMaxConcurrentCalls * snapshotPeakMiB
var httpPerInstanceConcurrency = max(1, min(1000, httpMemoryBudgetMiB / snapshotPeakMiB))

// azd passes an unset VMMASSESS_ENTRA_TENANT_ID as '' rather than leaving the default: '' means the deployment's tenant.
var effectiveEntraTenantId = empty(entraTenantId) ? tenant().tenantId : entraTenantId
var checkedEasyAuthClientId = easyAuthEnabled && empty(easyAuthClientId)
  ? fail('easyAuthEnabled=true needs easyAuthClientId: the application (client) id of the API\'s Entra app registration (azd: VMMASSESS_EASY_AUTH_CLIENT_ID).')
  : easyAuthClientId

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
  }
}

module network 'modules/network.bicep' = if (vnetEnabled) {
  name: 'vmmassess-network'
  params: {
    location: location
    tags: tags
    vnetName: 'vnet-vmmassess-${resourceToken}'
    addressPrefix: vnetAddressPrefix
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
  }
}

module storage 'modules/storage.bicep' = {
  name: 'vmmassess-storage'
  params: {
    location: location
    tags: tags
    storageAccountName: storageAccountName
    deploymentContainerName: 'app-package'
    privateNetworking: vnetEnabled
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
  }
}

module serviceBus 'modules/servicebus.bicep' = {
  name: 'vmmassess-servicebus'
  params: {
    location: location
    tags: tags
    namespaceName: serviceBusNamespaceName
    sku: checkedServiceBusSku
    premiumMessagingUnits: serviceBusPremiumMessagingUnits
    premiumMaxMessageSizeInKilobytes: serviceBusPremiumMaxMessageSizeInKilobytes
    queueName: snapshotQueueName
    inboxQueueName: snapshotInboxQueueName
    notificationQueueName: notificationQueueName
    collectorInboxEnabled: collectorInboxEnabled
    lockDuration: queueLockDuration
    maxDeliveryCount: queueMaxDeliveryCount
    duplicateDetectionHistoryTimeWindow: 'PT${queueDuplicateDetectionWindowSeconds}S'
    defaultMessageTimeToLive: queueMessageTimeToLive
    maxSizeInMegabytes: queueMaxSizeInMegabytes
    privateNetworking: vnetEnabled
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
  }
}

// Names known up front (What-If stays precise for them); the dependencies make the resources exist first.
module roles 'modules/roles.bicep' = {
  name: 'vmmassess-roles'
  dependsOn: [
    monitoring
    storage
    serviceBus
  ]
  params: {
    // The assignment names are keyed on the principal id (see roles.bicep): What-If cannot predict them
    // before the identity exists, by design.
    #disable-next-line what-if-short-circuiting
    appPrincipalId: appIdentity.properties.principalId
    storageAccountName: storageAccountName
    serviceBusNamespaceName: serviceBusNamespaceName
    snapshotQueueName: snapshotQueueName
    inboxQueueName: snapshotInboxQueueName
    notificationQueueName: notificationQueueName
    applicationInsightsName: applicationInsightsName
  }
}

// Private endpoints (vnetEnabled): one per storage service the app and the Functions host use, and one for
// the Service Bus namespace, each with its private DNS zone linked to the virtual network.
module blobPrivateEndpoint 'modules/privateendpoint.bicep' = if (vnetEnabled) {
  name: 'vmmassess-pe-blob'
  params: {
    location: location
    tags: tags
    name: 'pe-blob-${resourceToken}'
    subnetId: network!.outputs.privateEndpointSubnetId
    vnetId: network!.outputs.vnetId
    targetResourceId: storage.outputs.id
    groupId: 'blob'
    privateDnsZoneName: 'privatelink.blob.${environment().suffixes.storage}'
  }
}

module queuePrivateEndpoint 'modules/privateendpoint.bicep' = if (vnetEnabled) {
  name: 'vmmassess-pe-queue'
  params: {
    location: location
    tags: tags
    name: 'pe-queue-${resourceToken}'
    subnetId: network!.outputs.privateEndpointSubnetId
    vnetId: network!.outputs.vnetId
    targetResourceId: storage.outputs.id
    groupId: 'queue'
    privateDnsZoneName: 'privatelink.queue.${environment().suffixes.storage}'
  }
}

module tablePrivateEndpoint 'modules/privateendpoint.bicep' = if (vnetEnabled) {
  name: 'vmmassess-pe-table'
  params: {
    location: location
    tags: tags
    name: 'pe-table-${resourceToken}'
    subnetId: network!.outputs.privateEndpointSubnetId
    vnetId: network!.outputs.vnetId
    targetResourceId: storage.outputs.id
    groupId: 'table'
    privateDnsZoneName: 'privatelink.table.${environment().suffixes.storage}'
  }
}

module serviceBusPrivateEndpoint 'modules/privateendpoint.bicep' = if (vnetEnabled) {
  name: 'vmmassess-pe-servicebus'
  params: {
    location: location
    tags: tags
    name: 'pe-sb-${resourceToken}'
    subnetId: network!.outputs.privateEndpointSubnetId
    vnetId: network!.outputs.vnetId
    targetResourceId: serviceBus.outputs.id
    groupId: 'namespace'
    // Azure public cloud; environment() has no Service Bus suffix (sovereign clouds use their own zone).
    privateDnsZoneName: 'privatelink.servicebus.windows.net'
  }
}

// Depends on the storage, Service Bus and monitoring modules through the outputs it reads (the
// Application Insights component it reads by a name known up front, so What-If stays precise), and
// explicitly on the role assignments, so the host starts with the access it needs (RBAC still takes a
// few minutes to propagate; docs/deploy.md); in private mode also on the private endpoints, so its first
// start already resolves storage and Service Bus privately.
module functionApp 'modules/functionapp.bicep' = {
  name: 'vmmassess-functionapp'
  dependsOn: [
    roles
    blobPrivateEndpoint
    queuePrivateEndpoint
    tablePrivateEndpoint
    serviceBusPrivateEndpoint
  ]
  params: {
    location: location
    tags: tags
    azdServiceName: 'api'
    planName: 'plan-vmmassess-${resourceToken}'
    appName: functionAppName
    identityResourceId: appIdentity.id
    identityClientId: appIdentity.properties.clientId
    blobEndpoint: storage.outputs.blobEndpoint
    queueEndpoint: storage.outputs.queueEndpoint
    tableEndpoint: storage.outputs.tableEndpoint
    deploymentContainerName: storage.outputs.deploymentContainerName
    applicationInsightsName: applicationInsightsName
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
    serviceBusFullyQualifiedNamespace: serviceBus.outputs.fullyQualifiedNamespace
    snapshotQueueName: serviceBus.outputs.queueName
    snapshotInboxQueueName: serviceBus.outputs.inboxQueueName
    notificationQueueName: serviceBus.outputs.notificationQueueName
    entraTenantId: effectiveEntraTenantId
    apiAudience: apiAudience
    easyAuthEnabled: easyAuthEnabled
    easyAuthClientId: checkedEasyAuthClientId
    openIdIssuer: '${environment().authentication.loginEndpoint}${effectiveEntraTenantId}/v2.0'
    maxMessageBytes: serviceBus.outputs.maxMessageBytes
    snapshotMaxBytes: snapshotMaxBytes
    duplicateDetectionWindowSeconds: queueDuplicateDetectionWindowSeconds
    dotnetVersion: '10.0'
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    httpPerInstanceConcurrency: httpPerInstanceConcurrency
    virtualNetworkSubnetId: vnetEnabled ? network!.outputs.appSubnetId : ''
  }
}

// Conventional azd outputs (what Microsoft's azd templates export; scripts and CI read them with
// `azd env get-value`). azd itself finds the app through its azd-service-name tag.
@description('Region of the deployment.')
output AZURE_LOCATION string = location

@description('Entra tenant of the deployment.')
output AZURE_TENANT_ID string = tenant().tenantId

@description('Function App name.')
output AZURE_FUNCTION_NAME string = functionApp.outputs.name

@description('Function App name of the azd service "api".')
output SERVICE_API_NAME string = functionApp.outputs.name

@description('Base URL of the azd service "api".')
output SERVICE_API_URI string = functionApp.outputs.url

@description('Base URL of the Function App, e.g. https://func-vmmassess-xxxx.azurewebsites.net.')
output functionAppUrl string = functionApp.outputs.url

@description('Function App name (for az functionapp keys list and deployments).')
output functionAppName string = functionApp.outputs.name

@description('Fully qualified Service Bus namespace, e.g. sb-vmmassess-xxxx.servicebus.windows.net.')
output serviceBusFullyQualifiedNamespace string = serviceBus.outputs.fullyQualifiedNamespace

@description('Service Bus namespace name.')
output serviceBusNamespaceName string = serviceBus.outputs.namespaceName

@description('Snapshots queue name.')
output snapshotQueueName string = serviceBus.outputs.queueName

@description('Inbox queue name of direct-to-queue collectors (they can send to it only when collectorInboxEnabled).')
output snapshotInboxQueueName string = serviceBus.outputs.inboxQueueName

@description('Notification queue name (webhook events and deliveries).')
output notificationQueueName string = serviceBus.outputs.notificationQueueName

@description('Storage account name (tables, host storage, deployment container).')
output storageAccountName string = storage.outputs.name

@description('HTTP requests one instance works on at once (derived from instanceMemoryMB and snapshotMaxBytes).')
output httpPerInstanceConcurrency int = httpPerInstanceConcurrency
