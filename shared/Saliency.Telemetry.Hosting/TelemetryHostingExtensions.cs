using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Saliency.Telemetry.Hosting;

/// <summary>Registers the cluster's OpenTelemetry pipeline on a host (silo or embedded run).</summary>
public static class TelemetryHostingExtensions
{
    /// <summary>Orleans' activity sources (grain calls; enable with the silo builder's AddActivityPropagation()).</summary>
    public static IReadOnlyList<string> OrleansActivitySources => SaliencyTracing.OrleansActivitySources;

    /// <summary>
    /// Metrics (the saliency meter and Orleans' meter) and traces (the saliency source and Orleans' sources) with
    /// a resource naming the service, the pod (<c>POD_NAME</c>, else the machine) and the silo role. Exporters: OTLP
    /// when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is configured (all <c>OTEL_*</c> variables apply), per signal unless
    /// the standard <c>OTEL_TRACES_EXPORTER</c> / <c>OTEL_METRICS_EXPORTER</c> / <c>OTEL_LOGS_EXPORTER</c> says
    /// <c>none</c> (<c>otlp</c> is the default; Kubernetes sends only traces: metrics are scraped, logs stay on
    /// stdout), and the HTTP endpoint of <see cref="TelemetryOptions"/> (health, readiness, Prometheus <c>/metrics</c>).
    /// </summary>
    public static IHostApplicationBuilder AddSaliencyTelemetry(this IHostApplicationBuilder builder, SiloIdentity identity)
    {
        var options = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(identity);

        var instance = builder.Configuration["POD_NAME"] is { Length: > 0 } pod ? pod : Environment.MachineName;
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r
                .AddService(identity.ServiceName, serviceInstanceId: instance)
                .AddAttributes([
                    new KeyValuePair<string, object>("saliency.silo.role", identity.SiloRole),
                    new KeyValuePair<string, object>("saliency.device", identity.Device),
                ]))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(SaliencyMetrics.MeterName, OrleansMetrics.MeterName);
                if (options.Prometheus)
                {
                    metrics.AddPrometheusExporter();
                }
            })
            .WithTracing(tracing => tracing.AddSource([SaliencyTracing.ActivitySourceName, .. OrleansActivitySources]));
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            if (OtlpWanted(builder.Configuration, "OTEL_TRACES_EXPORTER"))
            {
                telemetry.WithTracing(tracing => tracing.AddOtlpExporter());
            }

            if (OtlpWanted(builder.Configuration, "OTEL_METRICS_EXPORTER"))
            {
                telemetry.WithMetrics(metrics => metrics.AddOtlpExporter());
            }

            if (OtlpWanted(builder.Configuration, "OTEL_LOGS_EXPORTER"))
            {
                telemetry.WithLogging(logging => logging.AddOtlpExporter());
            }
        }

        builder.Services.AddHostedService<TelemetryHttpEndpoint>();
        return builder;
    }

    /// <summary>The OpenTelemetry exporter selection variable of one signal: <c>otlp</c> (also when unset) or <c>none</c>.</summary>
    private static bool OtlpWanted(IConfiguration configuration, string variable) =>
        (configuration[variable] ?? "otlp").Trim().ToLowerInvariant() switch
        {
            "" or "otlp" => true,
            "none" => false,
            var other => throw new InvalidOperationException($"{variable}='{other}' is not supported (otlp or none)"),
        };
}
