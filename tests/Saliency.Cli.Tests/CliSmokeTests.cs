namespace Saliency.Cli.Tests;

public class CliSmokeTests
{
    [Fact]
    public void Unknown_command_fails_with_nonzero_exit()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = Program.Run(["no-such-command"], output, error);
        Assert.NotEqual(0, code);
    }
}
