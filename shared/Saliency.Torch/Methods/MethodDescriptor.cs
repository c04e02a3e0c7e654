namespace Saliency.Torch.Methods;

/// <summary>A registered saliency method: its canonical name, parameters and factory.</summary>
public sealed record MethodDescriptor(
    string Name,
    string Description,
    IReadOnlyList<ParameterSpec> Parameters,
    Func<VariantParameters, SaliencyMethod> Factory);
