using System.Diagnostics;
using k8s;

namespace Saliency.Deploy.Tests;

/// <summary>
/// Renders a kustomization with <c>kubectl kustomize</c> (kubectl ships in the project's machine image) and loads
/// the result with KubernetesClient in strict mode (unknown fields are errors).
/// </summary>
internal static class Kustomize
{
    /// <summary>Every kustomization under k8s/ (each folder with a kustomization.yaml), relative to k8s/.</summary>
    public static IReadOnlyList<string> Entrypoints { get; } =
        [.. Directory.EnumerateFiles(RepoPaths.K8s, "kustomization.yaml", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(RepoPaths.K8s, Path.GetDirectoryName(f)!).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)];

    private static readonly Dictionary<string, IReadOnlyList<object>> Cache = [];

    public static IReadOnlyList<object> Render(string relativeDir)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(relativeDir, out var objects))
            {
                objects = KubernetesYaml.LoadAllFromString(RenderText(relativeDir), typeMap: null, strict: true);
                Cache[relativeDir] = objects;
            }

            return objects;
        }
    }

    public static string RenderText(string relativeDir)
    {
        var start = new ProcessStartInfo("kubectl", ["kustomize", Path.Combine(RepoPaths.K8s, relativeDir)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("kubectl (with kustomize) is needed to render the kustomizations: install kubectl (it is on the project's machine image)", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"kubectl kustomize {relativeDir} failed: {stderr}");
            return stdout.Result;
        }
    }
}
