using System.Net.Http.Headers;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>A peer's answer is read up to the bound and no further, however long it is or claims to be.</summary>
public sealed class PeerBodyTests
{
    /// <summary>A body that never ends, and counts what was taken from it.</summary>
    private sealed class EndlessBody : Stream
    {
        public long Taken { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count)
        {
            buffer.AsSpan(offset, count).Fill((byte)'x');
            Taken += count;
            return count;
        }
    }

    [Fact]
    public async Task AnEndlessBodyIsReadOnlyUpToTheBound()
    {
        var body = new EndlessBody();

        var read = await PeerBody.ReadAsync(new StreamContent(body), PeerBody.MaxBytes, CancellationToken.None);

        Assert.Null(read);
        Assert.Equal(PeerBody.MaxBytes + 1L, body.Taken);
    }

    [Fact]
    public async Task ABodyClaimingToBeLongerThanTheBoundIsNotReadAtAll()
    {
        var body = new EndlessBody();
        var content = new StreamContent(body);
        content.Headers.ContentLength = 10L * 1024 * 1024 * 1024;

        Assert.Null(await PeerBody.ReadAsync(content, PeerBody.MaxBytes, CancellationToken.None));
        Assert.Equal(0, body.Taken);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(PeerBody.MaxBytes)]
    public async Task ABodyWithinTheBoundIsReadWhole(int length)
    {
        var bytes = Enumerable.Range(0, length).Select(i => (byte)i).ToArray();
        var content = new StreamContent(new MemoryStream(bytes));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        Assert.Equal(bytes, await PeerBody.ReadAsync(content, PeerBody.MaxBytes, CancellationToken.None));
    }

    [Fact]
    public async Task ABodyOneByteOverTheBoundIsIgnoredEvenWithoutALength()
    {
        var content = new StreamContent(new MemoryStream(new byte[PeerBody.MaxBytes + 1]));
        content.Headers.ContentLength = null;

        Assert.Null(await PeerBody.ReadAsync(content, PeerBody.MaxBytes, CancellationToken.None));
    }
}
