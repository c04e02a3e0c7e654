using Microsoft.Extensions.Hosting;
using Saliency.Silo;

// One silo process: `dotnet run --project silo/Saliency.Silo` (role, device, clustering, ports and storage from
// appsettings.json and environment variables such as Saliency__Silo__Role=cpu, Saliency__Silo__SiloPort=11112).
var builder = Host.CreateApplicationBuilder(args);
builder.UseOrleans(silo => SiloSetup.Configure(silo, builder.Configuration));
using var host = builder.Build();
await host.RunAsync();
