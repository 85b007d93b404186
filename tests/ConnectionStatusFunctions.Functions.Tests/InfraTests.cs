using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using ConnectionStatusFunctions.Testing;

namespace ConnectionStatusFunctions.Functions.Tests;

/// <summary>
/// infra/main.bicep and its parameters compile with the Bicep compiler from NuGet, and its linter
/// finds nothing: any warning fails, as an error would.
/// </summary>
public sealed class InfraTests
{
    private static readonly string Infra = Path.Combine(RepositoryPaths.Root, "infra");

    private static readonly string Bicep = typeof(InfraTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepPath").Value!;

    private static (int ExitCode, string Output, string Diagnostics) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(Bicep) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Infra };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Offline, and no telemetry: everything the compiler needs is in the package.
        start.Environment["BICEP_TELEMETRY_ENABLED"] = "false";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var diagnostics = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "bicep did not finish within 2 minutes");
        return (process.ExitCode, output.Result, diagnostics.Result);
    }

    [Theory]
    [InlineData("main.bicep")]
    [InlineData("main.bicepparam")]
    public void TheLinterFindsNothing(string file)
    {
        var (exitCode, output, diagnostics) = Run("lint", file);

        Assert.Equal(0, exitCode);
        Assert.Equal(string.Empty, (output + diagnostics).Trim());
    }

    [Fact]
    public void TheTemplateCompilesToTheResourcesTheServiceNeeds()
    {
        var (exitCode, output, diagnostics) = Run("build", "main.bicep", "--stdout");

        Assert.True(exitCode == 0, diagnostics);
        Assert.Equal(string.Empty, diagnostics.Trim());
        var template = JsonDocument.Parse(output).RootElement;
        var types = template.GetProperty("resources").EnumerateArray().Select(r => r.GetProperty("type").GetString()).ToList();
        Assert.Contains("Microsoft.Web/sites", types);
        Assert.Contains("Microsoft.Web/serverfarms", types);
        Assert.Contains("Microsoft.Authorization/roleAssignments", types);
        Assert.Contains("Microsoft.Storage/storageAccounts/tableServices/tables", types);
        Assert.Contains("Microsoft.Storage/storageAccounts/queueServices/queues", types);
        Assert.Contains("Microsoft.Insights/components", types);
        Assert.Contains("Microsoft.KeyVault/vaults", types);
        Assert.Contains("WebhookSubscriptions", output, StringComparison.Ordinal);
        Assert.Contains("Webhooks__KeyVaultUri", output, StringComparison.Ordinal);
        Assert.True(template.GetProperty("parameters").GetProperty("apiKeys").GetProperty("type").GetString() == "secureObject");
        Assert.True(template.GetProperty("outputs").TryGetProperty("functionAppUrl", out _));
        Assert.DoesNotContain("AccountKey", output, StringComparison.Ordinal);
        Assert.DoesNotContain("listKeys", output, StringComparison.Ordinal);
        // The events and dispatch queues exist in Azure with the names the service defaults to, and the app is told them.
        var parameters = template.GetProperty("parameters");
        Assert.Equal(new Service.Events.DispatchQueueOptions().Name, parameters.GetProperty("dispatchQueueName").GetProperty("defaultValue").GetString());
        Assert.Equal(new Service.Events.EventOptions().QueueName, parameters.GetProperty("eventsQueueName").GetProperty("defaultValue").GetString());
        Assert.Contains("createObject('name', 'DispatchQueueName', 'value', parameters('dispatchQueueName'))", output, StringComparison.Ordinal);
        // The tenant deletion queue and its poison queue, likewise.
        Assert.Equal(new Service.Deletion.TenantDeletionQueueOptions().Name, parameters.GetProperty("tenantDeletionQueueName").GetProperty("defaultValue").GetString());
        Assert.Contains("createObject('name', 'TenantDeletionQueueName', 'value', parameters('tenantDeletionQueueName'))", output, StringComparison.Ordinal);
        Assert.Contains("format('{0}-poison', parameters('tenantDeletionQueueName'))", output, StringComparison.Ordinal);
        Assert.Contains("createObject('name', 'EventsQueueName', 'value', parameters('eventsQueueName'))", output, StringComparison.Ordinal);
        // The site root is the status page's SiteRoot function, not the host's home page.
        Assert.Contains("createObject('name', 'AzureWebJobsDisableHomepage', 'value', 'true')", output, StringComparison.Ordinal);
    }

    [Fact]
    public void TheParametersCompileAgainstTheTemplate()
    {
        var (exitCode, output, diagnostics) = Run("build-params", "main.bicepparam", "--stdout");

        Assert.True(exitCode == 0, diagnostics);
        Assert.Equal(string.Empty, diagnostics.Trim());
        Assert.Contains("probeUrls", output, StringComparison.Ordinal);
    }
}
