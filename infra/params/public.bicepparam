// Public mode (the default): what `azd up` deploys with no VMMASSESS_* settings. infra/check.sh builds and
// lints it; tests/VmmAssess.Infra.Tests deploys it offline.
//   az deployment group create -g <rg> -f infra/main.bicep -p infra/params/public.bicepparam
using '../main.bicep'

param environmentName = 'prod'
// The API's application ID URI (docs/security.md: the app registration).
param apiAudience = 'api://vmmassess-prod'
