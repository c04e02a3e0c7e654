using System.Globalization;

namespace Saliency.Core.Methods;

/// <summary>
/// A method variant bound to its declaration: every given parameter is known and valid, values are canonical, and
/// absent parameters read as their defaults. Methods read their settings from here by parameter (never by a string
/// name), so a method cannot read a parameter its declaration does not state.
/// </summary>
public sealed class ParameterValues
{
    private readonly IReadOnlyDictionary<string, string> _given;

    internal ParameterValues(MethodDeclaration method, IReadOnlyDictionary<string, string> canonicalGiven)
    {
        Method = method;
        _given = canonicalGiven;
        Variant = new MethodVariant(method.Name, canonicalGiven);
    }

    public MethodDeclaration Method { get; }

    /// <summary>The variant with the catalogue's spelling of the method and the given parameters in canonical form.</summary>
    public MethodVariant Variant { get; }

    public int Int(MethodParameter parameter) => int.Parse(Text(parameter, ParameterKind.Integer), CultureInfo.InvariantCulture);

    public double Real(MethodParameter parameter) => double.Parse(Text(parameter, ParameterKind.Real), CultureInfo.InvariantCulture);

    public bool Bool(MethodParameter parameter) => Text(parameter, ParameterKind.Boolean) == "true";

    /// <summary>The chosen word, in the declaration's spelling.</summary>
    public string Choice(MethodParameter parameter) => Text(parameter, ParameterKind.Choice);

    private string Text(MethodParameter parameter, ParameterKind kind)
    {
        if (!Method.Parameters.Contains(parameter))
        {
            throw new InvalidOperationException($"{Method.Name} reads parameter '{parameter.Name}', which its declaration does not state");
        }

        if (parameter.Kind != kind)
        {
            throw new InvalidOperationException($"{Method.Name}.{parameter.Name} is {parameter.Kind}, read as {kind}");
        }

        return _given.TryGetValue(parameter.Name, out var value) ? value : parameter.Default;
    }
}
