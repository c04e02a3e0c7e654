using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Hosting;
using Saliency.Core;
using Saliency.Silo.Hosting;

namespace Saliency.Grains.Tests;

/// <summary>
/// <see cref="SiloSetup"/> turns <c>Saliency:Silo:SweepWakeUpSeconds</c> into the sweeps' reminder period and picks
/// the reminder table by clustering (Redis beside Redis membership, memory for localhost). The silo host is built,
/// not started.
/// </summary>
public sealed class SiloSetupWakeUpTests
{
    private static IHost Build(SiloSettings settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleans(silo => SiloSetup.Configure(silo, new SiloOptions { Silo = settings, Executor = new() { Evaluator = "synthetic" } }));
        return builder.Build();
    }

    [Theory]
    [InlineData("localhost", 5, "InMemoryReminderTable")]
    [InlineData("redis", 300, "RedisReminderTable")]
    public void The_wake_up_period_and_the_reminder_table_follow_the_settings(string clustering, int seconds, string table)
    {
        using var host = Build(new SiloSettings { Clustering = clustering, Redis = "127.0.0.1:1,abortConnect=false", SweepWakeUpSeconds = seconds });
        Assert.Equal(TimeSpan.FromSeconds(seconds), host.Services.GetRequiredService<IOptions<SweepWakeUpOptions>>().Value.Period);
        // Orleans refuses reminders shorter than its minimum (one minute by default); a shorter period lowers it.
        Assert.Equal(TimeSpan.FromSeconds(Math.Min(seconds, 60)), host.Services.GetRequiredService<IOptions<ReminderOptions>>().Value.MinimumReminderPeriod);
        Assert.Equal(table, host.Services.GetRequiredService<IReminderTable>().GetType().Name);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void A_wake_up_period_below_one_second_is_refused_naming_the_setting(int seconds)
    {
        var e = Assert.Throws<InputException>(() => Build(new SiloSettings { SweepWakeUpSeconds = seconds }));
        Assert.Equal("Saliency:Silo:SweepWakeUpSeconds", e.Field);
        Assert.Contains($"{seconds} is not a wake-up period", e.Message, StringComparison.Ordinal);
    }
}
