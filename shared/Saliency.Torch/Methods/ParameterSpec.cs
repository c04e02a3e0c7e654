namespace Saliency.Torch.Methods;

/// <summary>One parameter a method accepts: its name, default (invariant text) and what values it takes.</summary>
public sealed record ParameterSpec(string Name, string Default, string Description);
