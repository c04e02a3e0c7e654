using System.CommandLine;
using Saliency.Core.Methods;

namespace Saliency.Cli.Commands.Methods;

/// <summary><c>saliency methods</c>: the method catalogue (every method, its parameters, what they accept, defaults).</summary>
internal static class MethodsCommand
{
    public static Command Create()
    {
        var cmd = new Command("methods", "List the saliency methods and their parameters (the catalogue sweeps, explain and bench accept).");
        cmd.SetAction(parse =>
        {
            parse.InvocationConfiguration.Output.Write(CatalogueTable.Markdown());
            return 0;
        });
        return cmd;
    }
}
