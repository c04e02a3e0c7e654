using System.Globalization;
using k8s.Models;

namespace Saliency.Deploy.Tests;

/// <summary>Invariants of the silo deployments in every rendered overlay (see docs/deploy.md and the issue).</summary>
public sealed class SiloManifestTests
{
    public static TheoryData<string> SiloEntrypoints() => [.. Manifests.SiloEntrypoints];

    [Theory]
    [MemberData(nameof(SiloEntrypoints))]
    public void Both_silo_roles_are_deployed(string entrypoint)
    {
        var silos = Manifests.Silos(Kustomize.Render(entrypoint)).Select(d => d.Metadata.Name).Order().ToList();
        Assert.Equal([Manifests.CpuSiloName, Manifests.GpuSiloName], silos);
    }

    [Fact]
    public void Gpu_silos_take_exactly_one_gpu_on_the_gpu_pool()
    {
        var gpu = Manifests.Silo(Kustomize.Render("overlays/gpu-pool"), Manifests.GpuSiloName);
        var pod = gpu.Spec.Template.Spec;
        var silo = Manifests.SiloContainer(gpu);
        Assert.Equal("1", silo.Resources.Limits["nvidia.com/gpu"].ToString());
        Assert.All(pod.Containers.Where(c => c != silo), c => Assert.False(c.Resources?.Limits?.ContainsKey("nvidia.com/gpu") ?? false));
        Assert.Contains(pod.Tolerations, t => t.Key == "nvidia.com/gpu" && t.Effect == "NoSchedule");
        Assert.NotNull(pod.NodeSelector);
        Assert.NotEmpty(pod.NodeSelector);
        Assert.Equal("gpu", Env(Manifests.SiloContainer(gpu), "Saliency__Silo__Role"));
        Assert.Equal("cuda", Env(Manifests.SiloContainer(gpu), "Saliency__Executor__Device"));
        Assert.True(gpu.Spec.Replicas >= 1);
    }

    [Fact]
    public void The_dev_work_silo_runs_on_the_cpu_device_without_gpu_scheduling()
    {
        var work = Manifests.Silo(Kustomize.Render("overlays/dev"), Manifests.GpuSiloName);
        var container = Manifests.SiloContainer(work);
        Assert.Equal(1, work.Spec.Replicas);
        Assert.Equal("gpu", Env(container, "Saliency__Silo__Role")); // the role that hosts the work grains
        Assert.Equal("cpu", Env(container, "Saliency__Executor__Device"));
        Assert.False(container.Resources.Limits.ContainsKey("nvidia.com/gpu"));
        Assert.False(container.Resources.Requests.ContainsKey("nvidia.com/gpu"));
        Assert.Null(work.Spec.Template.Spec.NodeSelector);
        Assert.Null(work.Spec.Template.Spec.Tolerations);
    }

    [Theory]
    [MemberData(nameof(SiloEntrypoints))]
    public void Cpu_silo_asks_for_no_gpu_and_has_the_cpu_role(string entrypoint)
    {
        var cpu = Manifests.Silo(Kustomize.Render(entrypoint), Manifests.CpuSiloName);
        var container = Manifests.SiloContainer(cpu);
        Assert.False(container.Resources?.Limits?.ContainsKey("nvidia.com/gpu") ?? false);
        Assert.False(container.Resources?.Requests?.ContainsKey("nvidia.com/gpu") ?? false);
        Assert.Equal("cpu", Env(container, "Saliency__Silo__Role"));
    }

    [Theory]
    [MemberData(nameof(SiloEntrypoints))]
    public void Pod_address_and_name_come_from_the_downward_api_and_the_ids_from_the_shared_config_map(string entrypoint)
    {
        var expected = new Dictionary<string, string>
        {
            ["POD_NAME"] = "metadata.name",
            ["POD_NAMESPACE"] = "metadata.namespace",
            ["POD_IP"] = "status.podIP",
        };
        var objects = Kustomize.Render(entrypoint);
        var config = Manifests.ConfigMap(objects, Manifests.SiloConfigMapName);
        Assert.All(Manifests.Silos(objects), silo =>
        {
            var container = Manifests.SiloContainer(silo);
            foreach (var (name, path) in expected)
            {
                var env = Assert.Single(container.Env, e => e.Name == name);
                Assert.Equal(path, env.ValueFrom?.FieldRef?.FieldPath);
            }

            Assert.Equal("$(POD_IP)", Env(container, "Saliency__Silo__AdvertisedIP"));
            var names = container.Env.Select(e => e.Name).ToList();
            Assert.True(names.IndexOf("POD_IP") < names.IndexOf("Saliency__Silo__AdvertisedIP"), "POD_IP must precede its use");

            // ServiceId and ClusterId: only from the ConfigMap the clients read as well (one place).
            Assert.DoesNotContain(container.Env, e => e.Name is "Saliency__Silo__ServiceId" or "Saliency__Silo__ClusterId");
            Assert.Contains(container.EnvFrom, e => e.ConfigMapRef?.Name == config.Metadata.Name);
        });
        Assert.False(string.IsNullOrWhiteSpace(config.Data["Saliency__Silo__ServiceId"]));
        Assert.False(string.IsNullOrWhiteSpace(config.Data["Saliency__Silo__ClusterId"]));
    }

    [Theory]
    [MemberData(nameof(SiloEntrypoints))]
    public void Every_silo_container_has_startup_readiness_and_liveness_probes_on_a_declared_port(string entrypoint)
    {
        Assert.All(Manifests.Silos(Kustomize.Render(entrypoint)), silo =>
        {
            var c = Manifests.SiloContainer(silo);
            var ports = c.Ports.Select(p => p.ContainerPort).ToHashSet();
            foreach (var probe in new[] { c.StartupProbe, c.ReadinessProbe, c.LivenessProbe })
            {
                Assert.NotNull(probe?.HttpGet);
                Assert.Contains(Manifests.ProbePort(c, probe.HttpGet.Port), ports);
                Assert.StartsWith("/", probe.HttpGet.Path, StringComparison.Ordinal);
            }
        });
    }

    [Theory]
    [MemberData(nameof(SiloEntrypoints))]
    public void The_telemetry_endpoint_listens_on_the_probed_port_on_all_interfaces(string entrypoint)
    {
        var objects = Kustomize.Render(entrypoint);
        var endpoint = new Uri(Manifests.ConfigMap(objects, Manifests.SiloConfigMapName).Data["Telemetry__HttpEndpoint"]);
        Assert.Equal("0.0.0.0", endpoint.Host);
        Assert.All(Manifests.Silos(objects), silo =>
        {
            var c = Manifests.SiloContainer(silo);
            Assert.Equal(endpoint.Port, Manifests.ProbePort(c, c.LivenessProbe.HttpGet.Port));
            Assert.Equal(endpoint.Port, Manifests.ProbePort(c, c.ReadinessProbe.HttpGet.Port));
            Assert.Equal(endpoint.Port, Manifests.ProbePort(c, c.StartupProbe.HttpGet.Port));
        });
    }

    [Theory]
    [MemberData(nameof(SiloEntrypoints))]
    public void Silos_shut_down_gracefully_and_roll_one_at_a_time(string entrypoint)
    {
        var objects = Kustomize.Render(entrypoint);
        var config = Manifests.ConfigMap(objects, Manifests.SiloConfigMapName);
        var shutdownSeconds = int.Parse(config.Data["DOTNET_shutdownTimeoutSeconds"], CultureInfo.InvariantCulture);
        Assert.All(Manifests.Silos(objects), silo =>
        {
            var container = Manifests.SiloContainer(silo);
            Assert.Contains(container.EnvFrom, e => e.ConfigMapRef?.Name == config.Metadata.Name);
            var preStopSeconds = container.Lifecycle?.PreStop?.Sleep?.Seconds ?? 0;
            Assert.True(preStopSeconds > 0, $"{silo.Metadata.Name}: no preStop pause");
            Assert.True(silo.Spec.Template.Spec.TerminationGracePeriodSeconds > shutdownSeconds + preStopSeconds,
                $"{silo.Metadata.Name}: grace period {silo.Spec.Template.Spec.TerminationGracePeriodSeconds}s must exceed " +
                $"shutdown timeout {shutdownSeconds}s + preStop {preStopSeconds}s");
            Assert.Equal("RollingUpdate", silo.Spec.Strategy.Type);
        });

        // The coordination silo never goes down before its replacement is ready (CPU room for a surge pod); GPU silos
        // are replaced one at a time (no spare GPU for a surge pod: SchedulingTests).
        Assert.Equal("0", Manifests.Silo(objects, Manifests.CpuSiloName).Spec.Strategy.RollingUpdate.MaxUnavailable.Value);
        Assert.All(Manifests.Silos(objects), silo =>
        {
            Assert.NotNull(silo.Spec.Strategy.RollingUpdate);
        });
    }

    [Theory]
    [MemberData(nameof(SiloEntrypoints))]
    public void Silos_have_no_cpu_limit_but_a_memory_limit(string entrypoint)
    {
        Assert.All(Manifests.Silos(Kustomize.Render(entrypoint)), silo =>
        {
            var resources = Manifests.SiloContainer(silo).Resources;
            Assert.False(resources.Limits.ContainsKey("cpu"), $"{silo.Metadata.Name} has a CPU limit");
            Assert.True(resources.Limits.ContainsKey("memory"), $"{silo.Metadata.Name} has no memory limit");
            Assert.True(resources.Requests.ContainsKey("cpu"), $"{silo.Metadata.Name} requests no CPU");
        });
    }

    [Theory]
    [MemberData(nameof(SiloEntrypoints))]
    public void Every_silo_role_has_a_disruption_budget_whose_selector_matches_its_pods(string entrypoint)
    {
        var objects = Kustomize.Render(entrypoint);
        var budgets = objects.OfType<V1PodDisruptionBudget>().ToList();
        var pods = Manifests.Deployments(objects).Select(d => d.Spec.Template.Metadata.Labels).ToList();
        Assert.All(budgets, pdb => Assert.Contains(pods, labels => Manifests.Matches(pdb.Spec.Selector.MatchLabels, labels)));
        Assert.All(Manifests.Silos(objects), silo =>
            Assert.Single(budgets, pdb => Manifests.Matches(pdb.Spec.Selector.MatchLabels, silo.Spec.Template.Metadata.Labels)));
    }

    [Theory]
    [MemberData(nameof(SiloEntrypoints))]
    public void Secrets_the_silos_read_exist_with_their_keys(string entrypoint)
    {
        var objects = Kustomize.Render(entrypoint);
        var rendered = objects.OfType<V1Secret>().ToList();
        var templates = Directory.EnumerateFiles(RepoPaths.Combine("k8s", "base", "secrets"), "*.template.yaml")
            .SelectMany(f => k8s.KubernetesYaml.LoadAllFromString(File.ReadAllText(f), typeMap: null, strict: true))
            .OfType<V1Secret>()
            .ToList();
        var refs = Manifests.Silos(objects)
            .SelectMany(s => Manifests.SiloContainer(s).Env)
            .Select(e => e.ValueFrom?.SecretKeyRef)
            .OfType<V1SecretKeySelector>()
            .ToList();
        Assert.NotEmpty(refs);
        foreach (var r in refs)
        {
            // Rendered (dev: generated, name with hash suffix rewritten into the reference) or a template to fill in.
            var found = rendered.Any(s => s.Metadata.Name == r.Name && (s.Data?.ContainsKey(r.Key) == true || s.StringData?.ContainsKey(r.Key) == true))
                || templates.Any(s => s.Metadata.Name == r.Name && s.StringData.ContainsKey(r.Key));
            Assert.True(found, $"{entrypoint}: secret {r.Name} key {r.Key} is neither rendered nor templated");
        }
    }

    [Fact]
    public void Secret_templates_hold_placeholders_only()
    {
        var templates = Directory.EnumerateFiles(RepoPaths.Combine("k8s", "base", "secrets"), "*.template.yaml").ToList();
        Assert.NotEmpty(templates);
        foreach (var file in templates)
        {
            var secret = (V1Secret)Assert.Single(k8s.KubernetesYaml.LoadAllFromString(File.ReadAllText(file), typeMap: null, strict: true));
            Assert.Null(secret.Data);
            Assert.All(secret.StringData.Values, v => Assert.Matches("^<[A-Z_]+>$", v));
        }
    }

    private static string? Env(V1Container container, string name) => container.Env.SingleOrDefault(e => e.Name == name)?.Value;
}
