using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConnectionStatusFunctions.Testing;

/// <summary>A webhook receiver on 127.0.0.1: records every delivery (headers and body) and answers with the statuses the test queues, else 200.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    /// <summary>One delivery as it arrived; <paramref name="ArrivedAt"/> is its <see cref="System.Diagnostics.Stopwatch"/> timestamp.</summary>
    public sealed record Delivery(string Path, IHeaderDictionary Headers, string Body, int AnsweredWith, long ArrivedAt)
    {
        public string Id => Headers["webhook-id"].ToString();
    }

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _answers = new();

    public ConcurrentQueue<Delivery> Received { get; } = new();

    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>How long each answer waits before it is sent (a receiver too slow for the sender's timeout).</summary>
    public TimeSpan AnswerAfter { get; set; } = TimeSpan.Zero;

    /// <summary>While set and not completed, every answer waits for it: a receiver that is still answering for as long as the test says (the sender's timeout bounds it).</summary>
    public Task? AnswerWhen { get; set; }

    /// <summary>Where the answer goes when <see cref="AnswerWith"/> names 302.</summary>
    public string RedirectTo { get; set; } = "http://127.0.0.1:9/elsewhere";

    private WebhookReceiver()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapPost("/hooks/{name}", async (HttpContext context) =>
        {
            var arrivedAt = System.Diagnostics.Stopwatch.GetTimestamp();
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var status = _answers.TryDequeue(out var queued) ? queued : 200;
            var headers = new HeaderDictionary();
            foreach (var (name, value) in context.Request.Headers)
            {
                headers[name] = value;
            }

            Received.Enqueue(new Delivery(context.Request.Path, headers, body, status, arrivedAt));
            if (AnswerAfter > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(AnswerAfter, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            if (AnswerWhen is { } gate)
            {
                try
                {
                    await gate.WaitAsync(context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            context.Response.StatusCode = status;
            if (status is >= 300 and < 400)
            {
                context.Response.Headers.Location = RedirectTo;
            }
        });
    }

    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver();
        await receiver._app.StartAsync();
        receiver.BaseUrl = receiver._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return receiver;
    }

    public int Port => new Uri(BaseUrl).Port;

    public string Url(string name) => $"{BaseUrl}/hooks/{name}";

    /// <summary>Forgets the statuses queued by <see cref="AnswerWith"/>: every delivery is answered 200 again.</summary>
    public void ClearAnswers() => _answers.Clear();

    /// <summary>The next deliveries are answered with these statuses, in turn.</summary>
    public void AnswerWith(params int[] statuses)
    {
        foreach (var status in statuses)
        {
            _answers.Enqueue(status);
        }
    }

    /// <summary>Waits, up to a minute (or <paramref name="bound"/>), until at least <paramref name="count"/> deliveries arrived; returns them all.</summary>
    public async Task<IReadOnlyList<Delivery>> WaitForAsync(int count, TimeSpan? bound = null)
    {
        using var waited = new CancellationTokenSource(bound ?? TimeSpan.FromMinutes(1));
        while (Received.Count < count)
        {
            await Task.Delay(50, waited.Token);
        }

        return [.. Received];
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
