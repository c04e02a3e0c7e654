using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;
using Saliency.Grains.Gpu;
using Saliency.Grains.Gpu.Execution;
using Saliency.Grains.Storage;
using Saliency.Silo.Hosting;

namespace Saliency.Grains.Tests;

/// <summary>
/// An in-process Orleans cluster for the tests: silo 0 is a CPU-only silo (orchestration only), the others are
/// "gpu" silos (work grains + device executor; on this machine their device is the CPU). Each cluster gets its own
/// ports from the test port allocator, its own ids, and a results folder given by the test.
/// </summary>
public sealed class TestClusterHarness : IAsyncDisposable
{
    private TestClusterHarness(InProcessTestCluster cluster, TestWorkload workload)
    {
        Cluster = cluster;
        Workload = workload;
    }

    public InProcessTestCluster Cluster { get; }

    public TestWorkload Workload { get; }

    public IClusterClient Client => Cluster.Client;

    /// <summary>Name of the CPU-only silo.</summary>
    public const string CpuSiloName = "Silo_0";

    /// <param name="responseTimeout">Default grain-call response timeout (30 s unless a test needs it short).</param>
    /// <param name="redisReminders">
    /// Keep the reminder table in this Redis (as redis-clustered silos do) instead of in memory, where it is a grain
    /// on one silo and dies with it; <paramref name="wakeUp"/> is then the sweeps' wake-up period.
    /// </param>
    public static Task<TestClusterHarness> StartAsync(
        string resultsDirectory, TestWorkload workload, int gpuSilos = 1, bool fastFailureDetection = false, TimeSpan? responseTimeout = null,
        string? redisReminders = null, TimeSpan? wakeUp = null) =>
        StartCoreAsync(services => services.AddSaliencyOrchestration(resultsDirectory), workload, gpuSilos, fastFailureDetection, responseTimeout, redisReminders, wakeUp);

    /// <summary>
    /// A cluster (one cpu silo, <paramref name="gpuSilos"/> gpu silos) whose silos keep results in the store
    /// <paramref name="resultStore"/> builds (e.g. an <see cref="ObjectStoreResultStore"/> on Azurite).
    /// </summary>
    public static Task<TestClusterHarness> StartWithResultStoreAsync(Func<IResultStore> resultStore, TestWorkload workload, int gpuSilos = 1) =>
        StartCoreAsync(services => services.AddSaliencyOrchestration(_ => resultStore()), workload, gpuSilos, false, null);

    private static async Task<TestClusterHarness> StartCoreAsync(
        Action<IServiceCollection> addResultStore, TestWorkload workload, int gpuSilos, bool fastFailureDetection, TimeSpan? responseTimeout,
        string? redisReminders = null, TimeSpan? wakeUp = null)
    {
        var builder = new InProcessTestClusterBuilder((short)(1 + gpuSilos));
        builder.Options.AssumeHomogenousSilosForTesting = false;
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((options, silo) =>
        {
            var role = options.SiloName == CpuSiloName ? SiloRole.Cpu : SiloRole.Gpu;
            silo.Services.AddSingleton(workload);
            addResultStore(silo.Services);
            silo.Services.AddSingleton<IShardEvaluator, TestEvaluator>();
            silo.Services.AddSingleton<ISampleSource, TestSampleSource>();
            silo.AddSaliencyRole(role, new ExecutorOptions { Device = role == SiloRole.Gpu ? "test-gpu" : "none" });
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = responseTimeout ?? TimeSpan.FromSeconds(30));
            SweepWakeUpSetup.Configure(silo, wakeUp ?? new SweepWakeUpOptions().Period, redisReminders);
            if (fastFailureDetection)
            {
                silo.Configure<ClusterMembershipOptions>(o =>
                {
                    o.ProbeTimeout = TimeSpan.FromMilliseconds(500);
                    o.NumMissedProbesLimit = 1;
                    o.NumVotesForDeathDeclaration = 1;
                    o.TableRefreshTimeout = TimeSpan.FromSeconds(1);
                });
            }
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new TestClusterHarness(cluster, workload);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Cluster.StopAllSilosAsync();
        }
        finally
        {
            await Cluster.DisposeAsync();
        }
    }
}
