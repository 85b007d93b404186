using Azure;
using Azure.Data.Tables;
using Moq;

namespace ConnectionStatusFunctions.Testing;

/// <summary>How the answer of a transaction storage committed is lost.</summary>
public enum LostAnswer
{
    /// <summary>Not lost: the call answers as storage did.</summary>
    None,

    /// <summary>The connection resets before the answer: the call fails as the SDK reports a transport failure.</summary>
    Reset,

    /// <summary>The SDK retries the transaction it never heard back from: the retry meets the rows the first one wrote.</summary>
    Retried,
}

/// <summary>
/// A table's transactions that storage commits and whose answer is then lost, one at a time as a
/// test arms them (<see cref="FaultyStorage.ReplaceTables"/> passes every other call through).
/// </summary>
public sealed class LostTransactionAnswers
{
    private int _armed;

    /// <summary>The next transaction commits and its answer is lost as <paramref name="how"/> says.</summary>
    public void Arm(LostAnswer how) => Volatile.Write(ref _armed, (int)how);

    /// <summary>True once the armed loss has happened (or none was armed).</summary>
    public bool Spent => Volatile.Read(ref _armed) == (int)LostAnswer.None;

    /// <summary>Sets up <paramref name="faulty"/>'s transactions to go to <paramref name="table"/> and lose their answer when armed.</summary>
    public void Break(Mock<TableClient> faulty, TableClient table)
    {
        ArgumentNullException.ThrowIfNull(faulty);
        ArgumentNullException.ThrowIfNull(table);
        faulty.Setup(t => t.SubmitTransactionAsync(It.IsAny<IEnumerable<TableTransactionAction>>(), It.IsAny<CancellationToken>()))
            .Returns(async (IEnumerable<TableTransactionAction> actions, CancellationToken token) =>
            {
                var batch = actions.ToList();
                var committed = await table.SubmitTransactionAsync(batch, token);
                return (LostAnswer)Interlocked.Exchange(ref _armed, (int)LostAnswer.None) switch
                {
                    LostAnswer.Reset => throw new RequestFailedException(0, "Connection reset by peer", new IOException("The connection was reset before the answer.")),
                    LostAnswer.Retried => await table.SubmitTransactionAsync(batch, token),
                    _ => committed,
                };
            });
    }
}
