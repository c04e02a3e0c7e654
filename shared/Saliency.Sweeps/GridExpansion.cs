namespace Saliency.Sweeps;

/// <summary>Cartesian product of parameter axes, first axis slowest, values in the order written.</summary>
public static class GridExpansion
{
    public static IEnumerable<IReadOnlyList<KeyValuePair<string, string>>> Product(IReadOnlyList<(string Name, List<string> Values)> axes)
    {
        IEnumerable<IReadOnlyList<KeyValuePair<string, string>>> result = [[]];
        foreach (var (name, values) in axes)
        {
            var current = result;
            result = current.SelectMany(prefix => values.Select(v => (IReadOnlyList<KeyValuePair<string, string>>)[.. prefix, KeyValuePair.Create(name, v)])).ToList();
        }

        return result;
    }
}
