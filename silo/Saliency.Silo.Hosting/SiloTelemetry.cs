using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Saliency.Grains.Gpu.Execution;
using Saliency.Telemetry.Hosting;

namespace Saliency.Silo.Hosting;

/// <summary>
/// The silo host's telemetry: <see cref="TelemetryHostingExtensions.AddSaliencyTelemetry"/> with the identity from
/// the silo's settings (service <c>saliency-silo</c>, role <c>Saliency:Silo:Role</c>, device
/// <c>Saliency:Executor:Device</c>). Call it before <c>UseOrleans</c>, so that the HTTP endpoint starts first: the
/// probes' <c>/healthz</c> answers while the silo joins, <c>/readyz</c> only once the host (silo included) has started.
/// Enable grain-call context propagation on the silo with <c>AddActivityPropagation()</c>.
/// </summary>
public static class SiloTelemetry
{
    public const string ServiceName = "saliency-silo";

    /// <summary>The identity telemetry reports for a silo with <paramref name="options"/>.</summary>
    public static SiloIdentity Identity(SiloOptions options) =>
        new(ServiceName, options.Silo.Role.ToLowerInvariant(), options.Executor.Device);

    /// <summary>Adds the saliency telemetry with <see cref="Identity"/> to <paramref name="builder"/>.</summary>
    public static IHostApplicationBuilder AddSiloTelemetry(this IHostApplicationBuilder builder, SiloOptions options) =>
        builder.AddSaliencyTelemetry(Identity(options));
}
