using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Saliency.Telemetry;

/// <summary>
/// Every metric of the saliency cluster, in one place: the meter, the definitions (names, units, labels; the
/// dashboards test reads <see cref="Definitions"/>), the instruments and the recording helpers.
/// <para>Conventions (Prometheus'): durations in seconds with explicit buckets (<see cref="MapDurationBucketsSeconds"/>);
/// scores in [0, 1] with buckets of 0.05; counters end in <c>_total</c>, gauges never; labels only from
/// <see cref="MetricLabels"/> (never sample, trial, shard or sweep ids). With OpenTelemetry's Prometheus naming,
/// <c>saliency.map.duration</c> (s) becomes <c>saliency_map_duration_seconds_bucket/_sum/_count</c>. Whether a silo is
/// alive is not a metric of its own: Prometheus' <c>up</c> of the scrape says it (docs/deploy.md).</para>
/// </summary>
public static class SaliencyMetrics
{
    /// <summary>Name of the meter to enable in the OpenTelemetry meter provider.</summary>
    public const string MeterName = "Saliency.Cluster";

    /// <summary>Upper bucket bounds of the map-latency histogram, in seconds (1 ms to 60 s).</summary>
    public static IReadOnlyList<double> MapDurationBucketsSeconds { get; } =
        [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60];

    /// <summary>Upper bucket bounds of the score histograms (scores lie in [0, 1]).</summary>
    public static IReadOnlyList<double> ScoreBuckets { get; } =
        [.. Enumerable.Range(1, 20).Select(i => Math.Round(i * 0.05, 2))];

    /// <summary>Wall time of one saliency map (one sample, one method), on the device executor.</summary>
    public static readonly MetricDefinition MapDuration = new(
        "saliency.map.duration", "s", MetricKind.Histogram,
        [MetricLabels.Method, MetricLabels.Device, MetricLabels.SiloRole],
        "Time to compute one saliency map (one sample, one method variant) on its device.");

    /// <summary>Samples whose map and scores were computed.</summary>
    public static readonly MetricDefinition SamplesProcessed = new(
        "saliency.samples.processed", "{sample}", MetricKind.Counter,
        [MetricLabels.Method, MetricLabels.Device, MetricLabels.SiloRole],
        "Samples whose saliency map was computed and scored.");

    /// <summary>Samples that failed (after the executor gave up on them).</summary>
    public static readonly MetricDefinition SamplesFailed = new(
        "saliency.samples.failed", "{sample}", MetricKind.Counter,
        [MetricLabels.Method, MetricLabels.Device, MetricLabels.SiloRole],
        "Samples whose saliency map or scores could not be computed.");

    /// <summary>Work items waiting on a device executor.</summary>
    public static readonly MetricDefinition DeviceQueueDepth = new(
        "saliency.device.queue.depth", "{item}", MetricKind.Gauge,
        [MetricLabels.Device, MetricLabels.SiloRole],
        "Work items queued on a device executor (not counting the one running).");

    /// <summary>1 while a device is computing, 0 while idle.</summary>
    public static readonly MetricDefinition DeviceInUse = new(
        "saliency.device.in_use", null, MetricKind.Gauge,
        [MetricLabels.Device, MetricLabels.SiloRole],
        "1 while the device executor is computing, 0 while idle.");

    /// <summary>Samples done over all sweeps coordinated by this silo.</summary>
    public static readonly MetricDefinition SweepSamplesDone = new(
        "saliency.sweep.samples.done", "{sample}", MetricKind.Gauge,
        [MetricLabels.SiloRole],
        "Samples done (computed, failed or skipped) in the running sweeps coordinated by this silo.");

    /// <summary>Samples planned over all sweeps coordinated by this silo (a gauge: no <c>_total</c> in its name).</summary>
    public static readonly MetricDefinition SweepSamplesPlanned = new(
        "saliency.sweep.samples.planned", "{sample}", MetricKind.Gauge,
        [MetricLabels.SiloRole],
        "Samples planned in all (done or not) in the running sweeps coordinated by this silo.");

    /// <summary>Distance pointing-game score of each scored map.</summary>
    public static readonly MetricDefinition DistanceScore = new(
        "saliency.score.distance", null, MetricKind.Histogram,
        [MetricLabels.Method, MetricLabels.Normalisation],
        "Distance pointing-game score (0..1) of each scored saliency map.");

    /// <summary>Energy pointing-game score of each scored map.</summary>
    public static readonly MetricDefinition EnergyScore = new(
        "saliency.score.energy", null, MetricKind.Histogram,
        [MetricLabels.Method, MetricLabels.Normalisation],
        "Energy pointing-game score (0..1) of each scored saliency map.");

    /// <summary>Every metric above.</summary>
    public static IReadOnlyList<MetricDefinition> Definitions { get; } =
    [
        MapDuration, SamplesProcessed, SamplesFailed, DeviceQueueDepth, DeviceInUse,
        SweepSamplesDone, SweepSamplesPlanned, DistanceScore, EnergyScore,
    ];

    /// <summary>Device executors reported by the queue-depth and in-use gauges.</summary>
    public static ObservableRegistry<DeviceProbe> Devices { get; } = new();

    /// <summary>Running sweeps reported by the sweep-progress gauges, with the role of the silo hosting them.</summary>
    public static ObservableRegistry<(string SiloRole, SweepProgressProbe Probe)> Sweeps { get; } = new();

    private static readonly Meter Meter = new(MeterName);

    private static readonly Histogram<double> MapDurationHistogram = Meter.CreateHistogram(
        MapDuration.Name, MapDuration.Unit, MapDuration.Description, tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = MapDurationBucketsSeconds });

    private static readonly Counter<long> SamplesProcessedCounter =
        Meter.CreateCounter<long>(SamplesProcessed.Name, SamplesProcessed.Unit, SamplesProcessed.Description);

    private static readonly Counter<long> SamplesFailedCounter =
        Meter.CreateCounter<long>(SamplesFailed.Name, SamplesFailed.Unit, SamplesFailed.Description);

    private static readonly Histogram<double> DistanceScoreHistogram = Meter.CreateHistogram(
        DistanceScore.Name, DistanceScore.Unit, DistanceScore.Description, tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = ScoreBuckets });

    private static readonly Histogram<double> EnergyScoreHistogram = Meter.CreateHistogram(
        EnergyScore.Name, EnergyScore.Unit, EnergyScore.Description, tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = ScoreBuckets });

    private static readonly ObservableGauge<int> QueueDepthGauge = Meter.CreateObservableGauge(
        DeviceQueueDepth.Name,
        () => Devices.Snapshot().Select(d => new Measurement<int>(d.QueueDepth(), DeviceTags(d))),
        DeviceQueueDepth.Unit, DeviceQueueDepth.Description);

    private static readonly ObservableGauge<int> InUseGauge = Meter.CreateObservableGauge(
        DeviceInUse.Name,
        () => Devices.Snapshot().Select(d => new Measurement<int>(d.InUse() ? 1 : 0, DeviceTags(d))),
        DeviceInUse.Unit, DeviceInUse.Description);

    private static readonly ObservableGauge<long> SweepDoneGauge = Meter.CreateObservableGauge(
        SweepSamplesDone.Name, () => SweepSums(p => p.SamplesDone()), SweepSamplesDone.Unit, SweepSamplesDone.Description);

    private static readonly ObservableGauge<long> SweepPlannedGauge = Meter.CreateObservableGauge(
        SweepSamplesPlanned.Name, () => SweepSums(p => p.SamplesTotal()), SweepSamplesPlanned.Unit, SweepSamplesPlanned.Description);

    /// <summary>Records the wall time of one saliency map.</summary>
    public static void RecordMapDuration(string method, string device, string siloRole, TimeSpan elapsed) =>
        MapDurationHistogram.Record(elapsed.TotalSeconds, WorkTags(method, device, siloRole));

    /// <summary>Counts one processed sample.</summary>
    public static void RecordSampleProcessed(string method, string device, string siloRole) =>
        SamplesProcessedCounter.Add(1, WorkTags(method, device, siloRole));

    /// <summary>Counts one failed sample.</summary>
    public static void RecordSampleFailed(string method, string device, string siloRole) =>
        SamplesFailedCounter.Add(1, WorkTags(method, device, siloRole));

    /// <summary>Records the distance and energy scores of one map under one normalisation.</summary>
    public static void RecordScores(string method, string normalisation, double distance, double energy)
    {
        var tags = new TagList
        {
            { MetricLabels.Method, method },
            { MetricLabels.Normalisation, normalisation },
        };
        DistanceScoreHistogram.Record(distance, tags);
        EnergyScoreHistogram.Record(energy, tags);
    }

    private static TagList WorkTags(string method, string device, string siloRole) => new()
    {
        { MetricLabels.Method, method },
        { MetricLabels.Device, device },
        { MetricLabels.SiloRole, siloRole },
    };

    private static KeyValuePair<string, object?>[] DeviceTags(DeviceProbe d) =>
    [
        new(MetricLabels.Device, d.Device),
        new(MetricLabels.SiloRole, d.SiloRole),
    ];

    private static IEnumerable<Measurement<long>> SweepSums(Func<SweepProgressProbe, long> read) =>
        Sweeps.Snapshot()
            .GroupBy(s => s.SiloRole)
            .Select(g => new Measurement<long>(g.Sum(s => read(s.Probe)),
                new KeyValuePair<string, object?>(MetricLabels.SiloRole, g.Key)));

    /// <summary>Touches every instrument so that the meter publishes them all (static initialisation).</summary>
    internal static IReadOnlyList<Instrument> Instruments =>
    [
        MapDurationHistogram, SamplesProcessedCounter, SamplesFailedCounter, DistanceScoreHistogram,
        EnergyScoreHistogram, QueueDepthGauge, InUseGauge, SweepDoneGauge, SweepPlannedGauge,
    ];
}
