using ConnectionStatusFunctions.Service.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Api;

/// <summary>
/// How long an HTTP request waits for storage: at most <see cref="StorageOptions.ResponseTimeout"/>
/// without a successful storage answer, counted again from every answer with a status below 500
/// (and not 408). A large summary that reads page after page keeps going; a store that hangs,
/// resets, refuses or keeps answering 5xx gets the caller a 503 within that time of its last
/// successful answer (or of the request's first call to storage) instead of after the SDK's three tries. The clock
/// starts at the first call, not at the request's start: a caller that uploads its body slowly is
/// bounded by the host (Kestrel's minimum data rate, the Functions host's timeout), and must not be
/// answered as a storage failure when storage was never asked. Both hosts run every HTTP request
/// through it; the triggers do not, and keep the SDK's longer budget.
/// </summary>
public sealed class RequestBudget(IOptions<StorageOptions> options)
{
    private static readonly AsyncLocal<Silence?> Current = new();
    private static readonly object CallerAbortedKey = new();

    public TimeSpan ResponseTimeout => options.Value.ResponseTimeout;

    /// <summary>Runs the rest of the request with RequestAborted also cancelled when storage stays silent too long.</summary>
    public async Task RunAsync(HttpContext http, Func<Task> next)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(next);
        var aborted = http.RequestAborted;
        var timeout = ResponseTimeout;
        // Not started yet: the first call to storage starts it. Real time on purpose: it bounds how
        // long a caller waits, whatever clock the domain reads.
        using var silence = new CancellationTokenSource();
        using var either = CancellationTokenSource.CreateLinkedTokenSource(aborted, silence.Token);
        http.Items[CallerAbortedKey] = aborted;
        http.RequestAborted = either.Token;
        Current.Value = new Silence(silence, timeout);
        try
        {
            await next();
        }
        catch (Exception e) when (silence.IsCancellationRequested && !aborted.IsCancellationRequested && e is not StorageUnavailableException)
        {
            throw new StorageUnavailableException($"Storage did not answer within {timeout.TotalSeconds:0.#} s.", e);
        }
        finally
        {
            // The host's exception handling must see the caller's own token, not the budget's.
            http.RequestAborted = aborted;
            http.Items.Remove(CallerAbortedKey);
            Current.Value = null;
        }
    }

    /// <summary>
    /// The caller's own abort token, without the storage budget: what reading the request body
    /// waits on, since a slow upload is the caller's time, not storage's.
    /// </summary>
    public static CancellationToken CallerAborted(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return http.Items.TryGetValue(CallerAbortedKey, out var token) && token is CancellationToken aborted ? aborted : http.RequestAborted;
    }

    /// <summary>Called by the storage clients' pipeline before every try: the first one starts the silence; later ones leave it running.</summary>
    internal static void StorageCalled() => Current.Value?.Start();

    /// <summary>Called by the storage clients' pipeline on every successful answer from storage: the silence starts over.</summary>
    internal static void StorageAnswered() => Current.Value?.Restart();

    private sealed class Silence(CancellationTokenSource source, TimeSpan timeout)
    {
        private int _started;

        public void Start()
        {
            // Only the first try starts it: a retry must not give a failing store a fresh budget.
            if (Interlocked.Exchange(ref _started, 1) == 0)
            {
                Restart();
            }
        }

        public void Restart()
        {
            Volatile.Write(ref _started, 1);
            try
            {
                source.CancelAfter(timeout);
            }
            catch (ObjectDisposedException)
            {
                // The request is over; a late answer has nothing left to extend.
            }
        }
    }
}

public static class RequestBudgetExtensions
{
    /// <summary>The standalone host's hook; the Functions app runs the same budget in its problem middleware.</summary>
    public static IApplicationBuilder UseRequestBudget(this IApplicationBuilder app) =>
        app.Use((context, next) => context.RequestServices.GetRequiredService<RequestBudget>().RunAsync(context, () => next(context)));
}
