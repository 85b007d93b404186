using Azure.Monitor.OpenTelemetry.Exporter;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ConnectionStatusFunctions.Service.Telemetry;

public static class TelemetryRegistration
{
    /// <summary>Chooses where traces and metrics go: nowhere, the console or OTLP (the standard OTEL_EXPORTER_OTLP_* variables).</summary>
    public const string ExporterSetting = "Telemetry:Exporter";

    /// <summary>Set in a function app that has Application Insights; its presence turns the Azure Monitor exporter on.</summary>
    public const string ApplicationInsightsSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    private static readonly string[] Exporters = ["none", "console", "otlp"];

    /// <summary>
    /// The standalone host's own HTTP request spans (ASP.NET Core's <c>Microsoft.AspNetCore</c>
    /// activity source), sampled like any root span: a request with no <c>traceparent</c> is traced,
    /// and a caller's sampling decision in one is kept. Without them the request's activity is never
    /// sampled, and an <c>ApplyReport</c> span under it was dropped unless the caller sent a sampled
    /// <c>traceparent</c>. (Under the Functions host the host traces the request and the worker's
    /// defaults parent the invocation on it.)
    /// </summary>
    public static IServiceCollection AddRequestTracing(this IServiceCollection services) =>
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddSource(AspNetCoreSource));

    /// <summary>The activity source ASP.NET Core's hosting starts each request's activity from.</summary>
    public const string AspNetCoreSource = "Microsoft.AspNetCore";

    /// <summary>The service's traces and metrics, with the exporters the settings ask for.</summary>
    public static OpenTelemetryBuilder AddStatusTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var exporter = configuration[ExporterSetting] ?? "none";
        if (!Exporters.Contains(exporter))
        {
            throw new InvalidOperationException($"{ExporterSetting} '{exporter}' must be one of {string.Join(", ", Exporters)}.");
        }

        services.AddMetrics();
        services.AddSingleton<StatusTelemetry>();
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName: "connection-status-functions"))
            .WithTracing(tracing =>
            {
                tracing.AddSource(StatusTelemetry.Name);
                _ = exporter switch
                {
                    "console" => tracing.AddConsoleExporter(),
                    "otlp" => tracing.AddOtlpExporter(),
                    _ => tracing,
                };
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(StatusTelemetry.Name);
                _ = exporter switch
                {
                    "console" => metrics.AddConsoleExporter(),
                    "otlp" => metrics.AddOtlpExporter(),
                    _ => metrics,
                };
            });
        if (!string.IsNullOrWhiteSpace(configuration[ApplicationInsightsSetting]))
        {
            telemetry.UseAzureMonitorExporter(o => o.ConnectionString = configuration[ApplicationInsightsSetting]);
        }

        return telemetry;
    }
}
