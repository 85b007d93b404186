namespace ConnectionStatusFunctions.Core;

/// <summary>
/// The last <see cref="Capacity"/> check results, two bits each in one integer, oldest first.
/// Flap detection reads it; storage shows it as letters ("CCECE...") for operators.
/// </summary>
public readonly record struct CheckHistory(ulong Bits, int Count)
{
    public const int Capacity = 21;
    private const ulong Mask = (1UL << (2 * Capacity)) - 1;

    public static CheckHistory Empty => default;

    public CheckHistory Push(ConnectionStatus status)
    {
        var bits = ((Bits << 2) | (ulong)status) & Mask;
        return new CheckHistory(bits, Math.Min(Count + 1, Capacity));
    }

    /// <summary>Result at <paramref name="index"/>, 0 being the oldest kept.</summary>
    public ConnectionStatus this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            var shift = 2 * (Count - 1 - index);
            return (ConnectionStatus)((Bits >> shift) & 0b11);
        }
    }

    /// <summary>
    /// How many times the account went from working to not working or back. An outage that turns
    /// from error to disconnected before it recovers is still one outage, so that step is not counted.
    /// </summary>
    public int UpDownChanges()
    {
        var changes = 0;
        for (var i = 1; i < Count; i++)
        {
            if ((this[i] == ConnectionStatus.Connected) != (this[i - 1] == ConnectionStatus.Connected))
            {
                changes++;
            }
        }

        return changes;
    }

    /// <summary>
    /// Nagios-style weighted share of state changes, in percent. The 20 transitions of a full
    /// history weigh linearly from 0.75 (oldest) to 1.25 (newest). Unlike Nagios, which always
    /// divides by 20, the sum is divided by the weights of the transitions actually seen, so a
    /// young account is judged on its own history rather than diluted by checks that never happened.
    /// </summary>
    public double ChangePercent()
    {
        if (Count < 2)
        {
            return 0;
        }

        const int slots = Capacity - 1;
        double changed = 0, seen = 0;
        for (var i = 1; i < Count; i++)
        {
            // Transitions fill the newest slots, so the newest always weighs 1.25.
            var slot = slots - (Count - i);
            var weight = 0.75 + (0.5 * slot / (slots - 1));
            seen += weight;
            if (this[i] != this[i - 1])
            {
                changed += weight;
            }
        }

        return 100 * changed / seen;
    }

    public override string ToString() => string.Create(Count, this, static (span, history) =>
    {
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = history[i] switch
            {
                ConnectionStatus.Connected => 'C',
                ConnectionStatus.Error => 'E',
                _ => 'D',
            };
        }
    });

    public static CheckHistory Parse(string? letters)
    {
        var history = Empty;
        foreach (var letter in letters ?? string.Empty)
        {
            history = history.Push(letter switch
            {
                'C' => ConnectionStatus.Connected,
                'E' => ConnectionStatus.Error,
                'D' => ConnectionStatus.Disconnected,
                _ => throw new FormatException($"'{letter}' is not a check result (expected C, E or D)."),
            });
        }

        return history;
    }
}
