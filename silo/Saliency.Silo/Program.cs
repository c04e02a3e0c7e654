using Microsoft.Extensions.Hosting;
using Saliency.Silo.Hosting;
using Saliency.Torch.Model;

// One silo process: `dotnet run --project silo/Saliency.Silo` (role, device, clustering, ports and storage from
// appsettings.json and environment variables such as Saliency__Silo__Role=cpu, Saliency__Silo__SiloPort=11112).
// Telemetry: /healthz, /readyz and /metrics on Telemetry__HttpEndpoint (default http://127.0.0.1:8080), OTLP when
// OTEL_EXPORTER_OTLP_ENDPOINT is set.
// Large tensors reuse heap memory instead of fresh mmaps, on every thread: the process restarts itself once with
// GLIBC_TUNABLES for one shared malloc arena (SALIENCY_MALLOC_TUNING=off keeps glibc's defaults).
NativeHeap.RestartWithTunables();
NativeHeap.TuneForLargeTensors();
var builder = Host.CreateApplicationBuilder(args);
var options = SiloOptions.From(builder.Configuration);
builder.AddSiloTelemetry(options);
builder.UseOrleans(silo =>
{
    SiloSetup.Configure(silo, options);
    silo.AddActivityPropagation();
});
using var host = builder.Build();
await host.RunAsync();
