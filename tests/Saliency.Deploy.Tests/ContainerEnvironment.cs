using System.Text;
using k8s.Models;

namespace Saliency.Deploy.Tests;

/// <summary>
/// The environment a container of a rendered pod template gets, computed as the kubelet does: <c>envFrom</c> sources
/// in order (a later one wins; <c>prefix</c> applied), then <c>env</c> in order, each value with <c>$(VAR)</c>
/// expanded from the variables defined before it (<c>$$</c> escapes; an undefined reference stays as written).
/// References resolve against the installation's objects in the pod's namespace: a missing ConfigMap, Secret or
/// key that is not <c>optional</c> is an error naming the container and the variable. Downward-API fields come from
/// the pod template (labels, annotations, namespace) or from <paramref name="runtimeField"/> for what only exists at
/// run time (<c>metadata.name</c>, <c>status.podIP</c>, ...).
/// </summary>
internal static class ContainerEnvironment
{
    public static IReadOnlyDictionary<string, string> Resolve(
        Installation installation,
        Workload workload,
        V1Container container,
        Func<string, string> runtimeField,
        Func<string, string, string, string>? secretValue = null)
    {
        var where = $"{installation.Name}: {workload}/{container.Name}";
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        var ns = workload.Namespace;
        secretValue ??= (_, _, value) => value;

        foreach (var source in container.EnvFrom ?? [])
        {
            var prefix = source.Prefix ?? "";
            if (source.ConfigMapRef is { } cmRef)
            {
                var map = References.ConfigMap(installation, ns, cmRef.Name);
                if (map is null)
                {
                    Assert.True(cmRef.Optional == true, $"{where}: envFrom names ConfigMap {cmRef.Name}, which is not rendered in {ns}");
                    continue;
                }

                foreach (var (k, v) in map.Data ?? new Dictionary<string, string>())
                {
                    env[prefix + k] = v;
                }
            }

            if (source.SecretRef is { } sRef)
            {
                var secret = References.Secret(installation, ns, sRef.Name);
                if (secret is null)
                {
                    Assert.True(sRef.Optional == true, $"{where}: envFrom names Secret {sRef.Name}, which is not rendered in {ns}");
                    continue;
                }

                foreach (var (k, v) in References.SecretData(secret))
                {
                    env[prefix + k] = secretValue(secret.Metadata.Name, k, v);
                }
            }
        }

        foreach (var variable in container.Env ?? [])
        {
            string? value;
            if (variable.ValueFrom is null)
            {
                value = Expand(variable.Value ?? "", env);
            }
            else if (variable.ValueFrom.FieldRef is { } field)
            {
                value = FieldValue(workload, field.FieldPath, runtimeField);
            }
            else if (variable.ValueFrom.SecretKeyRef is { } sk)
            {
                var secret = References.Secret(installation, ns, sk.Name);
                var data = secret is null ? null : References.SecretData(secret);
                if (data is null || !data.TryGetValue(sk.Key, out var raw))
                {
                    Assert.True(sk.Optional == true,
                        $"{where}: {variable.Name} reads Secret {sk.Name} key {sk.Key}, which is not rendered in {ns}" +
                        $" (Secrets there: {string.Join(", ", installation.OfType<V1Secret>().Where(s => s.Metadata.NamespaceProperty == ns).Select(s => s.Metadata.Name))})");
                    continue;
                }

                value = secretValue(sk.Name, sk.Key, raw);
            }
            else if (variable.ValueFrom.ConfigMapKeyRef is { } ck)
            {
                var map = References.ConfigMap(installation, ns, ck.Name);
                if (map?.Data is null || !map.Data.TryGetValue(ck.Key, out var raw))
                {
                    Assert.True(ck.Optional == true, $"{where}: {variable.Name} reads ConfigMap {ck.Name} key {ck.Key}, which is not rendered in {ns}");
                    continue;
                }

                value = raw;
            }
            else if (variable.ValueFrom.ResourceFieldRef is { } resource)
            {
                value = runtimeField("resource:" + resource.Resource);
            }
            else
            {
                throw new InvalidOperationException($"{where}: {variable.Name} has a valueFrom this reader does not know");
            }

            env[variable.Name] = value;
        }

        return env;
    }

    /// <summary>Kubernetes' <c>$(VAR)</c> expansion against the variables defined so far.</summary>
    public static string Expand(string value, IReadOnlyDictionary<string, string> defined)
    {
        var result = new StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '$' && i + 1 < value.Length && value[i + 1] == '$')
            {
                result.Append('$');
                i++;
            }
            else if (value[i] == '$' && i + 1 < value.Length && value[i + 1] == '(' && value.IndexOf(')', i + 2) is var close and > 0)
            {
                var name = value[(i + 2)..close];
                if (defined.TryGetValue(name, out var v))
                {
                    result.Append(v);
                }
                else
                {
                    result.Append(value, i, close - i + 1);
                }

                i = close;
            }
            else
            {
                result.Append(value[i]);
            }
        }

        return result.ToString();
    }

    private static string FieldValue(Workload workload, string path, Func<string, string> runtimeField)
    {
        if (path == "metadata.namespace")
        {
            return workload.Namespace;
        }

        if (path.StartsWith("metadata.labels['", StringComparison.Ordinal) && path.EndsWith("']", StringComparison.Ordinal))
        {
            var key = path["metadata.labels['".Length..^2];
            return workload.Labels.TryGetValue(key, out var v)
                ? v
                : throw new InvalidOperationException($"{workload}: the downward API reads label {key}, which its pods do not carry");
        }

        if (path.StartsWith("metadata.annotations['", StringComparison.Ordinal) && path.EndsWith("']", StringComparison.Ordinal))
        {
            var key = path["metadata.annotations['".Length..^2];
            return workload.Template.Metadata?.Annotations?.TryGetValue(key, out var v) == true
                ? v
                : throw new InvalidOperationException($"{workload}: the downward API reads annotation {key}, which its pods do not carry");
        }

        return runtimeField(path);
    }
}
