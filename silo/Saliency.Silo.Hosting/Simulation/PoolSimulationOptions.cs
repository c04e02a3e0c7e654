namespace Saliency.Silo.Hosting.Simulation;

/// <summary>How a pool simulation runs (<see cref="PoolSimulation"/>).</summary>
/// <param name="Silos">Simulated GPU silos (devices the scheduler sees).</param>
/// <param name="SecondsPerPass">Modelled seconds of one single-input forward pass on a simulated GPU.</param>
/// <param name="TimeScale">Real seconds per modelled second (0.1: the run takes a tenth of the modelled time).</param>
/// <param name="Timeout">Real time after which the run is given up.</param>
public sealed record PoolSimulationOptions(int Silos, double SecondsPerPass, double TimeScale, TimeSpan Timeout);
