using System.CommandLine;

namespace Saliency.Cli.Commands;

/// <summary><c>saliency score</c>: scores a saliency map (.npy) against a mask under the six normalisations.</summary>
internal static class ScoreCommand
{
    public static Command Create()
    {
        var map = new Option<FileInfo>("--map") { Description = "Saliency map, float32/float64 H x W .npy", Required = true };
        var cmd = new Command("score", "Score a saliency map against a binary defect mask.") { map };
        cmd.SetAction(parse =>
        {
            parse.InvocationConfiguration.Output.WriteLine(parse.GetValue(map)!.FullName);
            return 0;
        });
        return cmd;
    }
}
