using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConnectionStatusFunctions.Testing;

/// <summary>A connector's health endpoint on 127.0.0.1: answers per account as the test says, and counts calls.</summary>
public sealed class FakeConnector : IAsyncDisposable
{
    /// <summary>What to answer; <paramref name="Reset"/> drops the connection instead of answering.</summary>
    public sealed record Reply(int Status, string? Json = null, TimeSpan? Delay = null, string? RetryAfter = null, bool Reset = false);

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Reply> _answers = new();

    public ConcurrentQueue<(string Account, DateTimeOffset At)> Calls { get; } = new();

    public string BaseUrl { get; private set; } = string.Empty;

    public Reply Default { get; set; } = new(200);

    private FakeConnector()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapGet("/health/{tenantId}/{account}", async (string account, HttpContext context) =>
        {
            Calls.Enqueue((account, DateTimeOffset.UtcNow));
            var answer = _answers.GetValueOrDefault(account, Default);
            if (answer.Delay is { } delay)
            {
                await Task.Delay(delay, context.RequestAborted);
            }

            if (answer.Reset)
            {
                context.Abort();
                return;
            }

            context.Response.StatusCode = answer.Status;
            if (answer.RetryAfter is not null)
            {
                context.Response.Headers.RetryAfter = answer.RetryAfter;
            }

            if (answer.Json is not null)
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(answer.Json, context.RequestAborted);
            }
        });
    }

    public static async Task<FakeConnector> StartAsync()
    {
        var connector = new FakeConnector();
        await connector._app.StartAsync();
        connector.BaseUrl = connector._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return connector;
    }

    public string Template => BaseUrl + "/health/{tenantId}/{channelAccountId}";

    public void Answer(string account, Reply reply) => _answers[account] = reply;

    public int CallsFor(string account) => Calls.Count(c => c.Account == account);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
