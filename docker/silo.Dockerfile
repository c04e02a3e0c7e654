# syntax=docker/dockerfile:1
# Silo image: the Orleans silo host with the CUDA TorchSharp backend (one GPU per pod; see k8s/base/silo-gpu.yaml).
# Build from the repository root:
#   docker build -f docker/silo.Dockerfile -t saliency-silo:0.1.0 .
#   docker build -f docker/silo.Dockerfile --build-arg TORCH_BACKEND=cpu -t saliency-silo:dev .   (no GPU)
# The TorchBackend build switch (Directory.Build.props) picks libtorch-cuda-12.8-linux-x64 instead of the CPU one.
ARG TORCH_BACKEND=cuda
ARG CUDA_BASE=nvidia/cuda:12.8.1-runtime-ubuntu24.04

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG TORCH_BACKEND
WORKDIR /src
COPY . .
RUN dotnet restore silo/Saliency.Silo/Saliency.Silo.csproj -r linux-x64 -p:TorchBackend=${TORCH_BACKEND}
RUN dotnet publish silo/Saliency.Silo/Saliency.Silo.csproj -c Release -r linux-x64 --self-contained false \
      --no-restore -p:TorchBackend=${TORCH_BACKEND} -o /app

# The ASP.NET Core runtime (health and /metrics endpoints) from the official image, onto the CUDA runtime base.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS dotnet

FROM ${CUDA_BASE} AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates libssl3t64 zlib1g libgomp1 \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --gid 1654 app && useradd --uid 1654 --gid 1654 --no-create-home --shell /usr/sbin/nologin app \
 && mkdir -p /var/cache/saliency && chown app:app /var/cache/saliency
COPY --from=dotnet /usr/share/dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
ENV DOTNET_RUNNING_IN_CONTAINER=true \
    DOTNET_gcServer=1 \
    NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility \
    Saliency__Executor__Device=cuda
WORKDIR /app
COPY --from=build /app .
USER 1654
# Orleans silo-to-silo, Orleans client gateway, HTTP (/healthz, /readyz, /metrics).
EXPOSE 11111 30000 8080
ENTRYPOINT ["dotnet", "Saliency.Silo.dll"]
