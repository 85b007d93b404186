using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using ConnectionStatusFunctions.Service.Storage;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Standalone.Triggers;

/// <summary>
/// Makes sure that of several standalone processes on one storage account, exactly one runs each
/// timer tick. A short blob lease serialises the claim; the blob's metadata remembers the last
/// tick claimed, so a process whose timer fires a little later sees the tick is taken.
/// (Under the Functions host, the host's own singleton lock on the timer does this.)
/// </summary>
public sealed class TickClaims(BlobServiceClient blobs, IOptions<StorageOptions> options)
{
    private const string LastTickKey = "lasttick";
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(15);

    public async Task<bool> TryClaimAsync(string timer, DateTimeOffset tick, CancellationToken cancellationToken)
    {
        var container = blobs.GetBlobContainerClient(options.Value.LeaseContainer);
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var blob = container.GetBlobClient(timer);
        try
        {
            await blob.UploadAsync(BinaryData.Empty, overwrite: false, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Already there: it is only the thing the lease is taken on.
        }

        var lease = blob.GetBlobLeaseClient();
        try
        {
            await lease.AcquireAsync(LeaseDuration, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false; // another process is claiming this very tick right now
        }

        try
        {
            var properties = await blob.GetPropertiesAsync(new BlobRequestConditions { LeaseId = lease.LeaseId }, cancellationToken);
            if (properties.Value.Metadata.TryGetValue(LastTickKey, out var last)
                && DateTimeOffset.TryParse(last, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var lastTick)
                && lastTick >= tick)
            {
                return false;
            }

            await blob.SetMetadataAsync(
                new Dictionary<string, string> { [LastTickKey] = tick.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture) },
                new BlobRequestConditions { LeaseId = lease.LeaseId },
                cancellationToken);
            return true;
        }
        finally
        {
            await lease.ReleaseAsync(cancellationToken: CancellationToken.None);
        }
    }
}
