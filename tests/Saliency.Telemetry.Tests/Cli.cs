namespace Saliency.Telemetry.Tests;

/// <summary>The <c>saliency</c> CLI run in-process: exit code, stdout and stderr.</summary>
internal static class Cli
{
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = Saliency.Cli.Program.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
