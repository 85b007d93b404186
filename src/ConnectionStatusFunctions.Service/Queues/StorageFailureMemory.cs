using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace ConnectionStatusFunctions.Service.Queues;

/// <summary>
/// When each queued message first met a storage failure, so that the standalone listener hands a
/// message back uncounted for at most <see cref="QueueDelivery.StorageOutageAllowance"/>. Keyed by
/// a hash of the message text, since a handed-back message is a fresh copy with a new id and the
/// text is all the copies share; a hash also keeps secrets a message may hold out of memory.
/// In memory and bounded: past <see cref="Capacity"/> the message seen failing least recently is
/// forgotten, and a restart forgets all. A forgotten message starts a new allowance, which only
/// lengthens its retries. A message handed back is seen again within a visibility timeout, so an
/// entry whose last storage failure is older than the allowance is not that message any more but
/// another with the same text (a replay, or a copy another instance applied, which this one never
/// saw done): it starts afresh rather than inheriting an old first failure and being counted at once.
/// </summary>
public sealed class StorageFailureMemory(TimeProvider time)
{
    public const int Capacity = 10_000;

    private readonly Dictionary<UInt128, Failures> _messages = [];
    private readonly Lock _lock = new();

    /// <summary>
    /// Notes that a delivery of the message failed on storage. True while the message has met
    /// storage failures for less than the allowance (hand it back uncounted); false once it has
    /// met them for longer (count the delivery as failed).
    /// </summary>
    public bool MayHandBack(string message)
    {
        var key = KeyOf(message);
        var now = time.GetTimestamp();
        lock (_lock)
        {
            if (!_messages.TryGetValue(key, out var failures) || time.GetElapsedTime(failures.Last, now) > QueueDelivery.StorageOutageAllowance)
            {
                if (!_messages.ContainsKey(key) && _messages.Count >= Capacity)
                {
                    ForgetLeastRecentlySeen();
                }

                failures = new Failures(now, now);
            }

            _messages[key] = failures with { Last = now };
            return time.GetElapsedTime(failures.First, now) < QueueDelivery.StorageOutageAllowance;
        }
    }

    /// <summary>The message is done with (applied, or poisoned): a later copy with the same text starts afresh.</summary>
    public void Forget(string message)
    {
        lock (_lock)
        {
            // Nearly always: no message is failing, and hashing each handled message would be waste.
            if (_messages.Count == 0)
            {
                return;
            }
        }

        var key = KeyOf(message);
        lock (_lock)
        {
            _messages.Remove(key);
        }
    }

    private void ForgetLeastRecentlySeen()
    {
        var oldest = _messages.MinBy(pair => pair.Value.Last).Key;
        _messages.Remove(oldest);
    }

    private static UInt128 KeyOf(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        // The UTF-16 units as they are: any text, lone surrogates included, has a key.
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(MemoryMarshal.AsBytes(message.AsSpan()), hash);
        return BinaryPrimitives.ReadUInt128LittleEndian(hash);
    }

    private readonly record struct Failures(long First, long Last);
}
