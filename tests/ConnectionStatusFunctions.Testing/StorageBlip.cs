namespace ConnectionStatusFunctions.Testing;

/// <summary>
/// A fault for mocked Azure SDK clients: the first call fails the way a storage blip does (by
/// default as the SDK gives up after its own retries), every later call goes through.
/// </summary>
public sealed class StorageBlip(Exception? failure = null)
{
    private readonly Exception _failure = failure ?? new AggregateException(new Azure.RequestFailedException(503, "Server busy"));
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public T Pass<T>(Func<T> call) => Interlocked.Increment(ref _calls) == 1 ? throw _failure : call();
}
