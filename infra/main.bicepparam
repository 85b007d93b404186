using 'main.bicep'

// An example deployment: replace the name, the probe URL and the key hashes with your own.
// A key's hash: printf '%s' "$KEY" | sha256sum
param name = 'connstatus'
param probeSchedule = '0 * * * * *'
param failureQueueName = 'connection-failure-reports'
param probeQueueName = 'connection-probe-requests'
param probeUrls = {
  line: 'https://line-connector.example.com/health/{tenantId}/{channelAccountId}'
}
param apiKeys = {
  keys: [
    {
      name: 'line-connector'
      sha256: readEnvironmentVariable('CONNECTOR_KEY_SHA256', '0000000000000000000000000000000000000000000000000000000000000000')
      role: 'connector'
      tenants: [ '*' ]
    }
    {
      name: 'support'
      sha256: readEnvironmentVariable('SUPPORT_KEY_SHA256', '0000000000000000000000000000000000000000000000000000000000000000')
      role: 'support'
      tenants: [ '*' ]
    }
  ]
}
