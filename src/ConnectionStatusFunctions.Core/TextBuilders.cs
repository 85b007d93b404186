using System.Text;

namespace ConnectionStatusFunctions.Core;

/// <summary>
/// The builder a redaction pass writes a changed text into, one per thread and reused: a pass that redacts copies the
/// whole text, and a new buffer for each pass of each message was a fifth of what redacting a message allocated.
/// </summary>
internal static class TextBuilders
{
    // The redactor bounds what it reads; a builder grown past this by a rare long text is left to the collector.
    private const int MaxKeptCapacity = 16 * 1024;

    [ThreadStatic]
    private static StringBuilder? t_kept;

    /// <summary>An empty builder of at least <paramref name="capacity"/>: the thread's kept one when it is free.</summary>
    public static StringBuilder Rent(int capacity)
    {
        var kept = t_kept;
        if (kept is null || capacity > MaxKeptCapacity)
        {
            return new StringBuilder(capacity);
        }

        // Taken out while in use, so a pass that rents inside another gets a builder of its own.
        t_kept = null;
        kept.Clear();
        kept.EnsureCapacity(capacity);
        return kept;
    }

    /// <summary>The built text; the builder is kept for the thread's next pass.</summary>
    public static string ToStringAndReturn(StringBuilder builder)
    {
        var text = builder.ToString();
        if (builder.Capacity <= MaxKeptCapacity)
        {
            t_kept = builder;
        }

        return text;
    }
}
