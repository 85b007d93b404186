using System.Reflection;
using System.Text;
using ConnectionStatusFunctions.Functions.Middleware;
using ConnectionStatusFunctions.Service.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Moq;

namespace ConnectionStatusFunctions.Functions.Tests;

/// <summary>What an HTTP call answered: status, headers and body text.</summary>
public sealed record Answer(int Status, IHeaderDictionary Headers, string Body);

/// <summary>
/// The Functions app's own host (FunctionsApp.CreateBuilder), built but never started: its DI
/// container gives the functions and middleware, which the tests call the way the worker would.
/// </summary>
public sealed class FunctionsHarness : IDisposable
{
    /// <summary>FunctionContext.GetHttpContext() reads the ASP.NET Core context from Items under this key.</summary>
    public const string HttpContextKey = "HttpRequestContext";

    private readonly IHost _host;

    public FunctionsHarness(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    {
        var builder = FunctionsApp.CreateBuilder([.. settings.Select(s => $"--{s.Key}={s.Value}")]);
        // The worker runs in the app's build folder, which has no appsettings.json; the tests' folder has
        // the standalone host's, copied with its project, and the worker must not be read with them.
        foreach (var copied in builder.Configuration.Sources.OfType<Microsoft.Extensions.Configuration.FileConfigurationSource>().Where(s => s.Path?.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase) == true).ToList())
        {
            builder.Configuration.Sources.Remove(copied);
        }

        builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
        services?.Invoke(builder.Services);
        Registrations = [.. builder.Services];
        _host = builder.Build();
    }

    public IServiceProvider Services => _host.Services;

    /// <summary>What the app registered, as the builder held it.</summary>
    public IReadOnlyList<ServiceDescriptor> Registrations { get; }

    public void Dispose() => _host.Dispose();

    public T Function<T>() => ActivatorUtilities.CreateInstance<T>(Services);

    /// <summary>A worker FunctionContext for one invocation: its function's name and trigger, its services, and the HTTP context if any.</summary>
    public static FunctionContext Context(string functionName, string triggerType, IServiceProvider services, HttpContext? http = null)
    {
        var trigger = new Mock<BindingMetadata>();
        trigger.SetupGet(b => b.Type).Returns(triggerType);
        trigger.SetupGet(b => b.Direction).Returns(BindingDirection.In);
        var definition = new Mock<FunctionDefinition>();
        definition.SetupGet(d => d.Name).Returns(functionName);
        definition.SetupGet(d => d.InputBindings).Returns(System.Collections.Immutable.ImmutableDictionary<string, BindingMetadata>.Empty.Add("trigger", trigger.Object));
        var context = new Mock<FunctionContext>();
        context.SetupGet(c => c.FunctionDefinition).Returns(definition.Object);
        context.SetupGet(c => c.InstanceServices).Returns(services);
        context.SetupGet(c => c.Items).Returns(http is null ? new Dictionary<object, object>() : new Dictionary<object, object> { [HttpContextKey] = http });
        context.SetupGet(c => c.CancellationToken).Returns(http?.RequestAborted ?? CancellationToken.None);
        return context.Object;
    }

    /// <summary>
    /// One HTTP request through the Functions app as the worker runs it: problem middleware, access
    /// middleware, the route's function, then (as the ASP.NET Core integration does) its IResult.
    /// </summary>
    public Task<Answer> SendAsync(string method, string pathAndQuery, string? apiKey, string? json = null, string? bearer = null, string? accept = null) =>
        SendAsync(method, pathAndQuery, apiKey, json is null ? null : new MemoryStream(Encoding.UTF8.GetBytes(json)), bearer, accept);

    /// <summary>The same with the JSON body as a stream, read as the host hands it over (a slow client's, say).</summary>
    public async Task<Answer> SendAsync(string method, string pathAndQuery, string? apiKey, Stream? json, string? bearer = null, string? accept = null)
    {
        var (function, values) = Match(method, pathAndQuery);
        using var scope = Services.CreateScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        var queryAt = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        http.Request.Method = method;
        http.Request.Path = PathString.FromUriComponent(queryAt < 0 ? pathAndQuery : pathAndQuery[..queryAt]);
        http.Request.QueryString = queryAt < 0 ? QueryString.Empty : new QueryString(pathAndQuery[queryAt..]);
        if (apiKey is not null)
        {
            http.Request.Headers["X-Api-Key"] = apiKey;
        }

        if (bearer is not null)
        {
            http.Request.Headers.Authorization = "Bearer " + bearer;
        }

        if (accept is not null)
        {
            http.Request.Headers.Accept = accept;
        }

        if (json is not null)
        {
            http.Request.ContentType = "application/json; charset=utf-8";
            http.Request.Body = json;
        }

        var body = new MemoryStream();
        http.Response.Body = body;

        var context = Context(function, "httpTrigger", scope.ServiceProvider, http);
        var problems = ActivatorUtilities.CreateInstance<ProblemMiddleware>(scope.ServiceProvider);
        var access = ActivatorUtilities.CreateInstance<AccessMiddleware>(scope.ServiceProvider);
        object? result = null;
        await problems.Invoke(context, c => access.Invoke(c, async _ => result = await InvokeAsync(function, values, http.Request)));
        if (result is IResult answer)
        {
            await answer.ExecuteAsync(http);
        }

        return new Answer(http.Response.StatusCode, http.Response.Headers, Encoding.UTF8.GetString(body.ToArray()));
    }

    /// <summary>
    /// Calls the [Function] method declared for the route, found by its name as the worker finds it, with the
    /// request and the route values the host would bind to its parameters of the same names.
    /// </summary>
    private async Task<object?> InvokeAsync(string function, RouteValueDictionary values, HttpRequest request)
    {
        var method = FunctionMethods.TryGetValue(function, out var declared)
            ? declared
            : throw new InvalidOperationException($"No function is declared for {function}.");
        var target = method.IsStatic ? null : ActivatorUtilities.CreateInstance(Services, method.DeclaringType!);
        var arguments = method.GetParameters()
            .Select(p => p.ParameterType == typeof(HttpRequest) ? request : (object?)(string)values[p.Name!]!)
            .ToArray();
        var result = method.Invoke(target, arguments);
        if (result is Task task)
        {
            await task;
            return task.GetType().GetProperty(nameof(Task<object>.Result))!.GetValue(task);
        }

        return result;
    }

    /// <summary>Every [Function] method of the Functions app, by function name.</summary>
    public static IReadOnlyDictionary<string, MethodInfo> FunctionMethods { get; } = typeof(FunctionsApp).Assembly.GetTypes()
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
        .Select(m => (Method: m, Function: m.GetCustomAttribute<FunctionAttribute>()))
        .Where(f => f.Function is not null)
        .ToDictionary(f => f.Function!.Name, f => f.Method, StringComparer.Ordinal);

    /// <summary>
    /// The function the Functions host would pick for this request, with its route values: a route of
    /// the table whose method and template match, literal routes first as the host's router prefers
    /// them (/status is the page, not the root's parameter), else the catch-all.
    /// </summary>
    private static (string Function, RouteValueDictionary Values) Match(string method, string pathAndQuery)
    {
        var path = PathString.FromUriComponent(pathAndQuery.Split('?')[0]);
        return StatusRoutes.All.Where(r => r.Methods.Contains(method)).OrderBy(r => r.Template.StartsWith('{')).Select(r => (Route: r, Values: r.Match(path))).FirstOrDefault(m => m.Values is not null) is { Values: { } values } match
            ? (match.Route.Name, values)
            : (UnmatchedRequests.FunctionName, new RouteValueDictionary { ["path"] = path.Value?.TrimStart('/') });
    }
}
