# syntax=docker/dockerfile:1
# Client image: the `saliency` command (submit, watch and fetch sweeps; push and pull data). CPU only.
#   docker build -f docker/cli.Dockerfile -t saliency-cli:0.1.0 .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
# NuGet packages in a BuildKit cache mount: a source edit does not download them again.
RUN --mount=type=cache,target=/root/.nuget/packages,sharing=locked \
    dotnet restore client/Saliency.Cli/Saliency.Cli.csproj -r linux-x64 -p:TorchBackend=cpu
RUN --mount=type=cache,target=/root/.nuget/packages,sharing=locked \
    dotnet publish client/Saliency.Cli/Saliency.Cli.csproj -c Release -r linux-x64 --self-contained false \
      --no-restore -p:TorchBackend=cpu -o /app \
 && mkdir -p /app/sweeps && if [ -d sweeps ]; then cp -r sweeps/. /app/sweeps/; fi

FROM mcr.microsoft.com/dotnet/runtime:10.0 AS runtime
WORKDIR /app
COPY --from=build /app .
# The runtime image's non-root user (uid 1654).
USER app
ENTRYPOINT ["dotnet", "saliency.dll"]
