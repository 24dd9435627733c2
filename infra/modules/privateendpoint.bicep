// One private endpoint (vnetEnabled) with its private DNS zone, linked to the virtual network, so the app
// resolves the resource's public host name to the endpoint's private address.

@description('Azure region of the endpoint.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Private endpoint name.')
param name string

@description('Subnet the endpoint gets its address in.')
param subnetId string

@description('Virtual network the DNS zone is linked to.')
param vnetId string

@description('Resource the endpoint connects to.')
param targetResourceId string

@description('Sub-resource (group id) of the target, e.g. blob, queue, table, namespace.')
param groupId string

@description('Private DNS zone of that sub-resource, e.g. privatelink.blob.core.windows.net.')
param privateDnsZoneName string

resource privateDnsZone 'Microsoft.Network/privateDnsZones@2024-06-01' = {
  name: privateDnsZoneName
  location: 'global'
  tags: tags
}

resource vnetLink 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = {
  parent: privateDnsZone
  name: 'vnet'
  location: 'global'
  tags: tags
  properties: {
    registrationEnabled: false
    virtualNetwork: {
      id: vnetId
    }
  }
}

resource privateEndpoint 'Microsoft.Network/privateEndpoints@2024-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    subnet: {
      id: subnetId
    }
    privateLinkServiceConnections: [
      {
        name: name
        properties: {
          privateLinkServiceId: targetResourceId
          groupIds: [
            groupId
          ]
        }
      }
    ]
  }
}

resource dnsZoneGroup 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2024-05-01' = {
  parent: privateEndpoint
  name: 'default'
  properties: {
    privateDnsZoneConfigs: [
      {
        name: replace(privateDnsZoneName, '.', '-')
        properties: {
          privateDnsZoneId: privateDnsZone.id
        }
      }
    ]
  }
}

@description('Private endpoint resource id.')
output id string = privateEndpoint.id
