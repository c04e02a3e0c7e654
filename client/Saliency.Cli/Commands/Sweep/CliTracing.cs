using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Saliency.Telemetry;

namespace Saliency.Cli.Commands.Sweep;

/// <summary>
/// Trace export of the CLI's sweep commands: an OpenTelemetry tracer provider (service <c>saliency-cli</c>; the
/// saliency and Orleans activity sources; OTLP configured by the standard <c>OTEL_*</c> variables) only when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. Otherwise nothing listens, spans are not even created, and grain calls
/// carry no trace context. Disposing the provider flushes the spans before the command exits.
/// </summary>
internal static class CliTracing
{
    public const string ServiceName = "saliency-cli";

    /// <summary>The tracer provider to dispose when the command ends, or null when OTLP export is not configured.</summary>
    public static TracerProvider? StartExporter()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT")))
        {
            return null;
        }

        return Sdk.CreateTracerProviderBuilder()
            .ConfigureResource(r => r.AddService(ServiceName))
            .AddSource([SaliencyTracing.ActivitySourceName, .. SaliencyTracing.OrleansActivitySources])
            .AddOtlpExporter()
            .Build();
    }
}
