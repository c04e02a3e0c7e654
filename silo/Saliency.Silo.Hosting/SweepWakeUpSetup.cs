using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Saliency.Grains;

namespace Saliency.Silo.Hosting;

/// <summary>
/// The silo side of the sweeps' wake-up reminder (<see cref="SweepWakeUpOptions"/>): the reminder table (in the Redis
/// at <c>redis</c>, where it outlives every silo, or in memory, a grain on one silo) and the period, with Orleans'
/// minimum reminder period lowered to it when shorter. Used by <see cref="SiloSetup"/> and the test clusters.
/// </summary>
public static class SweepWakeUpSetup
{
    public static void Configure(ISiloBuilder silo, TimeSpan period, string? redis)
    {
        if (redis is null)
        {
            silo.UseInMemoryReminderService();
        }
        else
        {
            silo.UseRedisReminderService(o => o.ConfigurationOptions = StackExchange.Redis.ConfigurationOptions.Parse(redis));
        }

        silo.Services.Configure<SweepWakeUpOptions>(o => o.Period = period);
        silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = period < o.MinimumReminderPeriod ? period : o.MinimumReminderPeriod);
    }
}
