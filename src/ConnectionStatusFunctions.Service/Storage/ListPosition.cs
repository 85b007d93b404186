using System.Globalization;

namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>Where a filtered list goes on: after row key <paramref name="After"/> of scan <paramref name="Scan"/> (<see cref="ListFilter.Scans"/>).</summary>
internal sealed record ListPosition(int Scan, string? After)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Scan}|{After}");

    /// <summary>The position a token held; a text that is not one, or names a scan the filter has not, is refused.</summary>
    public static ListPosition Parse(string text, int scans)
    {
        var separator = text.IndexOf('|', StringComparison.Ordinal);
        if (separator > 0
            && int.TryParse(text.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out var scan)
            && scan < scans
            && text[(separator + 1)..] is { Length: > 0 } after
            && string.CompareOrdinal(after, StatusRowKeys.StatusRowKeyEnd) < 0)
        {
            return new ListPosition(scan, after);
        }

        throw new InvalidContinuationTokenException();
    }
}
