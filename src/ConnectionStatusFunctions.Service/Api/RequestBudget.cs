using ConnectionStatusFunctions.Service.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Api;

/// <summary>
/// How long an HTTP request waits for storage: at most <see cref="StorageOptions.ResponseTimeout"/>
/// without a successful storage answer, counted again from every answer with a status below 500
/// (and not 408). A large summary that reads page after page keeps going; a store that hangs,
/// resets, refuses or keeps answering 5xx gets the caller a 503 within that time of its last
/// successful answer (or of the request's start) instead of after the SDK's three tries. Both hosts run every HTTP request
/// through it; the triggers do not, and keep the SDK's longer budget.
/// </summary>
public sealed class RequestBudget(IOptions<StorageOptions> options)
{
    private static readonly AsyncLocal<Silence?> Current = new();

    public TimeSpan ResponseTimeout => options.Value.ResponseTimeout;

    /// <summary>Runs the rest of the request with RequestAborted also cancelled when storage stays silent too long.</summary>
    public async Task RunAsync(HttpContext http, Func<Task> next)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(next);
        var aborted = http.RequestAborted;
        var timeout = ResponseTimeout;
        // Real time on purpose: it bounds how long a caller waits, whatever clock the domain reads.
        using var silence = new CancellationTokenSource(timeout);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(aborted, silence.Token);
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
            Current.Value = null;
        }
    }

    /// <summary>Called by the storage clients' pipeline on every successful answer from storage: the silence starts over.</summary>
    internal static void StorageAnswered() => Current.Value?.Restart();

    private sealed class Silence(CancellationTokenSource source, TimeSpan timeout)
    {
        public void Restart()
        {
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
