using System.Text.RegularExpressions;
using k8s.Models;
using YamlDotNet.RepresentationModel;

namespace Saliency.Deploy.Tests;

/// <summary>A pod port a scrape job of the rendered prometheus.yml targets, with the target labels it gets.</summary>
internal sealed record ScrapeTarget(string Job, Workload Workload, int Port, IReadOnlyDictionary<string, string> Labels);

/// <summary>
/// The rendered Prometheus configuration (ConfigMap prometheus-config) and what its DNS discovery would find among
/// the rendered workloads: a name of a <c>dns_sd_configs</c> entry is a headless Service of the namespace, whose
/// selected pods are the targets on the entry's port, filtered and labelled by the job's <c>relabel_configs</c>
/// (keep, drop, replace; source labels joined with ';', anchored regular expressions, as Prometheus does).
/// </summary>
internal sealed class PrometheusConfig(YamlMappingNode root)
{
    public static PrometheusConfig Load(Installation installation)
    {
        var text = Manifests.ConfigMap(installation.All, "prometheus-config").Data["prometheus.yml"];
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return new PrometheusConfig((YamlMappingNode)stream.Documents[0].RootNode);
    }

    public IEnumerable<YamlMappingNode> Jobs => ((YamlSequenceNode)root["scrape_configs"]).Cast<YamlMappingNode>();

    public static string JobName(YamlMappingNode job) => Scalar(job["job_name"]);

    /// <summary>Labels a job's targets carry: job, instance, and every relabelled target_label not starting with __.</summary>
    public IReadOnlySet<string> TargetLabels(string jobName)
    {
        var job = Jobs.Single(j => JobName(j) == jobName);
        return RelabelConfigs(job)
            .Where(r => r.Children.ContainsKey("target_label"))
            .Select(r => Scalar(r["target_label"]))
            .Where(l => !l.StartsWith("__", StringComparison.Ordinal))
            .Append("job").Append("instance")
            .ToHashSet();
    }

    public IReadOnlyList<ScrapeTarget> PodTargets(Installation installation)
    {
        var targets = new List<ScrapeTarget>();
        foreach (var job in Jobs.Where(j => j.Children.ContainsKey("dns_sd_configs")))
        {
            foreach (var sd in ((YamlSequenceNode)job["dns_sd_configs"]).Cast<YamlMappingNode>())
            {
                Assert.Equal("A", Scalar(sd["type"]));
                var port = int.Parse(Scalar(sd["port"]), System.Globalization.CultureInfo.InvariantCulture);
                foreach (var dnsName in ((YamlSequenceNode)sd["names"]).Select(Scalar))
                {
                    // A short name resolves in the pod's own namespace (resolv.conf search path); A records of a
                    // headless Service are its selected pods (all of them with publishNotReadyAddresses).
                    var serviceName = dnsName.Split('.')[0];
                    var service = References.Service(installation, installation.Namespace, serviceName);
                    Assert.True(service is not null, $"prometheus.yml job {JobName(job)} resolves {dnsName}, which is no rendered Service in {installation.Namespace}");
                    Assert.True(service!.Spec.ClusterIP == "None", $"prometheus.yml job {JobName(job)}: Service {serviceName} is not headless, so DNS gives one virtual IP, not each pod");
                    foreach (var w in installation.Workloads.Where(w => References.Selects(service.Spec.Selector, w.Labels)))
                    {
                        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
                        {
                            ["__meta_dns_name"] = dnsName,
                            ["__address__"] = $"10.0.0.10:{port}",
                            ["job"] = JobName(job),
                        };
                        if (Relabel(RelabelConfigs(job), labels))
                        {
                            labels.TryAdd("instance", labels["__address__"]);
                            targets.Add(new ScrapeTarget(JobName(job), w, port,
                                labels.Where(kv => !kv.Key.StartsWith("__", StringComparison.Ordinal)).ToDictionary()));
                        }
                    }
                }
            }
        }

        return targets;
    }

    private static IEnumerable<YamlMappingNode> RelabelConfigs(YamlMappingNode job) =>
        job.Children.TryGetValue(new YamlScalarNode("relabel_configs"), out var node) ? ((YamlSequenceNode)node).Cast<YamlMappingNode>() : [];

    /// <summary>Applies the rules; false when a keep/drop rule removes the target.</summary>
    private static bool Relabel(IEnumerable<YamlMappingNode> rules, Dictionary<string, string> labels)
    {
        foreach (var rule in rules)
        {
            var sources = rule.Children.TryGetValue(new YamlScalarNode("source_labels"), out var s)
                ? ((YamlSequenceNode)s).Select(Scalar).ToList()
                : [];
            var value = string.Join(";", sources.Select(l => labels.GetValueOrDefault(l, "")));
            var regex = new Regex("^(?:" + (rule.Children.TryGetValue(new YamlScalarNode("regex"), out var r) ? Scalar(r) : "(.*)") + ")$");
            var action = rule.Children.TryGetValue(new YamlScalarNode("action"), out var a) ? Scalar(a) : "replace";
            switch (action)
            {
                case "keep" when !regex.IsMatch(value):
                    return false;
                case "drop" when regex.IsMatch(value):
                    return false;
                case "keep" or "drop":
                    break;
                case "replace":
                    var match = regex.Match(value);
                    if (match.Success)
                    {
                        var replacement = rule.Children.TryGetValue(new YamlScalarNode("replacement"), out var rep) ? Scalar(rep) : "$1";
                        labels[Scalar(rule["target_label"])] = match.Result(replacement);
                    }

                    break;
                default:
                    throw new InvalidOperationException($"relabel action {action} is not modelled here");
            }
        }

        return true;
    }

    private static string Scalar(YamlNode node) => ((YamlScalarNode)node).Value ?? "";
}
