using System.CommandLine;
using Saliency.Core;
using Saliency.Torch.Model;
using TorchSharp;

namespace Saliency.Cli.Commands;

/// <summary>
/// The shared <c>--device</c> (cpu, cuda, cuda:N) and <c>--threads</c> (libtorch CPU threads, 0 = its default)
/// options of every command that runs the network: declared once here, added to a command with
/// <see cref="AddTo"/>, read and checked with <see cref="Read"/> (one validation, one error text).
/// </summary>
internal sealed class DeviceOptions
{
    private DeviceOptions()
    {
    }

    public Option<string> Device { get; } = new("--device") { Description = "cpu, cuda or cuda:N", DefaultValueFactory = _ => DeviceChoice.Default.Name };

    public Option<int> Threads { get; } = new("--threads") { Description = "CPU threads for libtorch (0 = its default)", DefaultValueFactory = _ => 0 };

    /// <summary>Adds <c>--device</c> and <c>--threads</c> to <paramref name="command"/>.</summary>
    public static DeviceOptions AddTo(Command command)
    {
        var options = new DeviceOptions();
        command.Options.Add(options.Device);
        command.Options.Add(options.Threads);
        return options;
    }

    /// <summary>The checked choice of <paramref name="parse"/>.</summary>
    /// <exception cref="InputException">Negative <c>--threads</c>, an unknown device, or CUDA where there is none.</exception>
    public DeviceChoice Read(ParseResult parse) => DeviceChoice.Create(parse.GetValue(Device)!, parse.GetValue(Threads));
}

/// <summary>
/// A checked <c>--device</c> / <c>--threads</c> pair. <see cref="Apply"/> sets the threads and gives the torch
/// device; <see cref="Name"/> and <see cref="Threads"/> go as they are to an executor that applies them itself.
/// </summary>
internal sealed record DeviceChoice
{
    private DeviceChoice(string name, int threads)
    {
        Name = name;
        Threads = threads;
    }

    /// <summary>cpu, libtorch's default threads.</summary>
    public static DeviceChoice Default { get; } = new("cpu", 0);

    public string Name { get; }

    public int Threads { get; }

    /// <exception cref="InputException">Negative <paramref name="threads"/>, an unknown device, or CUDA where there is none.</exception>
    public static DeviceChoice Create(string name, int threads)
    {
        if (threads < 0)
        {
            throw new InputException($"must be >= 0 (0 = libtorch's default), got {threads}", field: "--threads");
        }

        TorchDevices.Parse(name); // the one check of the name (and of CUDA being there)
        return new DeviceChoice(name, threads);
    }

    /// <summary>Sets libtorch's CPU threads (when not 0) and returns the torch device.</summary>
    public torch.Device Apply()
    {
        TorchDevices.SetThreads(Threads);
        return TorchDevices.Parse(Name);
    }
}
