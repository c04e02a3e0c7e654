namespace Saliency.Grains.Gpu;

/// <summary>The lower-case names of <see cref="SiloRole"/> used in configuration and as the <c>silo_role</c> metrics label.</summary>
public static class SiloRoleLabels
{
    /// <summary><c>gpu</c> or <c>cpu</c>.</summary>
    public static string Label(this SiloRole role) => role == SiloRole.Gpu ? "gpu" : "cpu";
}
