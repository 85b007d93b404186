namespace ConnectionStatusFunctions.Service.Events;

/// <summary>
/// The in-process hand-off: takes the tenants writes just committed events for and publishes them
/// at once. With each dispatch it also puts a request naming the tenant on the dispatch queue,
/// visible only after <see cref="BackupDelay"/>: if this process dies or a sink fails, another
/// instance publishes the rows then; if the dispatch went well, that request finds an empty outbox
/// (one small query). The delay keeps it from racing the local dispatch, which would publish twice.
/// </summary>
public sealed class EventHandOffLoop(EventHandOff handOff, EventDispatcher dispatcher, DispatchRequestHandler requests, ILogger<EventHandOffLoop> logger) : BackgroundService
{
    /// <summary>Tenants dispatched at once; one tenant is never dispatched twice at once (<see cref="EventHandOff"/>).</summary>
    public const int Concurrency = 4;

    public static readonly TimeSpan BackupDelay = TimeSpan.FromSeconds(30);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Concurrency).Select(_ => WorkAsync(stoppingToken)));

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            string tenantId;
            try
            {
                tenantId = await handOff.TakeAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                // Side by side: the backup request only needs to exist before the process could die mid-dispatch, not before it starts.
                await Task.WhenAll(
                    TryAsync(tenantId, "backup request", token => requests.RequestAsync(tenantId, BackupDelay, token), stoppingToken),
                    TryAsync(tenantId, "dispatch", token => dispatcher.DispatchTenantAsync(tenantId, token), stoppingToken));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            finally
            {
                handOff.Done(tenantId);
            }
        }
    }

    /// <summary>One step; a failure is logged and the next step still runs (the rows stay for the backup request or the sweep).</summary>
    private async Task TryAsync(string tenantId, string step, Func<CancellationToken, Task> run, CancellationToken stoppingToken)
    {
        try
        {
            await run(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // The type only: storage's text can repeat what a request was signed with.
            logger.LogWarning("Event {Step} for {TenantId} failed ({Error}); the dispatch queue or the sweep publishes its events later", step, tenantId, e.GetType().Name);
        }
    }
}
