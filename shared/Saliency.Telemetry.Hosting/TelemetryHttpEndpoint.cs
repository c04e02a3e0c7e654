using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;

namespace Saliency.Telemetry.Hosting;

/// <summary>
/// A small Kestrel server beside the host (whatever kind of host it is) serving <c>/healthz</c> (the process is
/// alive), <c>/readyz</c> (the host has started and is not stopping: 200, else 503) and <c>/metrics</c> (Prometheus
/// text format from the host's own meter provider). Whether the silo is alive is what a scrape of <c>/metrics</c>
/// says (Prometheus' <c>up</c>), not a gauge of its own.
/// </summary>
internal sealed class TelemetryHttpEndpoint(
    IServiceProvider services,
    TelemetryOptions options,
    SiloIdentity identity,
    IHostApplicationLifetime lifetime,
    ILogger<TelemetryHttpEndpoint> logger) : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.HttpEndpoint))
        {
            return;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(options.HttpEndpoint);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapGet("/readyz", () => IsReady() ? Results.Text("ready\n") : Results.Text("not ready\n", statusCode: 503));
        if (options.Prometheus)
        {
            app.MapPrometheusScrapingEndpoint("/metrics", services.GetRequiredService<MeterProvider>(), null, null);
        }

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;
        logger.LogInformation("Health and metrics endpoint of the {Role} silo ({Device}) listening on {Endpoint}", identity.SiloRole, identity.Device, options.HttpEndpoint);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private bool IsReady() =>
        lifetime.ApplicationStarted.IsCancellationRequested && !lifetime.ApplicationStopping.IsCancellationRequested;
}
