using Saliency.Core;

namespace Saliency.Cli;

/// <summary>How the CLI tells bad input (a clear one-line error, exit code 2) from a bug (a stack trace).</summary>
internal static class CliErrors
{
    public const int UserErrorExitCode = 2;

    public static bool IsUserError(Exception e) =>
        e is InputException or FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException;
}
