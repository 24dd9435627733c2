// Private mode: the app in a virtual network, storage and Service Bus (Premium) reachable only through
// private endpoints. infra/check.sh builds and lints it; tests/VmmAssess.Infra.Tests deploys it offline.
//   az deployment group create -g <rg> -f infra/main.bicep -p infra/params/private.bicepparam
// With azd: azd env set VMMASSESS_VNET_ENABLED true; azd env set VMMASSESS_SERVICEBUS_SKU Premium
using '../main.bicep'

param environmentName = 'prod'
param vnetEnabled = true
param serviceBusSku = 'Premium'
param vnetAddressPrefix = '10.0.0.0/16'
param apiAudience = 'api://vmmassess-prod'
