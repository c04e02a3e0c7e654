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
            Assert.Equal("saliency-silo", ImageName(container.Image));
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
    public void Images_in_manifests_each_have_a_dockerfile()
    {
        var ownImages = Kustomize.Entrypoints.SelectMany(Kustomize.Render)
            .OfType<V1Deployment>()
            .SelectMany(d => d.Spec.Template.Spec.Containers)
            .Select(c => ImageName(c.Image))
            .Where(n => n.StartsWith("saliency-", StringComparison.Ordinal))
            .Concat(JobImages())
            .ToHashSet();
        Assert.Contains("saliency-silo", ownImages);
        Assert.Contains("saliency-cli", ownImages);
        Assert.All(ownImages, image =>
            Assert.True(File.Exists(RepoPaths.Combine("docker", image["saliency-".Length..] + ".Dockerfile")),
                $"no docker/{image["saliency-".Length..]}.Dockerfile for image {image}"));
    }

    [Fact]
    public void Silo_image_builds_the_cuda_backend_on_an_nvidia_cuda_base()
    {
        Assert.Equal("cuda", Silo.ArgDefaults["TORCH_BACKEND"]);
        var publish = Assert.Single(Silo.RunCommands, r => r.Contains("dotnet publish", StringComparison.Ordinal));
        Assert.Contains("-p:TorchBackend=${TORCH_BACKEND}", publish, StringComparison.Ordinal);
        var restore = Assert.Single(Silo.RunCommands, r => r.Contains("dotnet restore", StringComparison.Ordinal));
        Assert.Contains("-p:TorchBackend=${TORCH_BACKEND}", restore, StringComparison.Ordinal);
        Assert.StartsWith("nvidia/cuda:", Silo.Resolve(Silo.BaseImages[^1]), StringComparison.Ordinal);
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:10.0", Silo.BaseImages[0], StringComparison.Ordinal);

        // The switch must really select the CUDA natives: the Torch project conditions its libtorch package on it.
        var torch = File.ReadAllText(RepoPaths.Combine("shared", "Saliency.Torch", "Saliency.Torch.csproj"));
        Assert.Contains("Include=\"libtorch-cuda-12.8-linux-x64\" Condition=\"'$(TorchBackend)' == 'cuda'\"", torch, StringComparison.Ordinal);
        // The CUDA base must carry the CUDA major.minor the libtorch package was built for.
        Assert.Contains("12.8", Silo.Resolve(Silo.BaseImages[^1]), StringComparison.Ordinal);
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

    private static IEnumerable<string> JobImages() =>
        Directory.EnumerateFiles(RepoPaths.Combine("k8s", "jobs"), "*.yaml")
            .SelectMany(f => k8s.KubernetesYaml.LoadAllFromString(File.ReadAllText(f), typeMap: null, strict: true))
            .OfType<V1Job>()
            .SelectMany(j => j.Spec.Template.Spec.Containers)
            .Select(c => ImageName(c.Image));

    /// <summary>Image name without registry and tag: <c>myregistry.azurecr.io/saliency-silo:0.1.0</c> -> <c>saliency-silo</c>.</summary>
    internal static string ImageName(string image)
    {
        var withoutTag = image.Contains(':', StringComparison.Ordinal) && image.LastIndexOf(':') > image.LastIndexOf('/')
            ? image[..image.LastIndexOf(':')]
            : image;
        return withoutTag[(withoutTag.LastIndexOf('/') + 1)..];
    }
}
