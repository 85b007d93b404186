using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace ConnectionStatusFunctions.Core;

/// <summary>
/// Failures per UTC hour over the last 24 hours: a fixed 24-slot ring, so the count stays bounded
/// however often a connector fails, and the struct lives inline in the state (no allocation).
/// Long because its column is read on every list: the form it writes has a fast reader that splits no string, beside the general one for a hand-edited cell.
/// </summary>
public readonly struct FailureWindow : IEquatable<FailureWindow>
{
    public const int Hours = 24;
    private const string HourFormat = "yyyy-MM-dd'T'HH'Z'";

    private readonly HourlyCounts _counts;

    /// <summary>Hours since the Unix epoch of the newest bucket; the ring holds (NewestHour - 23 .. NewestHour).</summary>
    public long NewestHour { get; }

    private FailureWindow(long newestHour, HourlyCounts counts)
    {
        NewestHour = newestHour;
        _counts = counts;
    }

    public static FailureWindow Empty => default;

    public bool IsEmpty
    {
        get
        {
            ReadOnlySpan<ushort> counts = _counts;
            return !counts.ContainsAnyExcept((ushort)0);
        }
    }

    public FailureWindow AddFailure(DateTimeOffset at)
    {
        var hour = HourOf(at);
        if (!IsEmpty && hour <= NewestHour - Hours)
        {
            return this; // older than the window: it would have expired already
        }

        var counts = _counts;
        Span<ushort> span = counts;
        var newest = NewestHour;
        if (IsEmpty || hour > newest)
        {
            var startClearing = IsEmpty ? hour - Hours + 1 : Math.Max(newest + 1, hour - Hours + 1);
            for (var h = startClearing; h <= hour; h++)
            {
                span[Slot(h)] = 0;
            }

            newest = hour;
        }

        ref var slot = ref span[Slot(hour)];
        if (slot < ushort.MaxValue)
        {
            slot++;
        }

        return new FailureWindow(newest, counts);
    }

    /// <summary>Failures in the 24 hourly buckets ending with the hour of <paramref name="now"/>.</summary>
    public int CountInLast24Hours(DateTimeOffset now)
    {
        if (IsEmpty)
        {
            return 0;
        }

        var nowHour = HourOf(now);
        var from = Math.Max(NewestHour, nowHour) - Hours + 1;
        var to = Math.Min(NewestHour, nowHour);
        ReadOnlySpan<ushort> counts = _counts;
        var total = 0;
        for (var h = from; h <= to; h++)
        {
            total += counts[Slot(h)];
        }

        return total;
    }

    /// <summary>The start of the oldest hour with a failure among the 24 ending with the hour of <paramref name="now"/>; null when there is none.</summary>
    public DateTimeOffset? OldestInLast24Hours(DateTimeOffset now)
    {
        if (IsEmpty)
        {
            return null;
        }

        var nowHour = HourOf(now);
        var to = Math.Min(NewestHour, nowHour);
        ReadOnlySpan<ushort> counts = _counts;
        for (var h = Math.Max(NewestHour, nowHour) - Hours + 1; h <= to; h++)
        {
            if (counts[Slot(h)] > 0)
            {
                return DateTimeOffset.UnixEpoch.AddHours(h);
            }
        }

        return null;
    }

    /// <summary>Readable in Storage Explorer: "2026-11-24T13Z=2 2026-11-24T14Z=1", oldest first, empty hours left out.</summary>
    public override string ToString()
    {
        if (IsEmpty)
        {
            return string.Empty;
        }

        ReadOnlySpan<ushort> counts = _counts;
        var builder = new StringBuilder();
        for (var h = NewestHour - Hours + 1; h <= NewestHour; h++)
        {
            var count = counts[Slot(h)];
            if (count == 0)
            {
                continue;
            }

            if (builder.Length > 0)
            {
                builder.Append(' ');
            }

            builder.Append(DateTimeOffset.UnixEpoch.AddHours(h).ToString(HourFormat, CultureInfo.InvariantCulture))
                .Append('=')
                .Append(count.ToString(CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }

    public static FailureWindow Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Empty;
        }

        // Every list reads this column of every row: the form the service writes is read without splitting
        // strings or a culture's date parser; anything else (a hand-edited cell) takes the general reading.
        return TryParseWritten(text, out var written) ? written : ParseAny(text);
    }

    /// <summary>Most entries a row holds: one per hour of the window (a hand-edited cell may hold more, and is read by <see cref="ParseAny"/>).</summary>
    private const int MaxWrittenEntries = Hours;

    /// <summary>
    /// The text as <see cref="ToString"/> writes it ("yyyy-MM-ddTHHZ=count", one space between entries),
    /// or false, having read nothing, for any other text, so that <see cref="ParseAny"/> decides it (and
    /// names the entry it refuses).
    /// </summary>
    private static bool TryParseWritten(string text, out FailureWindow window)
    {
        window = Empty;
        Span<long> hours = stackalloc long[MaxWrittenEntries];
        Span<ushort> counts = stackalloc ushort[MaxWrittenEntries];
        var found = 0;
        var rest = text.AsSpan();
        while (rest.Length > 0)
        {
            var end = rest.IndexOf(' ');
            var entry = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 1)..];
            if (entry.IsEmpty)
            {
                continue;
            }

            if (found == MaxWrittenEntries || !TryReadWrittenEntry(entry, out hours[found], out counts[found]))
            {
                return false;
            }

            found++;
        }

        if (found == 0)
        {
            return false;
        }

        var newest = long.MinValue;
        foreach (var hour in hours[..found])
        {
            newest = Math.Max(newest, hour);
        }

        var ring = default(HourlyCounts);
        Span<ushort> span = ring;
        for (var i = 0; i < found; i++)
        {
            if (hours[i] > newest - Hours)
            {
                span[Slot(hours[i])] = counts[i];
            }
        }

        window = new FailureWindow(newest, ring);
        return true;
    }

    /// <summary>"yyyy-MM-ddTHHZ=count" with a valid date, hour and count, as the general reading would take it.</summary>
    private static bool TryReadWrittenEntry(ReadOnlySpan<char> entry, out long hour, out ushort count)
    {
        hour = 0;
        count = 0;
        if (entry.Length < 16 || entry[4] != '-' || entry[7] != '-' || entry[10] != 'T' || entry[13] != 'Z' || entry[14] != '='
            || !TryDigits(entry[..4], out var year) || !TryDigits(entry[5..7], out var month) || !TryDigits(entry[8..10], out var day) || !TryDigits(entry[11..13], out var hourOfDay)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hourOfDay > 23
            || !ushort.TryParse(entry[15..], NumberStyles.None, CultureInfo.InvariantCulture, out count))
        {
            return false;
        }

        hour = HourOf(new DateTimeOffset(year, month, day, hourOfDay, 0, 0, TimeSpan.Zero));
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> digits, out int value)
    {
        value = 0;
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    /// <summary>Any text: entries split on spaces, each read by the invariant culture's parser of the hour's format.</summary>
    internal static FailureWindow ParseAny(string text)
    {
        var entries = new List<(long Hour, ushort Count)>();
        foreach (var entry in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = entry.Split('=');
            if (parts.Length != 2
                || !DateTimeOffset.TryParseExact(parts[0], HourFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                || !ushort.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                throw new FormatException($"'{entry}' is not an hourly failure count (expected yyyy-MM-ddTHHZ=count).");
            }

            entries.Add((HourOf(at), count));
        }

        var newest = entries.Max(e => e.Hour);
        var counts = default(HourlyCounts);
        Span<ushort> span = counts;
        foreach (var (hour, count) in entries)
        {
            if (hour > newest - Hours)
            {
                span[Slot(hour)] = count;
            }
        }

        return new FailureWindow(newest, counts);
    }

    public bool Equals(FailureWindow other)
    {
        ReadOnlySpan<ushort> mine = _counts;
        ReadOnlySpan<ushort> theirs = other._counts;
        return mine.SequenceEqual(theirs) && (IsEmpty || NewestHour == other.NewestHour);
    }

    public override bool Equals(object? obj) => obj is FailureWindow other && Equals(other);

    public override int GetHashCode() => IsEmpty ? 0 : NewestHour.GetHashCode();

    public static bool operator ==(FailureWindow left, FailureWindow right) => left.Equals(right);

    public static bool operator !=(FailureWindow left, FailureWindow right) => !left.Equals(right);

    private static long HourOf(DateTimeOffset at) => at.UtcTicks / TimeSpan.TicksPerHour - DateTimeOffset.UnixEpoch.UtcTicks / TimeSpan.TicksPerHour;

    private static int Slot(long hour) => (int)(((hour % Hours) + Hours) % Hours);

    [InlineArray(Hours)]
    private struct HourlyCounts
    {
        private ushort _count;
    }
}
