namespace Saliency.Cli.Tests;

/// <summary>Runs the <c>saliency</c> command in-process (<see cref="Program.Run"/>) and captures what it writes.</summary>
internal static class CliRunner
{
    public static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = Program.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
