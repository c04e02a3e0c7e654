using System.CommandLine;
using Saliency.Cli.Commands.Bench;
using Saliency.Cli.Commands.Data;
using Saliency.Cli.Commands.Doctor;
using Saliency.Cli.Commands.Explain;
using Saliency.Cli.Commands.Methods;
using Saliency.Cli.Commands.Model;
using Saliency.Cli.Commands.Report;
using Saliency.Cli.Commands.Run;
using Saliency.Cli.Commands.Sweep;
using Saliency.Torch.Model;

namespace Saliency.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        NativeHeap.RestartWithTunables(); // first: the process may be replaced (execve); returns when it is not
        NativeHeap.TuneForLargeTensors();
        return Run(args, Console.Out, Console.Error);
    }

    /// <summary>Runs the CLI in-process (used by the tests too).</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = BuildRoot();
        var config = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        try
        {
            return root.Parse(args).Invoke(config);
        }
        catch (Exception e) when (CliErrors.IsUserError(e))
        {
            stderr.WriteLine($"error: {e.Message}");
            return CliErrors.UserErrorExitCode;
        }
    }

    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("saliency: benchmark saliency-map methods for industrial defect detection");
        root.Subcommands.Add(DataCommands.Create());
        root.Subcommands.Add(ScoreCommand.Create());
        root.Subcommands.Add(SweepCommands.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(SelectCommand.Create());
        root.Subcommands.Add(ExplainCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(BenchMethodsCommand.Create());
        root.Subcommands.Add(BenchClusterCommand.Create());
        root.Subcommands.Add(BenchPoolCommand.Create());
        root.Subcommands.Add(VerifyModelCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(DoctorCommand.Create());
        root.Subcommands.Add(MethodsCommand.Create());
        return root;
    }
}
