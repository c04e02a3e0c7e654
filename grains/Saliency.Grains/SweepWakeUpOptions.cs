namespace Saliency.Grains;

/// <summary>
/// While a sweep runs, its grain holds an Orleans reminder (<see cref="ReminderName"/>) that fires every
/// <see cref="Period"/>. Reminders live in the cluster's reminder table, not in an activation, so when the silo that
/// coordinates the sweep is lost (drained, killed, its node gone) the next tick activates the sweep grain on another
/// silo, which continues from storage, with nobody polling the sweep. The reminder is dropped once the sweep is
/// completed, failed or cancelled. Orleans' own minimum reminder period (one minute unless configured) bounds
/// <see cref="Period"/> from below.
/// </summary>
public sealed class SweepWakeUpOptions
{
    public const string ReminderName = "sweep-wake-up";

    public TimeSpan Period { get; set; } = TimeSpan.FromMinutes(1);
}
