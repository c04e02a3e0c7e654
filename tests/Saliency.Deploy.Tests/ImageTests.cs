using k8s.Models;

namespace Saliency.Deploy.Tests;

/// <summary>Images, ports and build switches agree between docker/*.Dockerfile, the manifests and the silo's appsettings.</summary>
public sealed class ImageTests
{
    private static readonly Dockerfile Silo = Dockerfile.Load(RepoPaths.Combine("docker", "silo.Dockerfile"));
    private static readonly Dockerfile Cli = Dockerfile.Load(RepoPaths.Combine("docker", "cli.Dockerfile"));

    [Theory]
    [MemberData(nameof(SiloManifestTests.SiloEntrypoints), MemberType = typeof(SiloManifestTests))]
    public void Silo_container_ports_are_the_ports_the_silo_image_exposes(string entrypoint)
    {
        Assert.All(Manifests.Silos(Kustomize.Render(entrypoint)), silo =>
        {
            var container = Manifests.SiloContainer(silo);
            Assert.Equal(Silo.ExposedPorts.Order(), container.Ports.Select(p => p.ContainerPort).Order());
            Assert.Equal("docker/silo.Dockerfile", DocumentedBuilds()[ImageName(container.Image)].Dockerfile);
        });
    }

    [Theory]
    [MemberData(nameof(SiloManifestTests.SiloEntrypoints), MemberType = typeof(SiloManifestTests))]
    public void Orleans_ports_in_the_silo_settings_match_the_container_ports_and_the_appsettings(string entrypoint)
    {
        var objects = Kustomize.Render(entrypoint);
        var config = Manifests.ConfigMap(objects, Manifests.SiloConfigMapName).Data;
        var expected = new Dictionary<string, int>
        {
            ["orleans-silo"] = int.Parse(config["Saliency__Silo__SiloPort"], System.Globalization.CultureInfo.InvariantCulture),
            ["orleans-gateway"] = int.Parse(config["Saliency__Silo__GatewayPort"], System.Globalization.CultureInfo.InvariantCulture),
        };
        Assert.All(Manifests.Silos(objects), silo =>
        {
            var ports = Manifests.SiloContainer(silo).Ports.ToDictionary(p => p.Name, p => p.ContainerPort);
            Assert.All(expected, kv => Assert.Equal(kv.Value, ports[kv.Key]));
        });

        // The silo's appsettings.json defaults (when the silo is in the tree) are the same ports.
        var appsettings = RepoPaths.Combine("silo", "Saliency.Silo", "appsettings.json");
        if (File.Exists(appsettings))
        {
            using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(appsettings));
            var silo = json.RootElement.GetProperty("Saliency").GetProperty("Silo");
            Assert.Equal(expected["orleans-silo"], silo.GetProperty("SiloPort").GetInt32());
            Assert.Equal(expected["orleans-gateway"], silo.GetProperty("GatewayPort").GetInt32());
        }
    }

    [Fact]
    public void Every_image_of_the_manifests_is_built_by_a_documented_command_and_pods_without_a_gpu_get_the_cpu_build()
    {
        var builds = DocumentedBuilds();
        var problems = new List<string>();
        var own = 0;
        foreach (var entrypoint in Kustomize.Entrypoints)
        {
            foreach (var w in Workload.All(Kustomize.Render(entrypoint).OfType<k8s.IKubernetesObject>()))
            {
                foreach (var c in w.Pod.Containers.Where(c => ImageName(c.Image).StartsWith("saliency-", StringComparison.Ordinal)))
                {
                    own++;
                    if (!builds.TryGetValue(ImageName(c.Image), out var build))
                    {
                        problems.Add($"{entrypoint}: {w} uses {c.Image}, which no `docker build` in docs/deploy.md makes");
                        continue;
                    }

                    var file = RepoPaths.Combine(build.Dockerfile.Split('/'));
                    Assert.True(File.Exists(file), build.Dockerfile);
                    var backend = build.Args.GetValueOrDefault("TORCH_BACKEND") ?? Dockerfile.Load(file).ArgDefaults.GetValueOrDefault("TORCH_BACKEND", "cpu");
                    var gpus = c.Resources?.Limits?.ContainsKey("nvidia.com/gpu") == true;
                    if (gpus != (backend == "cuda"))
                    {
                        problems.Add($"{entrypoint}: {w} ({(gpus ? "with" : "without")} a GPU) runs {c.Image}, built with TORCH_BACKEND={backend}");
                    }
                }
            }
        }

        Assert.True(own >= 5, $"only {own} containers of our images found");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Silo_image_builds_the_cuda_backend_by_default()
    {
        Assert.Equal("cuda", Silo.ArgDefaults["TORCH_BACKEND"]);
        var publish = Assert.Single(Silo.RunCommands, r => r.Contains("dotnet publish", StringComparison.Ordinal));
        Assert.Contains("-p:TorchBackend=${TORCH_BACKEND}", publish, StringComparison.Ordinal);
        var restore = Assert.Single(Silo.RunCommands, r => r.Contains("dotnet restore", StringComparison.Ordinal));
        Assert.Contains("-p:TorchBackend=${TORCH_BACKEND}", restore, StringComparison.Ordinal);
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:10.0", Silo.BaseImages[0], StringComparison.Ordinal);

        // The switch must really select the CUDA natives: the Torch project conditions its libtorch package on it.
        var torch = File.ReadAllText(RepoPaths.Combine("shared", "Saliency.Torch", "Saliency.Torch.csproj"));
        Assert.Contains("Include=\"libtorch-cuda-12.8-linux-x64\" Condition=\"'$(TorchBackend)' == 'cuda'\"", torch, StringComparison.Ordinal);
    }

    [Fact]
    public void The_cuda_silo_image_carries_cuda_once_and_the_cpu_build_no_nvidia_settings()
    {
        // The CUDA libraries come with the libtorch CUDA package, so no stage of either build is an nvidia/cuda image.
        Assert.DoesNotContain(Silo.BaseImages, b => Silo.Resolve(b).StartsWith("nvidia/", StringComparison.Ordinal));
        var cuda = Silo.Chain();
        Assert.Equal("mcr.microsoft.com/dotnet/aspnet:10.0", cuda[^1].Base);
        Assert.Equal("compute,utility", cuda.Select(st => st.Env.GetValueOrDefault("NVIDIA_DRIVER_CAPABILITIES")).First(v => v is not null));
        Assert.Contains(cuda, st => st.Env.GetValueOrDefault("Saliency__Executor__Device") == "cuda");

        var cpu = Silo.Chain(new Dictionary<string, string> { ["TORCH_BACKEND"] = "cpu" });
        Assert.Equal("mcr.microsoft.com/dotnet/aspnet:10.0", cpu[^1].Base);
        Assert.DoesNotContain(cpu, st => st.Env.Keys.Any(k => k.StartsWith("NVIDIA_", StringComparison.Ordinal)));
        Assert.Contains(cpu, st => st.Env.GetValueOrDefault("Saliency__Executor__Device") == "cpu");
    }

    [Theory]
    [InlineData("silo.Dockerfile")]
    [InlineData("cli.Dockerfile")]
    public void Restore_and_publish_keep_nuget_packages_in_a_build_cache(string file)
    {
        var dockerfile = Dockerfile.Load(RepoPaths.Combine("docker", file));
        Assert.StartsWith("# syntax=docker/dockerfile:1", File.ReadAllText(dockerfile.Path), StringComparison.Ordinal);
        foreach (var step in new[] { "dotnet restore", "dotnet publish" })
        {
            var run = Assert.Single(dockerfile.RunCommands, r => r.Contains(step, StringComparison.Ordinal));
            Assert.Contains("--mount=type=cache,target=/root/.nuget/packages", run, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Cli_image_is_multi_stage_on_the_dotnet_images()
    {
        Assert.Equal(["mcr.microsoft.com/dotnet/sdk:10.0", "mcr.microsoft.com/dotnet/runtime:10.0"], Cli.BaseImages);
        Assert.Equal(["client/Saliency.Cli/Saliency.Cli.csproj"], Cli.Projects());
        Assert.True(File.Exists(RepoPaths.Combine("client", "Saliency.Cli", "Saliency.Cli.csproj")));
    }

    [Fact]
    public void Silo_image_builds_the_silo_project_when_it_exists()
    {
        Assert.Equal(["silo/Saliency.Silo/Saliency.Silo.csproj"], Silo.Projects());
        if (Directory.Exists(RepoPaths.Combine("silo")))
        {
            Assert.True(File.Exists(RepoPaths.Combine("silo", "Saliency.Silo", "Saliency.Silo.csproj")));
        }
    }

    [Fact]
    public void Dockerignore_keeps_build_outputs_and_the_git_folder_out_of_the_context()
    {
        var lines = File.ReadAllLines(RepoPaths.Combine(".dockerignore")).Select(l => l.Trim()).ToHashSet();
        Assert.Contains(".git", lines);
        Assert.Contains("**/bin", lines);
        Assert.Contains("**/obj", lines);
        // Everything the images build from must stay in the context.
        Assert.DoesNotContain("shared", lines);
        Assert.DoesNotContain("build", lines);
    }

    /// <summary>
    /// The images docs/deploy.md builds: <c>docker build -f docker/X.Dockerfile [--build-arg K=V]... -t [REG/]NAME:TAG .</c>,
    /// by image name (without registry and tag).
    /// </summary>
    internal static IReadOnlyDictionary<string, (string Dockerfile, IReadOnlyDictionary<string, string> Args)> DocumentedBuilds()
    {
        var docs = File.ReadAllText(RepoPaths.Combine("docs", "deploy.md"));
        var builds = new Dictionary<string, (string Dockerfile, IReadOnlyDictionary<string, string> Args)>();
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(docs,
            @"docker build -f (?<file>docker/\S+\.Dockerfile)(?<args>(?:\s+--build-arg\s+\S+)*)\s+-t\s+(?<tag>\S+)\s+\."))
        {
            var args = System.Text.RegularExpressions.Regex.Matches(m.Groups["args"].Value, @"--build-arg\s+(\w+)=(\S+)")
                .ToDictionary(a => a.Groups[1].Value, a => a.Groups[2].Value);
            var name = ImageName(m.Groups["tag"].Value);
            if (builds.TryGetValue(name, out var earlier))
            {
                Assert.True(earlier.Dockerfile == m.Groups["file"].Value && earlier.Args.OrderBy(kv => kv.Key).SequenceEqual(args.OrderBy(kv => kv.Key)),
                    $"docs/deploy.md builds {name} in two different ways");
            }

            builds[name] = (m.Groups["file"].Value, args);
        }

        return builds;
    }

    /// <summary>Image name without registry and tag: <c>myregistry.azurecr.io/saliency-silo:0.1.0</c> -> <c>saliency-silo</c>.</summary>
    internal static string ImageName(string image)
    {
        var withoutTag = image.Contains(':', StringComparison.Ordinal) && image.LastIndexOf(':') > image.LastIndexOf('/')
            ? image[..image.LastIndexOf(':')]
            : image;
        return withoutTag[(withoutTag.LastIndexOf('/') + 1)..];
    }
}
