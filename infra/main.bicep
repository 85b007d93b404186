// ConnectionStatusFunctions in one resource group: storage (tables, queues, deployment container),
// a Flex Consumption plan and a Linux function app on the .NET 10 isolated worker with a
// system-assigned identity, identity-based storage connections (no account key anywhere), and
// Application Insights on a Log Analytics workspace, and a Key Vault for webhook signing secrets. See infra/README.md.

targetScope = 'resourceGroup'

@description('Prefix of every resource name: 3-11 lower-case letters and digits.')
@minLength(3)
@maxLength(11)
param name string

@description('Region of every resource.')
param location string = resourceGroup().location

@description('When the probe timer distributes probe requests (NCRONTAB with seconds).')
param probeSchedule string = '0 * * * * *'

@description('The failure-report queue; its poison queue is this name + "-poison".')
@minLength(3)
@maxLength(56)
param failureQueueName string = 'connection-failure-reports'

@description('The probe-request queue the timer fills and the ProbeTenant function drains; its poison queue is this name + "-poison".')
@minLength(3)
@maxLength(56)
param probeQueueName string = 'connection-probe-requests'

@description('The dispatch-request queue: each names a tenant whose outbox the DispatchEvents function publishes; its poison queue is this name + "-poison".')
@minLength(3)
@maxLength(56)
param dispatchQueueName string = 'connection-status-dispatch'

@description('The tenant deletion queue: each names a deleted tenant whose rows the DeleteTenantRows function removes; its poison queue is this name + "-poison".')
@minLength(3)
@maxLength(56)
param tenantDeletionQueueName string = 'connection-status-tenant-deletions'

@description('The events queue: one CloudEvents JSON message per status-change or flapping event, for any consumer (docs/events.md).')
@minLength(3)
@maxLength(56)
param eventsQueueName string = 'connection-status-events'

@description('Health URL template per channel, e.g. { line: \'https://connector.example/health/{tenantId}/{channelAccountId}\' }. Channels without one are not probed.')
param probeUrls object = {}

@description('API keys by hash: { keys: [ { name, sha256, role, tenants: [ ... ] } ] }. Only SHA-256 hashes, never keys.')
@secure()
param apiKeys object

@description('Largest number of instances Flex Consumption may scale out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

var suffix = uniqueString(resourceGroup().id, name)
var storageName = take('${name}${suffix}', 24)
var deploymentContainer = 'app-package'
var tables = [
  'ConnectionStatus'
  'Tenants'
  'ChannelHealth'
  'WebhookSubscriptions'
]
var queues = [
  failureQueueName
  '${failureQueueName}-poison'
  probeQueueName
  '${probeQueueName}-poison'
  dispatchQueueName
  '${dispatchQueueName}-poison'
  tenantDeletionQueueName
  '${tenantDeletionQueueName}-poison'
  eventsQueueName
]

// Built-in data roles, scoped to the one storage account and nothing broader.
var roles = {
  blobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  queueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  tableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageName
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    defaultToOAuthAuthentication: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource packageContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainer
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource queueResources 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [for queue in queues: {
  parent: queueService
  name: queue
}]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource tableResources 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = [for table in tables: {
  parent: tableService
  name: table
}]

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${name}-logs-${suffix}'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${name}-insights-${suffix}'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
  }
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: '${name}-plan-${suffix}'
  location: location
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

// App settings the service reads (infra/README.md lists them all); the storage connection is by identity.
var baseSettings = [
  { name: 'AzureWebJobsStorage__accountName', value: storage.name }
  { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
  { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
  { name: 'ProbeSchedule', value: probeSchedule }
  { name: 'FailureQueueName', value: failureQueueName }
  { name: 'ProbeQueueName', value: probeQueueName }
  { name: 'DispatchQueueName', value: dispatchQueueName }
  { name: 'TenantDeletionQueueName', value: tenantDeletionQueueName }
  { name: 'EventsQueueName', value: eventsQueueName }
  { name: 'Webhooks__KeyVaultUri', value: vault.properties.vaultUri }
  // The routes are unprefixed so that the status page is at /status; the host's own home page would answer / instead of SiteRoot.
  { name: 'AzureWebJobsDisableHomepage', value: 'true' }
]
var probeUrlSettings = [for url in items(probeUrls): { name: 'Probes__Urls__${url.key}', value: url.value }]
var keys = apiKeys.keys
var keySettings = flatten(map(range(0, length(keys)), i => concat(
  [
    { name: 'ApiKeys__Keys__${i}__Name', value: keys[i].name }
    { name: 'ApiKeys__Keys__${i}__Sha256', value: keys[i].sha256 }
    { name: 'ApiKeys__Keys__${i}__Role', value: keys[i].role }
  ],
  map(range(0, length(keys[i].tenants)), j => { name: 'ApiKeys__Keys__${i}__Tenants__${j}', value: keys[i].tenants[j] })
)))

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: '${name}-func-${suffix}'
  location: location
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: concat(baseSettings, probeUrlSettings, keySettings)
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainer}'
          authentication: {
            type: 'SystemAssignedIdentity'
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: 2048
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
  dependsOn: [
    packageContainer
  ]
}

resource roleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in items(roles): {
  name: guid(storage.id, functionApp.id, role.value)
  scope: storage
  properties: {
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role.value)
  }
}]

// One secret per webhook subscription (its signing secret), reached with the app's identity: access by
// Azure RBAC, not access policies, and the app may set, read and delete secrets of this vault only.
resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: take('${name}kv${suffix}', 24)
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
  }
}

// Key Vault Secrets Officer: the app creates a secret per subscription, reads it to sign, deletes it with the subscription.
var keyVaultSecretsOfficer = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'

resource vaultRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, functionApp.id, keyVaultSecretsOfficer)
  scope: vault
  properties: {
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsOfficer)
  }
}

@description('The function app, to publish to.')
output functionAppName string = functionApp.name

@description('Where the API answers: <url>/api/...')
output functionAppUrl string = 'https://${functionApp.properties.defaultHostName}'

@description('The storage account (tables, queues, deployment package).')
output storageAccountName string = storage.name
