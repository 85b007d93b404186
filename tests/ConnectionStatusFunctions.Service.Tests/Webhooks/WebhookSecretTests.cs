using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using Azure.Security.KeyVault.Secrets;
using ConnectionStatusFunctions.Service.Webhooks;
using ConnectionStatusFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Moq;
using static ConnectionStatusFunctions.Testing.StatusApplication;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>Where signing secrets live: one Key Vault secret per subscription (through a mocked SecretClient), or in Development a ciphertext in the row.</summary>
public sealed class WebhookSecretTests(Azurite azurite) : IClassFixture<Azurite>
{
    private static Mock<SecretClient> Vault(Dictionary<string, string> kept)
    {
        var vault = new Mock<SecretClient>();
        vault.Setup(v => v.SetSecretAsync(It.IsAny<KeyVaultSecret>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((KeyVaultSecret secret, CancellationToken _) =>
            {
                kept[secret.Name] = secret.Value;
                return Response.FromValue(secret, Mock.Of<Response>());
            });
        vault.Setup(v => v.GetSecretAsync(It.IsAny<string>(), null, It.IsAny<CancellationToken>()))
            .ReturnsAsync((string name, string? _, CancellationToken _) => Response.FromValue(new KeyVaultSecret(name, kept[name]), Mock.Of<Response>()));
        vault.Setup(v => v.StartDeleteSecretAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string name, CancellationToken _) =>
            {
                kept.Remove(name);
                return Mock.Of<DeleteSecretOperation>();
            });
        return vault;
    }

    [Fact]
    public async Task WithAVaultEachSubscriptionsSecretIsAVaultSecretOfItsOwnAndTheRowNamesItOnly()
    {
        var kept = new Dictionary<string, string>();
        var vault = Vault(kept);
        using var app = new StatusApplication(
            azurite.ConnectionString,
            services => services.Replace(ServiceDescriptor.Singleton(vault.Object)),
            settings: new Dictionary<string, string?> { ["Webhooks:KeyVaultUri"] = "https://webhooks-test.vault.azure.net/" });

        var (id, secret) = await WebhookTesting.SubscribeAsync(app, "tenant-kv", "http://127.0.0.1:9/hooks/a");

        Assert.Equal(secret, Assert.Single(kept, k => k.Key == KeyVaultWebhookSecrets.NameOf(id)).Value);
        var row = await new TableClient(azurite.ConnectionString, app.WebhooksTable).GetEntityAsync<TableEntity>("tenant-kv", "s|" + id);
        Assert.Equal(KeyVaultWebhookSecrets.NameOf(id), row.Value.GetString("Secret"));
        Assert.DoesNotContain(row.Value, column => column.Value?.ToString()?.Contains(secret[WebhookSecret.Prefix.Length..], StringComparison.Ordinal) == true);
        var secrets = app.Services.GetRequiredService<IWebhookSecrets>();
        Assert.Equal(secret, await secrets.ReadAsync("tenant-kv", id, KeyVaultWebhookSecrets.NameOf(id), CancellationToken.None));

        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await app.ClientWithKey(AdminKey).DeleteAsync($"/api/tenants/tenant-kv/webhooks/{id}")).StatusCode);
        Assert.Empty(kept);
        vault.Verify(v => v.StartDeleteSecretAsync(KeyVaultWebhookSecrets.NameOf(id), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task ACreationWhoseWriteFailedAfterItWasSentAndWhoseReadBackFailsKeepsItsSecret()
    {
        var kept = new Dictionary<string, string>();
        var vault = Vault(kept);
        var logs = new CapturedLogs();
        StatusApplication app = null!;
        app = new StatusApplication(
            azurite.ConnectionString,
            services =>
            {
                services.Replace(ServiceDescriptor.Singleton(vault.Object));
                services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs);
                // The write is committed and its answer lost; then storage answers nothing at all, as the SDK reports it after its retries.
                FaultyStorage.ReplaceTables(services, azurite.ConnectionString, name => name == app.WebhooksTable, (faulty, table) =>
                {
                    faulty.Setup(t => t.SubmitTransactionAsync(It.IsAny<IEnumerable<TableTransactionAction>>(), It.IsAny<CancellationToken>()))
                        .Returns(async (IEnumerable<TableTransactionAction> actions, CancellationToken token) =>
                        {
                            await table.SubmitTransactionAsync(actions, token);
                            throw new HttpRequestException("The connection was reset before the answer.");
                        });
                    faulty.Setup(t => t.GetEntityIfExistsAsync<TableEntity>(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<IEnumerable<string>>(), It.IsAny<CancellationToken>()))
                        .ThrowsAsync(new AggregateException(new RequestFailedException(0, "No answer."), new RequestFailedException(0, "No answer.")));
                });
            },
            settings: new Dictionary<string, string?> { ["Webhooks:KeyVaultUri"] = "https://webhooks-test.vault.azure.net/" });
        using var disposeApp = app;

        var answer = await app.ClientWithKey(AdminKey).PostAsJsonAsync("/api/tenants/tenant-kv-unknown/webhooks", new { url = "http://127.0.0.1:9/hooks/a" });

        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, answer.StatusCode);
        Assert.DoesNotContain(WebhookSecret.Prefix, await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // It may exist: the answer says so, and that a retry would create a second one.
        Assert.Contains(Api.ProblemMapping.CreationMayHaveBeenDone, (await answer.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        // The row was written: its secret must still be there to sign its deliveries, and the log names the subscription to check.
        var secretName = Assert.Single(kept).Key;
        Assert.Contains(logs.Lines, line => line.Contains("may not have been written", StringComparison.Ordinal) && line.Contains(secretName["webhook-".Length..], StringComparison.Ordinal));
        vault.Verify(v => v.StartDeleteSecretAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task ACreationWhoseRowCannotBeWrittenLeavesNoSecretInTheVault()
    {
        var kept = new Dictionary<string, string>();
        var vault = Vault(kept);
        await using var tables = new FaultProxy(azurite.Process.TablePort);
        // Storage goes away between the secret's creation and the row's write.
        vault.Setup(v => v.SetSecretAsync(It.IsAny<KeyVaultSecret>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((KeyVaultSecret secret, CancellationToken _) =>
            {
                kept[secret.Name] = secret.Value;
                tables.Fault = Fault.Refuse;
                return Response.FromValue(secret, Mock.Of<Response>());
            });
        using var app = new StatusApplication(
            FaultProxy.ConnectionString(azurite.Process, tables),
            services => services.Replace(ServiceDescriptor.Singleton(vault.Object)),
            settings: new Dictionary<string, string?> { ["Webhooks:KeyVaultUri"] = "https://webhooks-test.vault.azure.net/" });

        var answer = await app.ClientWithKey(AdminKey).PostAsJsonAsync("/api/tenants/tenant-kv-fail/webhooks", new { url = "http://127.0.0.1:9/hooks/a" });

        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, answer.StatusCode);
        Assert.DoesNotContain(WebhookSecret.Prefix, await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        vault.Verify(v => v.SetSecretAsync(It.IsAny<KeyVaultSecret>(), It.IsAny<CancellationToken>()), Times.Once);
        Assert.Empty(kept);
    }

    [Fact]
    public async Task TheDevelopmentCiphertextOpensOnlyForItsOwnTenantAndSubscription()
    {
        var secrets = new DevelopmentWebhookSecrets(RandomNumberGenerator.GetBytes(32));
        var secret = WebhookSecret.Create();

        var stored = await secrets.StoreAsync("tenant-a", "sub-1", secret, CancellationToken.None);

        Assert.DoesNotContain(secret[WebhookSecret.Prefix.Length..], stored, StringComparison.Ordinal);
        Assert.Equal(secret, await secrets.ReadAsync("tenant-a", "sub-1", stored, CancellationToken.None));
        await Assert.ThrowsAnyAsync<CryptographicException>(() => secrets.ReadAsync("tenant-b", "sub-1", stored, CancellationToken.None));
        await Assert.ThrowsAnyAsync<CryptographicException>(() => secrets.ReadAsync("tenant-a", "sub-2", stored, CancellationToken.None));
    }

    [Fact]
    public async Task WithoutAnyPlaceForSecretsACreationIsAProblemThatSaysWhatToSetAndWritesNothing()
    {
        using var app = new StatusApplication(azurite.ConnectionString, settings: new Dictionary<string, string?> { ["Webhooks:DevelopmentSecretKey"] = string.Empty });

        var answer = await app.ClientWithKey(AdminKey).PostAsJsonAsync("/api/tenants/tenant-none/webhooks", new { url = "http://127.0.0.1:9/hooks/a" });

        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, answer.StatusCode);
        Assert.Contains("Webhooks:KeyVaultUri", JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(JsonNode.Parse(await app.ClientWithKey(AdminKey).GetStringAsync("/api/tenants/tenant-none/webhooks"))!["items"]!.AsArray());
    }
}
